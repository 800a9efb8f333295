// `edgelab config show [overrides...]`: print the composed configuration.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { resolveConfDir } from '../config/confdir.ts';
import { loadConfig } from '../config/load.ts';
import { layoutOrDefault } from './context.ts';
import { printJson, table } from './output.ts';

export const OVERRIDES_HELP = 'overrides: group=option (model=gbdt), key=value (model.alpha=5), +key=value (add), ~key (remove), experiment=v2-002';

export function registerConfig(program: Command): void {
  const config = program.command('config').description('the composed configuration (conf/ plus overrides)');
  config
    .command('show')
    .description('print the composed configuration as YAML')
    .argument('[overrides...]', OVERRIDES_HELP)
    .option('--json', 'print {config, choices, origins} as JSON')
    .option('--origins', 'print where each value came from instead of the YAML')
    .action((overrides: string[], opts: { json?: boolean; origins?: boolean }, cmd: Command) => {
      // Read-only: outside a project it shows the package's own conf/ (no "not a project" error).
      const confDir = resolveConfDir(layoutOrDefault(cmd).confDir);
      const composed = loadConfig({ confDir, overrides });
      if (opts.json) return printJson({ confDir, ...composed });
      if (opts.origins) {
        const rows = Object.keys(composed.origins)
          .sort()
          .map((k) => [k, composed.origins[k]!]);
        process.stdout.write(table(['key', 'from'], rows) + '\n');
        return;
      }
      const choices = Object.entries(composed.choices)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      process.stdout.write(`# composed from ${confDir}\n# choices: ${choices}\n` + stringify(composed.config));
    });
}
