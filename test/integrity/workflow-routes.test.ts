// The integrity routes that go through the project's records (season lock, test ledger,
// immutable bundles, promotion tests, walk-forward records), each reproduced on a small trained
// project and answered with a refusal, a record, or an unchanged file. One shared trained
// project; every test works on its own copy.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Layout } from '../../src/artifacts/layout.ts';
import { readSeasonLock } from '../../src/artifacts/season-lock.ts';
import { readTestLedger } from '../../src/artifacts/test-ledger.ts';
import { evaluateExperiment } from '../../src/workflow/evaluate.ts';
import { trainExperiment } from '../../src/workflow/train/train.ts';
import { predictWeek } from '../../src/workflow/predict.ts';
import { scoreWeek } from '../../src/workflow/score.ts';
import { runWeek } from '../../src/workflow/week.ts';
import { setPinnedSeasons } from '../../src/workflow/season-lock.ts';
import { loadDemoLeague } from '../../src/workflow/data-demo.ts';
import { loadDataset } from '../../src/workflow/train/train.ts';
import { csvToObjects } from '../../src/util/csv.ts';
import { silentProgress, type Progress } from '../../src/util/progress.ts';
import { loadConfig } from '../../src/config/load.ts';
import { packageConfDir } from '../../src/config/confdir.ts';
import { copyProject, SMALL, trainedProject } from '../support/integrity-project.ts';

let shared: Layout;
before(async () => {
  shared = await trainedProject();
});

test('route 2: the test season is pinned at the first train; overrides, a completed later season and other commands cannot move or use it', async () => {
  const layout = copyProject(shared);
  const lock = readSeasonLock(layout)!;
  assert.deepEqual([lock.test_season, lock.dev_seasons, lock.pinned_by], [2020, [2019], 'train v2-001']);

  // Config overrides cannot move it (and nothing is written for the refused experiment).
  await assert.rejects(trainExperiment({ layout, overrides: ['experiment=v2-003', ...SMALL, 'evaluation.test_season=2019'], progress: silentProgress }), /cannot move the pinned test season 2020/);
  await assert.rejects(trainExperiment({ layout, overrides: ['experiment=v2-003', ...SMALL.filter((o) => !o.includes('dev_seasons')), 'evaluation.dev_seasons=2'], progress: silentProgress }), /differs from the pinned development seasons 2019/);
  assert.equal(existsSync(layout.experimentDir('v2-003', 2)), false);

  // A later season completes: 2020 stays the test season, not a development season.
  await loadDemoLeague(layout, { seasons: [2016, 2021], seed: 7, liveSeason: null });
  await assert.rejects(evaluateExperiment({ layout, id: 'v2-001', season: 2020, progress: silentProgress }), /2020 is the locked test season .*--test/);

  // predict, score and week refuse the test season outright.
  await assert.rejects(predictWeek({ layout, season: 2020, week: 5, force: true }), /pinned test season/);
  await assert.rejects(scoreWeek({ layout, season: 2020, week: 5 }), /pinned test season/);
  await assert.rejects(runWeek({ layout, season: 2020, week: 5 }), /pinned test season/);

  // The ledger entry of a look is written before anything is computed: a look that dies midway is still counted.
  const dies: Progress = { ...silentProgress, log: () => { throw new Error('killed mid-evaluation'); } };
  await assert.rejects(evaluateExperiment({ layout, id: 'v2-001', test: true, progress: dies }), /killed mid-evaluation/);
  assert.deepEqual(readTestLedger(layout).looks.map((l) => [l.experiment_id, l.season, l.status]), [['v2-001', 2020, 'opened']]);
  const look = await evaluateExperiment({ layout, id: 'v2-001', test: true, progress: silentProgress });
  assert.equal(look.priorLooks, 1);
  assert.equal(readTestLedger(layout).looks[1]!.status, 'completed');

  // Moving it is an explicit, recorded command with a reason.
  const { config } = loadConfig({ confDir: packageConfDir(), overrides: SMALL, env: {} });
  const data = await loadDataset(layout, config);
  assert.throws(() => setPinnedSeasons({ layout, games: data.games, cfg: config.evaluation, test: 2021, reason: ' ' }), /needs --reason/);
  setPinnedSeasons({ layout, games: data.games, cfg: config.evaluation, test: 2021, reason: 'season 2021 completed; 2020 was looked at twice' });
  const moved = readSeasonLock(layout)!;
  assert.deepEqual([moved.test_season, moved.dev_seasons, moved.history.length], [2021, [2020], 2]);
  assert.match(readFileSync(layout.decisionLog, 'utf8'), /Move the test season to 2021[\s\S]*Reason given: season 2021 completed/);
});

test('route 8: evaluate keeps every experiment\'s rows in <season>_validation.csv, replacing only its own', async () => {
  const layout = copyProject(shared);
  await evaluateExperiment({ layout, id: 'v2-002', season: 2019, progress: silentProgress });
  const file = layout.walkForwardFile(2019);
  const v2002 = csvToObjects(readFileSync(file, 'utf8'));
  await evaluateExperiment({ layout, id: 'v2-001', season: 2019, progress: silentProgress });
  await evaluateExperiment({ layout, id: 'v2-001', season: 2019, progress: silentProgress });
  const rows = csvToObjects(readFileSync(file, 'utf8'));
  assert.deepEqual(rows.filter((r) => r.experiment_id === 'v2-002'), v2002);
  const mine = rows.filter((r) => r.experiment_id === 'v2-001');
  assert.equal(mine.length, v2002.length, 'v2-001 evaluated twice: its rows once');
  assert.ok(mine.length > 20);
});
