// What a command needs from the global options: the layout of the project it works on.
import type { Command } from 'commander';
import { requireProject } from '../artifacts/project.ts';
import type { Layout } from '../artifacts/layout.ts';
import type { GlobalOptions } from './main.ts';

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** The project a command works on; outside a project: "not an edgelab project", exit 2. */
export function layoutFor(cmd: Command): Layout {
  const g = globals(cmd);
  return requireProject({ project: g.project, artifacts: g.artifacts });
}
