// A small trained project for the integrity tests, built once per test file and copied for each
// test: the demo league 2016-2020 (no live season), v2-001 (phase 1) and v2-002 (phase 2)
// trained with one development season (2019), so the pinned test season is 2020.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { createLayout, type Layout } from '../../src/artifacts/layout.ts';
import { packageConfDir } from '../../src/config/confdir.ts';
import { initProject } from '../../src/workflow/init.ts';
import { loadDemoLeague } from '../../src/workflow/data-demo.ts';
import { trainExperiment } from '../../src/workflow/train/train.ts';
import { silentProgress } from '../../src/util/progress.ts';
import { tempDir } from '../helpers/tmp.ts';

export const SMALL = ['evaluation.first_season=2016', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=1', 'evaluation.workers=1'];

export async function trainedProject(ids: string[] = ['v2-001', 'v2-002']): Promise<Layout> {
  const layout = createLayout(join(tempDir('edgelab-integrity-'), 'project'));
  initProject(layout, packageConfDir());
  await loadDemoLeague(layout, { seasons: [2016, 2020], seed: 7, liveSeason: null });
  for (const id of ids) await trainExperiment({ layout, overrides: [`experiment=${id}`, ...SMALL], progress: silentProgress });
  return layout;
}

/** An independent copy of a project (each test changes its own). */
export function copyProject(from: Layout): Layout {
  const to = join(tempDir('edgelab-integrity-copy-'), 'project');
  cpSync(from.project, to, { recursive: true, verbatimSymlinks: true });
  return createLayout(to);
}
