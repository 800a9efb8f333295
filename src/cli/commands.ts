// Every command of the CLI, one file each. Add a command by adding its register function here.
import type { Command } from 'commander';
import { registerMlflow } from './mlflow.ts';
import { registerRuns } from './runs.ts';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerRuns, registerMlflow];
