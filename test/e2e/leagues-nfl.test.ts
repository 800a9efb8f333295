// End to end on files in nflverse's published formats (synthetic values): init --league nfl →
// import schedules and play-by-play → v2-001…v2-005 train with no config edits → a promotion
// test → promote → a live week. The league is recorded in every experiment. And v2-002 trained
// again with a fold worker gives the same results.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectCli } from '../helpers/project-cli.ts';
import { CORES_ENV } from '../../src/util/cores.ts';
import { writeSchedule, syntheticSchedule } from '../support/nflverse-schedule-fixture.ts';
import { playsForSchedule, writePbp } from '../support/pbp-fixture.ts';
import { cliFromImportedModules } from '../helpers/cli-in-process.ts';
import { startFoldWorkers } from '../../src/workflow/train/walkforward-run.ts';
import { withCallerMode } from '../../src/util/pool.ts';
import { experimentConfig } from '../../src/workflow/train/train.ts';
import { createLayout, experimentFile, type Layout } from '../../src/artifacts/layout.ts';

const root = mkdtempSync(join(tmpdir(), 'edgelab-nfl-e2e-'));
const dir = join(root, 'proj');
after(() => rmSync(root, { recursive: true, force: true }));
// The commands run on one core's share (EDGELAB_CORES=1, src/util/cores.ts: what a parent hands
// the children it runs side by side; no config edit): walk-forwards, GBDT fits and DuckDB in the
// command's thread and one plot helper, instead of fold workers and helper threads that each load
// and warm up the models' code again, on a machine whose cores the other test files keep busy.
// Thread counts change no result (the quick demo's compiled run with fold workers equals its
// single-thread source run, test/e2e/demo.test.ts; on this league, v2-002 trained again with a
// fold worker below); what this file checks is the league's path.
const { cli, ok } = projectCli(dir, { [CORES_ENV]: '1' });
// (main() from the modules this file imports, so that the fold worker started below is the CLI's:
// test/helpers/cli-in-process.ts)
cliFromImportedModules();

test('NFL from nflverse files: five experiments, a promotion test and a live week with no config edits', async () => {
  // 2019–2024 complete, 2025 live from week 10 on.
  const games = syntheticSchedule([2019, 2020, 2021, 2022, 2023, 2024, 2025], { unplayed: { season: 2025, fromWeek: 10 } }).filter((g) => !(g.season === 2025 && g.game_type !== 'REG'));
  const schedule = join(root, 'games.csv');
  writeSchedule(schedule, games);
  const pbp = [2019, 2020, 2021, 2022, 2023, 2024, 2025].map((s) => {
    const f = join(root, `play_by_play_${s}.csv.gz`);
    writePbp(f, playsForSchedule(games.filter((g) => g.season === s), 4));
    return f;
  });

  let r = await ok(['init', '--league', 'nfl']);
  assert.match(r.out, /next: .*edgelab data pull nflverse --seasons 2015-2025 --pbp/);
  await ok(['data', 'import', 'nflverse', schedule]);
  r = await ok(['data', 'import', 'nflverse-pbp', ...pbp]);
  assert.match(r.out, /team_game 792; 792 inserted/);
  r = await ok(['data', 'import', 'nflverse-pbp', ...pbp, '--quiet']);
  assert.match(r.out, /0 inserted, 0 updated, 792 unchanged/);

  for (const id of ['v2-001', 'v2-002', 'v2-003', 'v2-004', 'v2-005']) {
    r = await ok(['train', `experiment=${id}`, '--quiet']);
    assert.match(r.out, /development seasons 2021, 2022, 2023; test season 2024 locked/);
    const phase = id === 'v2-001' ? 'phase1_baseline' : ['v2-002', 'v2-003'].includes(id) ? 'phase2_features' : 'phase3_models';
    const summary = JSON.parse(readFileSync(join(dir, 'artifacts/experiments', phase, id, 'summary.json'), 'utf8'));
    assert.equal(summary.league, 'nfl');
    assert.equal(summary.sport, 'nfl');
    assert.equal(summary.data_source, 'nflverse');
    assert.equal(summary.headline.spread.n_games, 3 * 60);
  }
  // Threads change no result on nflverse-shaped data either: v2-002 (ridge on the play-by-play's
  // opponent-adjusted statistics, its alphas chosen by cross-validation) trained again on two
  // cores' share (EDGELAB_CORES=2) into an artifacts tree of its own, its folds fitted on a fold
  // worker and this thread: the same predictions, metrics, headline and model. This league's folds
  // are too small for a cold start of the workers to pay (walkforward-run.ts, poolWorthIt: ≈ 0.02
  // s of fits), so, as the demo does while it generates its league, the fold worker is started
  // first (the CLI here runs the modules this file imports: cliFromImportedModules above); a
  // walk-forward then hands it every fold. ≈ 1 s of CPU, the fold worker's start included.
  const threaded = createLayout(dir, join(root, 'threaded'));
  await withCallerMode('helps', () => startFoldWorkers(2, [experimentConfig(threaded, ['experiment=v2-002']).model]));
  await projectCli(dir, { [CORES_ENV]: '2' }).ok(['--artifacts', threaded.root, 'train', 'experiment=v2-002', '--quiet']);
  const one = createLayout(dir).experimentDir('v2-002', 2);
  const two = threaded.experimentDir('v2-002', 2);
  for (const f of ['predictions', 'metrics'] as const) assert.equal(readFileSync(experimentFile(two, f), 'utf8'), readFileSync(experimentFile(one, f), 'utf8'), f);
  const headline = (d: string) => JSON.parse(readFileSync(experimentFile(d, 'summary'), 'utf8')).headline;
  assert.deepEqual(headline(two), headline(one));
  const model = (l: Layout) => readFileSync(join(l.modelBundle('v2-002', 2), 'model.json'), 'utf8');
  assert.equal(model(threaded), model(createLayout(dir)));

  const cfg = readFileSync(join(dir, 'artifacts/experiments/phase2_features/v2-002/config.yaml'), 'utf8');
  assert.match(cfg, /sport: nfl/);
  assert.match(cfg, /exclude_seasons: \[\]/);

  r = await cli(['promote-test', '--baseline', 'v2-001', '--candidate', 'v2-002', '--json']);
  const t = JSON.parse(r.out);
  assert.equal(t.candidate_id, 'v2-002');
  assert.equal(typeof t.passed, 'boolean');
  assert.equal(r.code, t.passed ? 0 : 1, 'promote-test exits 1 when the candidate does not pass');
  await ok(['promote', 'v2-001']);
  r = await ok(['week', '--season', '2025', '--week', '10', '--backfill']); // a past week of real data: a backfill
  assert.match(r.out, /predict: \d+ bets/);
  assert.ok(existsSync(join(dir, 'artifacts/production/predictions/2025/week10_bets.csv')));
});
