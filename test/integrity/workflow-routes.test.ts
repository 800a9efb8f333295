// The integrity routes that go through the project's records (season lock, test ledger,
// immutable bundles, promotion tests, walk-forward records), each reproduced on a small trained
// project and answered with a refusal, a record, or an unchanged file. One shared trained
// project (the promotion e2e's too: built once per test run); every test works on its own copy.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { readSeasonLock } from '../../src/artifacts/season-lock.ts';
import { readTestLedger } from '../../src/artifacts/test-ledger.ts';
import { evaluateExperiment } from '../../src/workflow/evaluate.ts';
import { trainExperiment } from '../../src/workflow/train/train.ts';
import { predictWeek } from '../../src/workflow/predict.ts';
import { scoreWeek } from '../../src/workflow/score.ts';
import { runWeek } from '../../src/workflow/week.ts';
import { setPinnedSeasons } from '../../src/workflow/season-lock.ts';
import { loadDemoLeague } from '../../src/workflow/data-demo.ts';
import { loadDataset } from '../../src/workflow/train/dataset.ts';
import { csvToObjects } from '../../src/util/csv.ts';
import { silentProgress, type Progress } from '../../src/util/progress.ts';
import { loadConfig } from '../../src/config/load.ts';
import { packageConfDir } from '../../src/config/confdir.ts';
import { copyProject, SMALL } from '../support/integrity-project.ts';
import { trainedDemoProject } from '../helpers/demo-projects.ts';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { promote } from '../../src/workflow/champion-change.ts';
import { runPromotionTest } from '../../src/workflow/promotion-test.ts';
import { readAttempts } from '../../src/workflow/promotion-attempts.ts';
import { readSummary } from '../../src/readers/experiments.ts';
import { contentHashes } from '../../src/artifacts/content-hashes.ts';
import { promotionAttemptFile, promotionAttemptsLog } from '../../src/artifacts/layout.ts';
import { comparabilityDifferences, runRecord } from '../../src/workflow/run-comparability.ts';
import { withWarehouseSession } from '../../src/data/warehouse-session.ts';
import { cliFromImportedModules } from '../helpers/cli-in-process.ts';

// Routes 2, 8 and 4 run in one warehouse session each, as the demo runs its steps (every CLI
// command but the dashboard runs in one: src/cli/main.ts): a read of the league after the last
// load is served from memory, and a second evaluation of the same experiment reuses the first
// one's features. What is checked is the records, refusals and files, the same either way.
// The template's CLI commands (test/helpers/demo-projects.ts) run main() from the product modules
// this file imports: one copy of the product in the process (test/helpers/cli-in-process.ts).
cliFromImportedModules();
let shared: string;
before(async () => {
  shared = await trainedDemoProject();
});

test('route 2: the test season is pinned at the first train; overrides, a completed later season and other commands cannot move or use it', () => withWarehouseSession(async () => {
  const layout = copyProject(shared);
  const lock = readSeasonLock(layout)!;
  assert.deepEqual([lock.test_season, lock.dev_seasons, lock.pinned_by], [2020, [2018, 2019], 'train v2-001']);

  // Config overrides cannot move it (and nothing is written for the refused experiment).
  await assert.rejects(trainExperiment({ layout, overrides: ['experiment=v2-003', ...SMALL, 'evaluation.test_season=2019'], progress: silentProgress }), /cannot move the pinned test season 2020/);
  await assert.rejects(trainExperiment({ layout, overrides: ['experiment=v2-003', ...SMALL.filter((o) => !o.includes('dev_seasons')), 'evaluation.dev_seasons=1'], progress: silentProgress }), /differs from the pinned development seasons 2018, 2019/);
  assert.equal(existsSync(layout.experimentDir('v2-003', 2)), false);

  // A later season completes (the same league, its seed kept): 2020 stays the test season, not a development season.
  await loadDemoLeague(layout, { seasons: [2016, 2021], liveSeason: null });
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
  assert.deepEqual([moved.test_season, moved.dev_seasons, moved.history.length], [2021, [2019, 2020], 2]);
  assert.match(readFileSync(layout.decisionLog, 'utf8'), /Move the test season to 2021[\s\S]*Reason given: season 2021 completed/);
}));

test('route 8: evaluate keeps every experiment\'s rows in <season>_validation.csv, replacing only its own', () => withWarehouseSession(async () => {
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
}));

