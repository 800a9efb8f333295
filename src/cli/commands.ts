// Every command of the CLI, one file each. Add a command by adding its register function here.
import type { Command } from 'commander';
import { registerData } from './data.ts';
import { registerValidate } from './validate.ts';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerData, registerValidate];
