// Demo-league projects that several end-to-end files start from, built once per test run
// (test/helpers/project-cache.ts) through the CLI in this process. Copy them with copyProject.
import assert from 'node:assert/strict';
import { cliInProcess } from './cli-in-process.ts';
import { cachedProject, copyProject } from './project-cache.ts';

/** Seasons 2016-2020 of the demo league: development seasons 2018-2019, test season 2020. */
export const SMALL_DEV2 = ['evaluation.first_season=2016', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=2'];

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
