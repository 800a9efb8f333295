// Small trained projects for the integrity tests, built once per test file and copied for each
// test. trainedProject: the demo league 2016-2020 (no live season), v2-001 (phase 1) and v2-002
// (phase 2) trained with one development season (2019), so the pinned test season is 2020.
// liveProject: the same league with 2020 live (see below).
import { join } from 'node:path';
import { createLayout, type Layout } from '../../src/artifacts/layout.ts';
import { packageConfDir } from '../../src/config/confdir.ts';
import { initProject } from '../../src/workflow/init.ts';
import { loadDemoLeague } from '../../src/workflow/data-demo.ts';
import { trainExperiment } from '../../src/workflow/train/train.ts';
import { silentProgress } from '../../src/util/progress.ts';
import { tempDir } from '../helpers/tmp.ts';
import { copyProject as copyTemplate } from '../helpers/project-cache.ts';
import { promote } from '../../src/workflow/champion-change.ts';
import { withWarehouseSession } from '../../src/data/warehouse-session.ts';

export const SMALL = ['evaluation.first_season=2016', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=1', 'evaluation.workers=1'];

// The fixtures are built in one warehouse session, as the demo builds its project: the
// trainings read the league the load left in memory instead of reading DuckDB again.
export async function trainedProject(ids: string[] = ['v2-001', 'v2-002']): Promise<Layout> {
  const layout = createLayout(join(tempDir('edgelab-integrity-'), 'project'));
  initProject(layout, packageConfDir());
  await withWarehouseSession(async () => {
    await loadDemoLeague(layout, { seasons: [2016, 2020], seed: 7, liveSeason: null });
    for (const id of ids) await trainExperiment({ layout, overrides: [`experiment=${id}`, ...SMALL], progress: silentProgress });
  });
  return layout;
}

/**
 * An independent copy of a project (each test changes its own), its MLflow artifact locations
 * and absolute links made the copy's (test/helpers/project-cache.ts), so that nothing a test
 * records reaches the template.
 */
export function copyProject(from: Layout): Layout {
  const to = join(tempDir('edgelab-integrity-copy-'), 'project');
  copyTemplate(from.project, to);
  return createLayout(to);
}

/** The live project's reveal: results up to this regular week are in (the demo clock stands after it). */
export const LIVE_REVEALED = 5;
/** Raw models (no market offset): they bet every week, so the production routes have bets to look at. */
export const LIVE_TRAIN = [...SMALL, 'features.market.offset=false'];

/**
 * A small project with a live season: the demo league 2016-2020 with 2020 live and revealed
 * through week LIVE_REVEALED, v2-001 and v2-002 trained (pinned test season 2019, development
 * 2018), v2-001 the champion.
 */
export async function liveProject(): Promise<Layout> {
  const layout = createLayout(join(tempDir('edgelab-integrity-live-'), 'project'));
  initProject(layout, packageConfDir());
  await withWarehouseSession(async () => {
    await loadDemoLeague(layout, { seasons: [2016, 2020], seed: 7, liveSeason: 2020, reveal: { regularWeek: LIVE_REVEALED, postseasonWeek: 0 } });
    for (const id of ['v2-001', 'v2-002']) await trainExperiment({ layout, overrides: [`experiment=${id}`, ...LIVE_TRAIN], progress: silentProgress });
    await promote({ layout, id: 'v2-001', reason: 'benchmark' });
  });
  return layout;
}
