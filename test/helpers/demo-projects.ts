// Demo-league projects that several end-to-end files start from, built once per test run
// (test/helpers/project-cache.ts) through the CLI in this process. Copy them with copyProject.
import assert from 'node:assert/strict';
import { cliInProcess } from './cli-in-process.ts';
import { cachedProject, copyProject } from './project-cache.ts';

/**
 * Seasons 2016-2020 of the demo league: development seasons 2018-2019, test season 2020; the
 * walk-forward in the command's own thread (worker counts change no result).
 */
export const SMALL_DEV2 = ['evaluation.first_season=2016', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=2', 'evaluation.workers=1'];

async function ok(dir: string, args: string[]): Promise<void> {
  const r = await cliInProcess(['--project', dir, ...args]);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
}

/** `edgelab init` + `data demo --seasons 2016-2020 --live-season none`: the template's path. */
export function demoProject(): Promise<string> {
  return cachedProject('demo-2016-2020', async (dir) => {
    await ok(dir, ['init', '-q']);
    await ok(dir, ['data', 'demo', '--seasons', '2016-2020', '--live-season', 'none', '--quiet']);
  });
}

/**
 * demoProject with v2-001 (phase 1) and v2-002 (phase 2) trained on SMALL_DEV2 (test season 2020
 * and development seasons 2018-2019 pinned by the first train), no champion: the promotion e2e
 * and the integrity routes that go through the project's records start from it (two trainings,
 * built once for both).
 */
export function trainedDemoProject(): Promise<string> {
  return cachedProject('demo-2016-2020-v2-001-v2-002', async (dir) => {
    copyProject(await demoProject(), dir);
    for (const id of ['v2-001', 'v2-002']) await ok(dir, ['train', `experiment=${id}`, ...SMALL_DEV2, '--quiet']);
  });
}

/**
 * Live season 2020 revealed through week 0, a raw model (no market offset: it bets every week)
 * trained on development season 2019 and promoted: the weekly loop's starting point.
 */
export function liveChampionProject(): Promise<string> {
  return cachedProject('live-2020-champion-v2-001', async (dir) => {
    await ok(dir, ['init', '-q']);
    await ok(dir, ['data', 'demo', '--seasons', '2016-2020', '--live-season', '2020', '--reveal-week', '0', '--quiet']);
    await ok(dir, ['train', 'experiment=v2-001', 'evaluation.first_season=2016', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=1', 'features.market.offset=false', '--quiet']);
    await ok(dir, ['promote', 'v2-001']);
  });
}

export { copyProject };
