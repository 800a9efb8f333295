// The production routes (issue 16, routes 5 and 6): production runs what was evaluated, refitted
// as its own recorded step; weeks already kicked off are backfills, marked and left out of live
// performance; a champion change mid-season leaves the bets on file standing; and nothing
// published after the bet time reaches a live bet. One small live project (the demo league,
// 2020 live, revealed through week 5); every test works on its own copy. Three tests start
// from the live week 6 bet (the weekly loop with the champion's production refit): it is run
// once, on a copy kept as a second template, and route 5 checks what that run returned.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Layout } from '../../src/artifacts/layout.ts';
import { readBundle } from '../../src/artifacts/bundle.ts';
import { hashFiles, HASHED_BUNDLE } from '../../src/artifacts/content-hashes.ts';
import { readSummary } from '../../src/readers/experiments.ts';
import { roiReport } from '../../src/readers/production.ts';
import { loadConfig } from '../../src/config/load.ts';
import { packageConfDir } from '../../src/config/confdir.ts';
import type { Dataset } from '../../src/data/schema.ts';
import { liveView, ALL_REVEALED } from '../../src/data/sources/demo/live.ts';
import { loadDemoLeague } from '../../src/workflow/data-demo.ts';
import { loadDataset } from '../../src/workflow/train/dataset.ts';
import { predictWeek } from '../../src/workflow/predict.ts';
import { runWeek, WeekStepError } from '../../src/workflow/week.ts';
import { monitor } from '../../src/workflow/monitor.ts';
import { promote } from '../../src/workflow/champion-change.ts';
import { readRefits, refitChampion } from '../../src/workflow/production-refit.ts';
import { predictWithRecipe, type Recipe } from '../../src/workflow/recipe.ts';
import { gatherReport } from '../../src/workflow/report/gather.ts';
import { withWarehouseSession } from '../../src/data/warehouse-session.ts';
import { csvToObjects } from '../../src/util/csv.ts';
import { copyProject, LIVE_REVEALED, LIVE_TRAIN, liveProject } from '../support/integrity-project.ts';
import { cliFromImportedModules } from '../helpers/cli-in-process.ts';

// The fixture's weekly loop and every test run in one warehouse session, as the demo's live
// season runs its weeks (and every CLI command but the dashboard runs in one: src/cli/main.ts):
// a read of the league after the last load is served from memory. What is checked is the
// records, bets and refusals, the same either way.
// The templates' CLI commands (test/helpers/demo-projects.ts) run main() from the product modules
// this file imports: one copy of the product in the process (test/helpers/cli-in-process.ts).
cliFromImportedModules();
const SEASON = 2020;
const LIVE = LIVE_REVEALED + 1; // the first week not kicked off by the demo clock
let shared: Layout;
/** `shared` after the weekly loop of week LIVE (route 5's first step), and what it returned. */
let afterLive: Layout;
let liveWeek: Awaited<ReturnType<typeof runWeek>>;
/**
 * `shared` with the champion's production refit that week LIVE's loop made in `afterLive` (its
 * bundle and record, copied: the refit is made from the warehouse's complete seasons, which the
 * two share, so it is the refit a loop run here would make), and no week predicted: route 6
 * starts here instead of making the same refit again (≈ 0.5 s). Making a refit inside a backfill
 * stays covered end to end (test/e2e/leagues-*.test.ts: `week --backfill` after a promotion).
 */
let sharedRefitted: Layout;
before(async () => {
  shared = await liveProject();
  afterLive = copyProject(shared);
  liveWeek = await withWarehouseSession(() => runWeek({ layout: afterLive, season: SEASON, week: LIVE }));
  sharedRefitted = copyProject(shared);
  cpSync(afterLive.productionRefit('v2-001', SEASON), sharedRefitted.productionRefit('v2-001', SEASON), { recursive: true });
  copyFileSync(afterLive.productionRefitsLog, sharedRefitted.productionRefitsLog);
});

const reveal = (layout: Layout, week: number) => loadDemoLeague(layout, { reveal: { regularWeek: week, postseasonWeek: 0 } });
const rowsOf = (file: string) => csvToObjects(readFileSync(file, 'utf8'));
const dataOf = async (layout: Layout) => loadDataset(layout, loadConfig({ confDir: packageConfDir(), overrides: LIVE_TRAIN, env: {} }).config);

