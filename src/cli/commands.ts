// Every command of the CLI, one file each. Add a command by adding its register function here.
import type { Command } from 'commander';
import { registerConfig } from './config.ts';
import { registerData } from './data.ts';
import { registerDoctor } from './doctor.ts';
import { registerFeatures } from './features.ts';
import { registerInit } from './init.ts';
import { registerValidate } from './validate.ts';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerInit, registerDoctor, registerConfig, registerData, registerValidate, registerFeatures];
