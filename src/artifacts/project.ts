// Where the project and its artifacts tree are: `--project DIR` / `--artifacts DIR` options, the
// EDGELAB_PROJECT / EDGELAB_ARTIFACTS environment, else the nearest directory at or above the
// current one that holds conf/config.yaml or artifacts/, else the current directory.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createLayout, type Layout } from './layout.ts';
import { UsageError } from '../util/errors.ts';

export interface LocateOptions {
  project?: string;
  artifacts?: string;
  cwd?: string;
}

export function findProjectDir(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'conf', 'config.yaml')) || existsSync(join(dir, 'artifacts', 'mlruns'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function locateProject(opts: LocateOptions = {}): Layout {
  const cwd = opts.cwd ?? process.cwd();
  const project = opts.project ?? process.env.EDGELAB_PROJECT ?? findProjectDir(cwd) ?? cwd;
  const artifacts = opts.artifacts ?? process.env.EDGELAB_ARTIFACTS;
  return createLayout(resolve(cwd, project), artifacts ? resolve(cwd, artifacts) : undefined);
}

/**
 * The layout of an existing project. A directory that is not one (no conf/config.yaml and no
 * artifacts tree) is refused before anything runs, so no command writes into a stray directory.
 */
export function requireProject(opts: LocateOptions = {}): Layout {
  const layout = locateProject(opts);
  if (!existsSync(join(layout.project, 'conf', 'config.yaml')) && !existsSync(layout.root)) {
    throw new UsageError(`not an edgelab project: ${layout.project} (no conf/config.yaml and no ${layout.root}); create one with edgelab init DIR, or point at one with --project DIR`);
  }
  return layout;
}
