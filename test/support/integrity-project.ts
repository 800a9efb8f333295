// Small trained projects for the integrity tests, copied for each test. The records routes start
// from the demo league 2016-2020 (no live season) with v2-001 (phase 1) and v2-002 (phase 2)
// trained on development seasons 2018-2019, so the pinned test season is 2020: the project the
// promotion e2e starts from too, built once per test run (test/helpers/demo-projects.ts,
// trainedDemoProject). liveProject: the same league with 2020 live (see below).
import { join } from 'node:path';
import { createLayout, type Layout } from '../../src/artifacts/layout.ts';
import { loadDemoLeague } from '../../src/workflow/data-demo.ts';
import { trainExperiment } from '../../src/workflow/train/train.ts';
import { silentProgress } from '../../src/util/progress.ts';
import { tempDir } from '../helpers/tmp.ts';
import { copyProject as copyTemplate } from '../helpers/project-cache.ts';
import { liveChampionProject, SMALL_DEV2 } from '../helpers/demo-projects.ts';
import { withWarehouseSession } from '../../src/data/warehouse-session.ts';

/** The overrides the records routes' experiments are trained with (trainedDemoProject's). */
export const SMALL = SMALL_DEV2;

/**
 * An independent copy of a project (each test changes its own), its MLflow artifact locations
 * and absolute links made the copy's (test/helpers/project-cache.ts), so that nothing a test
 * records reaches the template.
 */
export function copyProject(from: Layout | string): Layout {
  const to = join(tempDir('edgelab-integrity-copy-'), 'project');
  copyTemplate(typeof from === 'string' ? from : from.project, to);
  return createLayout(to);
}

/** The live project's reveal: results up to this regular week are in (the demo clock stands after it). */
export const LIVE_REVEALED = 5;
/**
 * Raw models (no market offset): they bet every week, so the production routes have bets to look
 * at. One development season (v2-001's in the live-champion project), the walk-forward in this thread.
 */
export const LIVE_TRAIN = ['evaluation.first_season=2016', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=1', 'evaluation.workers=1', 'features.market.offset=false'];

/**
 * A small project with a live season: the demo league 2016-2020 with 2020 live and revealed
 * through week LIVE_REVEALED, v2-001 and v2-002 trained (pinned test season 2019, development
 * 2018), v2-001 the champion.
 *
 * Its start is the live-champion project that end-to-end files start from, built once per run
 * (test/helpers/demo-projects.ts: 2020 revealed through week 0, a raw v2-001 trained with
 * LIVE_TRAIN's seasons and offset and promoted); here the league is revealed on to week
 * LIVE_REVEALED and v2-002 trained. v2-001's training reads no 2020 game (its folds and its
 * bundle end before the test season 2019), so revealing 2020's first weeks before or after it
 * gives the same model; what these routes check is what production does with it.
 */
export async function liveProject(): Promise<Layout> {
  const layout = copyProject(await liveChampionProject());
  // Built in one warehouse session, as the demo builds its project: the training reads the
  // league the reveal left in memory instead of reading DuckDB again.
  await withWarehouseSession(async () => {
    await loadDemoLeague(layout, { reveal: { regularWeek: LIVE_REVEALED, postseasonWeek: 0 } });
    await trainExperiment({ layout, overrides: ['experiment=v2-002', ...LIVE_TRAIN], progress: silentProgress });
  });
  return layout;
}
