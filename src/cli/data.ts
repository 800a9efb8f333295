// `edgelab data …`: the warehouse's command group. Each subcommand lives in its own file and
// registers itself on the group; add one by adding an import and an entry to DATA_SUBCOMMANDS.
import { Command } from 'commander';
import { registerDataDemo } from './data-demo.ts';
import { registerDataQuery, registerDataStatus } from './data-status.ts';
import { registerDataImport } from './data-import.ts';
import { registerDataPull } from './data-pull.ts';
import { registerDataExport } from './data-export.ts';

export type RegisterDataSubcommand = (data: Command) => void;

export const DATA_SUBCOMMANDS: RegisterDataSubcommand[] = [
  registerDataDemo,
  registerDataStatus,
  registerDataQuery,
  registerDataImport,
  registerDataPull,
  registerDataExport,
];

/** Add the `data` group to the program; returns it so further subcommands can be attached. */
export function registerData(program: Command): Command {
  const data = program.command('data').description('the data warehouse: load the demo league, inspect and query data');
  for (const register of DATA_SUBCOMMANDS) register(data);
  return data;
}
