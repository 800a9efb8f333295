// Every command of the CLI, one file each. Add a command by adding its register function here.
import type { Command } from 'commander';
import { registerArchive } from './archive.ts';
import { registerBets } from './bets.ts';
import { registerCleanup } from './cleanup.ts';
import { registerList } from './list.ts';
import { registerRegeneratePlots } from './regenerate-plots.ts';
import { registerRoi } from './roi.ts';
import { registerShow } from './show.ts';
import { registerWhere } from './where.ts';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerWhere, registerShow, registerList, registerBets, registerRoi, registerArchive, registerCleanup, registerRegeneratePlots];