test('route 5: the champion is refitted through the last complete season as its own recorded, immutable bundle, and predict bets with it', () => withWarehouseSession(async () => {
  const layout = copyProject(afterLive);
  const p = liveWeek.predict!;
  assert.equal(p.action, 'written');
  assert.deepEqual(p.production_model, { bundle: 'models/production/refits/v2-001_for_2020', season: SEASON, made: true });
  assert.ok(p.bets.length > 0, 'the raw model bets');

  // The record: one refit, hashes of exactly the files on disk, every game before 2020.
  const dir = layout.productionRefit('v2-001', SEASON);
  const [rec, ...more] = readRefits(layout);
  assert.equal(more.length, 0);
  assert.deepEqual(rec!.hashes, hashFiles(dir, HASHED_BUNDLE));
  assert.deepEqual(rec!.seasons, [2016, 2017, 2018, 2019]);
  assert.equal(rec!.made_by, `predict ${SEASON} week ${LIVE}`);
  const data = await dataOf(layout);
  const firstKickoff = Math.min(...data.games.filter((g) => g.season === SEASON).map((g) => Date.parse(g.start_date)));
  const lastTrained = Date.parse(rec!.last_training_kickoff!);
  assert.ok(lastTrained < firstKickoff, 'trained only on games before the live season');
  assert.ok(lastTrained > Math.max(...data.games.filter((g) => g.season === 2018).map((g) => Date.parse(g.start_date))), 'through the last complete season (the test season, 2019)');

  // What was evaluated, with more games: same features, policy, spread, seed; the evaluated bundle untouched.
  const evaluated = readBundle<Recipe, unknown>(layout.modelBundle('v2-001', 1)).model;
  const refit = readBundle<Recipe, unknown>(dir).model;
  assert.deepEqual(refit.betting, evaluated.betting);
  assert.deepEqual(refit.feature_set, evaluated.feature_set);
  assert.equal(refit.trained_before.season, SEASON);
  assert.equal(evaluated.trained_before.season, 2019);
  for (const m of ['spread', 'total'] as const) {
    assert.equal(refit.markets[m]!.sigma, evaluated.markets[m]!.sigma);
    assert.equal(refit.markets[m]!.n_train, rec!.n_train[m]);
    assert.ok(refit.markets[m]!.n_train > evaluated.markets[m]!.n_train + 600, `${m}: the refit adds the 2019 season (${refit.markets[m]!.n_train} vs ${evaluated.markets[m]!.n_train})`);
  }
  const summary = readSummary(layout.experimentDir('v2-001', 1)) as unknown as { content_hashes: { bundle: Record<string, string> } };
  assert.deepEqual(hashFiles(layout.modelBundle('v2-001', 1), HASHED_BUNDLE), summary.content_hashes.bundle);
  assert.match(readFileSync(layout.decisionLog, 'utf8'), /## \d{4}-\d\d-\d\d — Refit v2-001 for the 2020 season[\s\S]*Made by: predict 2020 week 6[\s\S]*refit model\.json sha256 [0-9a-f]{64}/);

  // The bets are the refit's predictions (not the evaluated bundle's), under the bundle's policy:
  // a betting override in conf changes nothing.
  const byId = new Map(data.games.map((g) => [g.game_id, g]));
  const target = [{ season: SEASON, seasonType: 'regular' as const, week: LIVE }];
  const byRefit = predictWithRecipe(refit, data, target, byId);
  const byEvaluated = predictWithRecipe(evaluated, data, target, byId);
  for (const b of p.bets) {
    const i = byRefit[b.bet_type]!.design.rows.findIndex((r) => r.game_id === b.game_id);
    assert.equal(b.prediction, Math.round(byRefit[b.bet_type]!.predictions[i]! * 1e4) / 1e4);
    assert.notEqual(b.prediction, Math.round(byEvaluated[b.bet_type]!.predictions[i]! * 1e4) / 1e4);
  }
  const again = await predictWeek({ layout, season: SEASON, week: LIVE, overrides: ['betting.markets.spread.edge_threshold=40', 'betting.markets.total.edge_threshold=40'] });
  assert.equal(again.action, 'unchanged');
  assert.equal(again.production_model!.made, false);

  // Refits are immutable: a changed byte is refused, never silently refitted.
  appendFileSync(join(dir, 'model.json'), ' ');
  await assert.rejects(predictWeek({ layout, season: SEASON, week: LIVE }), /production refit of v2-001 for 2020 .* changed since it was written \(bundle\/model\.json\); refits are immutable/);
  // No production refit inside the evaluation, and no week inside a bundle's training data.
  await assert.rejects(refitChampion({ layout, season: 2019 }), /production seasons come after v2-001's evaluation \(test season 2019\)/);
  await assert.rejects(predictWeek({ layout, season: 2018, week: 5, force: true }), /2018 week 5 is inside the training data of v2-001's bundle/);
}));

test('route 6: a week already kicked off is refused without --backfill; backfilled bets are marked and left out of live performance unless asked for', async () => {
  const layout = copyProject(sharedRefitted);
  // One warehouse connection for the weeks below, as the demo's live season does.
  await withWarehouseSession(async () => {
    const kicked = layout.predictionsFile(SEASON, LIVE_REVEALED);
    await assert.rejects(runWeek({ layout, season: SEASON, week: LIVE_REVEALED }), (e: unknown) => {
      assert.ok(e instanceof WeekStepError);
      assert.equal(e.step, 'predict');
      assert.match(e.message, /2020 week 5 kicked off at .*nothing was written.*--backfill/);
      return true;
    });
    assert.equal(existsSync(kicked), false);
    const back = await runWeek({ layout, season: SEASON, week: LIVE_REVEALED, backfill: true });
    assert.equal(back.predict!.backfilled, true);
    assert.equal(back.predict!.production_model!.made, false, 'the refit copied into this project is the one used');
    const n5 = rowsOf(kicked).length;
    assert.ok(n5 > 0 && rowsOf(kicked).every((r) => r.backfilled === 'true'));
    const log = readFileSync(layout.productionLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(log.at(-1).backfilled, true);

    // The demo clock: the next week is before its kickoff, a live bet.
    const live = await runWeek({ layout, season: SEASON, week: LIVE });
    assert.equal(live.predict!.backfilled, false);
    const n6 = rowsOf(layout.predictionsFile(SEASON, LIVE)).length;
    assert.ok(rowsOf(layout.predictionsFile(SEASON, LIVE)).every((r) => r.backfilled === 'false'));

    // Both weeks scored (week 5, already played, by week 6's loop); live performance counts week 6 only.
    assert.deepEqual(live.scored.map((s) => s.file), [layout.scoredFile(SEASON, LIVE_REVEALED)]);
    await reveal(layout, LIVE);
    const res = await runWeek({ layout, season: SEASON, week: LIVE + 1 });
    assert.deepEqual(res.scored.map((s) => s.file), [layout.scoredFile(SEASON, LIVE)]);
    const perf = csvToObjects(readFileSync(layout.performanceLog, 'utf8'));
    assert.deepEqual(perf.map((r) => [Number(r.week), Number(r.bets)]), [[LIVE_REVEALED, 0], [LIVE, n6]]);
    assert.deepEqual(JSON.parse(readFileSync(layout.dashboardData, 'utf8')).backfilled, { included: false, bets: n5 });
    const roi = roiReport(layout);
    assert.equal(roi.seasons[0]!.bets, n6);
    assert.deepEqual(roi.backfilled, { bets: n5, included: false });
    assert.equal(roiReport(layout, undefined, { includeBackfilled: true }).seasons[0]!.bets, n5 + n6);
    const report = await gatherReport(layout, SEASON, LIVE + 1, 'regular');
    assert.equal(report.season.find((s) => s.market === 'all')!.tally.bets, n6);
    const withBack = await gatherReport(layout, SEASON, LIVE + 1, 'regular', new Date(), true);
    assert.equal(withBack.season.find((s) => s.market === 'all')!.tally.bets, n5 + n6);
    // The opt-in: monitor --include-backfilled counts them (and says so).
    const all = await monitor({ layout, includeBackfilled: true });
    assert.deepEqual(all.rows.map((r) => [r.week, r.bets]), [[LIVE_REVEALED, n5], [LIVE, n6]]);
    assert.deepEqual(all.backfilled, { included: true, bets: n5 });
  });
});

test('a champion change mid-season: the bets on file stand for the weeks written, the new champion predicts the rest, a rerun is no error', async () => {
  const layout = copyProject(afterLive); // week LIVE bet by v2-001
  // One warehouse connection for the weeks below, as the demo's live season does.
  await withWarehouseSession(async () => {
    await reveal(layout, LIVE);
    await runWeek({ layout, season: SEASON, week: LIVE + 1 });
    const files = [LIVE, LIVE + 1].map((w) => layout.predictionsFile(SEASON, w));
    const before = files.map((f) => readFileSync(f, 'utf8'));
    await promote({ layout, id: 'v2-002', force: true, reason: 'integrity test: a mid-season change' });

    // Weeks already written keep v2-001's bets (kicked off or not), with no error.
    for (const w of [LIVE, LIVE + 1]) {
      const r = await runWeek({ layout, season: SEASON, week: w, backfill: true });
      assert.equal(r.predict!.action, 'kept');
      assert.equal(r.predict!.model_id, 'v2-001');
      assert.match(r.predict!.note!, /holds the bets of v2-001 \(the champion when they were written\); they stand — v2-002 predicts the weeks not yet written/);
    }
    assert.deepEqual(files.map((f) => readFileSync(f, 'utf8')), before);
    // The next week is v2-002's, from its own production refit; an unchanged rerun is no error.
    await reveal(layout, LIVE + 1);
    const next = await runWeek({ layout, season: SEASON, week: LIVE + 2 });
    assert.equal(next.predict!.model_id, 'v2-002');
    assert.equal(next.predict!.production_model!.bundle, 'models/production/refits/v2-002_for_2020');
    assert.equal((await runWeek({ layout, season: SEASON, week: LIVE + 2 })).predict!.action, 'unchanged');
    assert.deepEqual(readRefits(layout).map((r) => r.experiment_id), ['v2-001', 'v2-002']);
    assert.deepEqual(
      csvToObjects(readFileSync(layout.performanceLog, 'utf8')).map((r) => [Number(r.week), r.model_id]),
      [[LIVE, 'v2-001'], [LIVE + 1, 'v2-001']],
    );
  });
});

test('nothing published after the bet time reaches a live bet: later results, scores and lines leave the week\'s production predictions bit-identical', () => withWarehouseSession(async () => {
  const layout = copyProject(afterLive); // week LIVE bet
  const refit = readBundle<Recipe, unknown>(layout.productionRefit('v2-001', SEASON)).model;
  const atBet = await dataOf(layout); // the warehouse as it stood when week 6 was bet
  await reveal(layout, ALL_REVEALED.regularWeek);
  const full = await dataOf(layout);
  const played = (d: Dataset) => d.games.filter((g) => g.completed).length;
  assert.ok(played(full) > played(atBet), 'the reveal reached the data read after it (not the session\'s earlier read)');
  const cut = Math.min(...full.games.filter((g) => g.season === SEASON && g.season_type === 'regular' && g.week === LIVE).map((g) => Date.parse(g.start_date)));
  assert.deepEqual(liveView(full, SEASON, { regularWeek: LIVE_REVEALED, postseasonWeek: 0 }).games, atBet.games, 'the demo reveal shows the live loop exactly what it saw');
  const target = [{ season: SEASON, seasonType: 'regular' as const, week: LIVE }];
  const predict = (d: Dataset) => predictWithRecipe(refit, d, target, new Map(d.games.map((g) => [g.game_id, g])));
  const reference = predict(atBet);
  const same = (d: Dataset) => {
    const p = predict(d);
    for (const m of ['spread', 'total'] as const) {
      assert.deepEqual(p[m]!.design.rows.map((r) => r.game_id), reference[m]!.design.rows.map((r) => r.game_id));
      assert.deepEqual(Array.from(p[m]!.design.X), Array.from(reference[m]!.design.X), `${m} features`);
      assert.deepEqual(Array.from(p[m]!.predictions), Array.from(reference[m]!.predictions), `${m} predictions`);
    }
  };
  same(full); // every later result revealed
  // (not vacuous: a result known before the bet does move the week's predictions)
  const lastWeek = new Set(full.games.filter((g) => g.season === SEASON && g.week === LIVE_REVEALED && g.season_type === 'regular').map((g) => g.game_id));
  const moved = predict({ ...full, games: full.games.map((g) => (lastWeek.has(g.game_id) ? { ...g, home_points: (g.home_points ?? 0) + 21 } : g)) });
  assert.notDeepEqual(Array.from(moved.spread!.predictions), Array.from(reference.spread!.predictions));
  // Any scores, statistics and lines of games kicked off at or after the bet (the week's own closing
  // lines are the bet's line, published at the bet time under closing-line bets, and stay).
  const later = full.games.filter((g) => Date.parse(g.start_date) >= cut).map((g) => g.game_id);
  const ownWeek = new Set(full.games.filter((g) => g.season === SEASON && g.week === LIVE && g.season_type === 'regular').map((g) => g.game_id));
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 70 }), { minLength: later.length * 2, maxLength: later.length * 2 }), fc.double({ min: -20, max: 20, noNaN: true }), async (scores, shift) => {
      const points = new Map(later.map((id, i) => [id, [scores[2 * i]!, scores[2 * i + 1]!] as const]));
      const mutated: Dataset = {
        games: full.games.map((g) => (points.has(g.game_id) ? { ...g, home_points: points.get(g.game_id)![0], away_points: points.get(g.game_id)![1], completed: true } : g)),
        lines: full.lines.map((l) => (points.has(l.game_id) && !ownWeek.has(l.game_id) ? { ...l, spread: l.spread === null ? null : l.spread + shift, total: l.total === null ? null : l.total - shift } : l)),
        teamGames: full.teamGames.map((t) => (points.has(t.game_id) ? { ...t, points: scores[0]!, plays: scores[1]!, yards_per_play: shift } : t)),
      };
      same(mutated);
    }),
    { numRuns: 4 },
  );
}));
