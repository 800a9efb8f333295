// What a command needs from the global options: the layout of the project it works on.
import type { Command } from 'commander';
import { locateProject } from '../artifacts/project.ts';
import type { Layout } from '../artifacts/layout.ts';
import type { GlobalOptions } from './main.ts';

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export function layoutFor(cmd: Command): Layout {
  const g = globals(cmd);
  return locateProject({ project: g.project, artifacts: g.artifacts });
}
