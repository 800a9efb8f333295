// What a command needs from the global options: the layout of the project it works on.
import type { Command } from 'commander';
import { locateProject, requireProject } from '../artifacts/project.ts';
import type { Layout } from '../artifacts/layout.ts';
import { refuseTreeProblems } from '../artifacts/tree-guard.ts';
import type { GlobalOptions } from './main.ts';

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/**
 * The project a command works on; outside a project: "not an edgelab project", exit 2. A tree
 * with a symlink leading out of it or an unreadable directory is refused (doctor, which lists
 * them, is let through).
 */
export function layoutFor(cmd: Command): Layout {
  const g = globals(cmd);
  const layout = requireProject({ project: g.project, artifacts: g.artifacts });
  if (cmd.name() !== 'doctor') refuseTreeProblems(layout);
  return layout;
}

/** The project for read-only commands that help outside one (config show, the dashboard's getting-started page). */
export function layoutOrDefault(cmd: Command): Layout {
  const g = globals(cmd);
  return locateProject({ project: g.project, artifacts: g.artifacts });
}
