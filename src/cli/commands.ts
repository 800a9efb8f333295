// Every command of the CLI, one file each. Add a command by adding its register function here.
import type { Command } from 'commander';
import { registerConfig } from './config.ts';
import { registerDoctor } from './doctor.ts';
import { registerInit } from './init.ts';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerInit, registerDoctor, registerConfig];