test('route 3: trained things are immutable — hashes recorded, train --force on a champion refused, a promotion test of changed files refused', async () => {
  const layout = copyProject(shared);
  const exp1 = layout.experimentDir('v2-001', 1);
  const bundle1 = layout.modelBundle('v2-001', 1);
  const recorded = (readSummary(exp1) as { content_hashes: ReturnType<typeof contentHashes> }).content_hashes;
  assert.deepEqual(recorded, contentHashes(exp1, bundle1));
  assert.match(recorded.bundle['model.json']!, /^[0-9a-f]{64}$/);

  await promote({ layout, id: 'v2-001', reason: 'benchmark' });
  const modelBefore = readFileSync(join(bundle1, 'model.json'), 'utf8');
  await assert.rejects(
    trainExperiment({ layout, overrides: ['experiment=v2-001', ...SMALL, 'features=full'], force: true, progress: silentProgress }),
    /v2-001 has been promoted .*immutable.*new id/,
  );
  assert.equal(readFileSync(join(bundle1, 'model.json'), 'utf8'), modelBefore);

  // The promotion test records both runs' hashes; a bundle changed afterwards invalidates it.
  const { test: t } = runPromotionTest({ layout, baselineId: 'v2-001', candidateId: 'v2-002' });
  assert.deepEqual(t.candidate_hashes, contentHashes(layout.experimentDir('v2-002', 2), layout.modelBundle('v2-002', 2)));
  assert.deepEqual(t.baseline_hashes, recorded);
  appendFileSync(join(layout.modelBundle('v2-002', 2), 'model.json'), ' ');
  await assert.rejects(promote({ layout, id: 'v2-002' }), /no longer matches what is on disk \(v2-002 bundle\/model\.json\)/);
  assert.throws(() => runPromotionTest({ layout, baselineId: 'v2-001', candidateId: 'v2-002' }), /v2-002 changed since it was trained \(bundle\/model\.json/);
});

test('route 4: promotion tests refuse incomparable runs, keep every attempt, judge the configured market, and say how many attempts preceded', () => withWarehouseSession(async () => {
  const layout = copyProject(shared);
  await promote({ layout, id: 'v2-001', reason: 'benchmark' });
  // Three attempts: two judged (market from conf/gates/phase2.yaml: spread), one exploratory.
  runPromotionTest({ layout, baselineId: 'v2-001', candidateId: 'v2-002' });
  runPromotionTest({ layout, baselineId: 'v2-001', candidateId: 'v2-002', market: 'total' });
  const attempts = readAttempts(layout);
  assert.deepEqual(attempts.map((a) => [a.attempt, a.candidate, a.baseline, a.market, a.exploratory, a.phase]), [
    [1, 'v2-002', 'v2-001', 'spread', false, 'phase2'],
    [2, 'v2-002', 'v2-001', 'total', true, 'phase2'],
  ]);
  for (const a of attempts) {
    assert.ok(existsSync(promotionAttemptFile(layout, a.file)));
    assert.ok(a.p_value >= 0 && a.p_value <= 1);
    assert.ok(Math.abs(a.alpha - 0.1) < 1e-12, 'alpha = 1 - min_confidence of phase 2');
  }
  assert.equal(readFileSync(promotionAttemptsLog(layout), 'utf8').trim().split('\n').length, 2);
  // The seed's file is the latest attempt, which is exploratory and cannot promote.
  const latest = JSON.parse(readFileSync(layout.promotionTest('v2-002'), 'utf8'));
  assert.deepEqual([latest.attempt, latest.exploratory, latest.judged_market], [2, true, 'spread']);
  await assert.rejects(promote({ layout, id: 'v2-002' }), /was exploratory \(market total, the phase is judged on spread\); it cannot promote/);
  // A judged attempt again; promotion (forced here, whatever the gates said) reports the attempts before it.
  runPromotionTest({ layout, baselineId: 'v2-001', candidateId: 'v2-002' });
  const change = await promote({ layout, id: 'v2-002', force: true, reason: 'integrity test' });
  assert.deepEqual(change.attempt, { number: 3, file: readAttempts(layout)[2]!.file, preceding: 2 });
  assert.match(readFileSync(layout.decisionLog, 'utf8'), /Promotion-test attempt #3 .*; 2 earlier attempt\(s\) for v2-002 preceded it/);

  // Incomparable runs: another bet line, betting policy and warehouse. (v2-003 on the minimal
  // features and the spread market alone: what is checked is the refusal and the differences it
  // names, none of which is the feature set or a number of v2-003's; ≈ 0.6 s less CPU.)
  await loadDemoLeague(layout, { seasons: [2016, 2020], seed: 8, liveSeason: null });
  await trainExperiment({ layout, overrides: ['experiment=v2-003', ...SMALL, 'evaluation.bet_line=opening', 'betting.stake.flat_units=2', 'features=minimal', 'markets=[spread]'], progress: silentProgress });
  const before = readAttempts(layout).length;
  assert.throws(() => runPromotionTest({ layout, baselineId: 'v2-001', candidateId: 'v2-003' }), (e: Error) => {
    assert.match(e.message, /v2-003 and v2-001 are not comparable:/);
    assert.match(e.message, /bet line: v2-001 closing, v2-003 opening/);
    assert.match(e.message, /betting policy: differs in betting\.stake/);
    assert.match(e.message, /data fingerprints: seasons 2016, 2017, 2018, 2019 differ/);
    return true;
  });
  assert.equal(readAttempts(layout).length, before, 'a refused test is no attempt');
  // Development seasons that differ are listed too (an experiment trained before the seasons moved).
  const a = runRecord(layout, 'v2-001');
  assert.deepEqual(comparabilityDifferences(layout, a, { ...a, id: 'v2-009', dev_seasons: [2019] }), ['development seasons: v2-001 2018, 2019, v2-009 2019']);
}));

test('route 5/6 (part): production bets with the evaluated policy stored in the bundle, and predict refuses weeks inside the bundle\'s training data', async () => {
  const layout = copyProject(shared);
  await promote({ layout, id: 'v2-001', reason: 'benchmark' });
  const recipe = JSON.parse(readFileSync(join(layout.modelBundle('v2-001', 1), 'model.json'), 'utf8'));
  const { config } = loadConfig({ confDir: packageConfDir(), overrides: ['experiment=v2-001', ...SMALL], env: {} });
  assert.deepEqual(recipe.betting, JSON.parse(JSON.stringify(config.betting)));
  assert.equal(recipe.trained_before.season, 2020);
  await assert.rejects(predictWeek({ layout, season: 2019, week: 5, force: true }), /2019 week 5 is inside the training data of v2-001's bundle \(fitted on every game before 2020\)/);
  await assert.rejects(predictWeek({ layout, season: 2017, week: 3, force: true }), /inside the training data/);
  assert.equal(existsSync(layout.predictionsFile(2019, 5)), false);
});
