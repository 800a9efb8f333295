// `edgelab demo`: the whole method on the built-in demo league, end to end — a fresh project,
// phase 1 (baseline), phase 2 (feature experiments, gated), phase 3 (model experiments on the
// best promoted features, gated), one look at the locked test season, then the live season
// week by week. Every step is the same workflow function the individual commands run.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLayout, type Layout } from '../artifacts/layout.ts';
import { packageConfDir, resolveConfDir } from '../config/confdir.ts';
import { loadConfig } from '../config/load.ts';
import { UserError } from '../util/errors.ts';
import type { Progress } from '../util/progress.ts';
import { initProject } from './init.ts';
import { syncDirsOnce } from '../artifacts/atomic.ts';
import { slowerTierUp } from '../util/tier-up.ts';
import { withWarehouseSession } from '../data/warehouse-session.ts';
import { loadDemoLeague } from './data-demo.ts';
import { experimentConfig, workerCount, type TrainResult } from './train/train.ts';
import { TrainingQueue } from './demo-trainings.ts';
import { startFoldWorkers } from './train/walkforward-run.ts';
import { familyVerdict, runPromotionTest } from './promotion-test.ts';
import { currentBankroll } from './bankroll.ts';
import { promote } from './champion-change.ts';
import { prepareEvaluation, type EvaluateResult } from './evaluate.ts';
import { TestLookAside } from './demo-test-look.ts';
import type { PromotionTest } from '../evaluation/gates.ts';
import { baselineRoiLabel } from '../evaluation/compared-games.ts';
import { closePlotThreads, warmPlotThreads } from '../evaluation/plot-threads.ts';
import { setCallerMode } from '../util/pool.ts';
import { readChampion } from '../artifacts/champion.ts';
import { rollback } from './champion-change.ts';
import { runWeek, WeekStepError } from './week.ts';
import { scoreWeek } from './score.ts';
import { monitor, type MonitorResult } from './monitor.ts';
import { ALL_REVEALED, type Reveal } from '../data/sources/demo/live.ts';
import { LAST_REGULAR_WEEK } from '../data/sources/demo/schedule.ts';
import { alertExplained, betsPlacedLine, LEVEL_MARK, pct, seasonLine } from './demo-summary.ts';
import { count } from '../util/plural.ts';
import type { SeasonType } from '../artifacts/layout.ts';

export const DEMO_MARKER = '.edgelab-demo';

export interface DemoOptions {
  dir: string;
  seed: number;
  quick: boolean;
  progress: Progress;
  /** One line per step, for the terminal. */
  say: (line: string) => void;
}

export interface DemoPlan {
  seasons: [number, number];
  liveSeason: number;
  overrides: string[];
  gbdtOverrides: string[];
}

/** Full: 12 seasons (2014-2025, 2025 live). Quick: 6 seasons, one development season, small trees. */
export function demoPlan(quick: boolean): DemoPlan {
  if (quick) {
    return {
      seasons: [2018, 2023],
      liveSeason: 2023,
      overrides: ['evaluation.first_season=2018', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=2'],
      gbdtOverrides: ['model.n_estimators=80', 'model.early_stopping_rounds=10'],
    };
  }
  return { seasons: [2014, 2025], liveSeason: 2025, overrides: [], gbdtOverrides: [] };
}

/** The demo's promotion tests are on the spread: a spread-first tool, and where the demo's signal is. */

export interface PhaseOutcome {
  trained: TrainResult[];
  tests: PromotionTest[];
  promoted: string | null;
}

export interface DemoResult {
  layout: Layout;
  plan: DemoPlan;
  phase1: TrainResult;
  phase2: PhaseOutcome;
  phase3: PhaseOutcome;
  champion: string;
  testLook: EvaluateResult;
  live: LiveOutcome;
}

export interface LiveWeek {
  season_type: SeasonType;
  week: number;
  bets: number;
  level: string | null;
  stopped: string | null;
}

export interface LiveOutcome {
  weeks: LiveWeek[];
  rollbacks: string[];
  final: MonitorResult | null;
}

/**
 * Refuse a directory that holds anything the demo did not make; an earlier demo (the marker
 * file says the demo made it) is replaced. Returns whether an earlier demo was replaced.
 */
export function prepareDemoDir(dir: string): boolean {
  let replaced = false;
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(DEMO_MARKER)) {
      throw new UserError(`${dir} is not empty and was not made by edgelab demo; choose another --dir (or remove it)`);
    }
    if (entries.includes(DEMO_MARKER) && entries.length > 1) {
      // Only the demo's own directory gets here. The marker stays while the rest is cleared, so
      // an interrupted clear is still recognised (and cleared) by the next run.
      for (const e of entries) if (e !== DEMO_MARKER) rmSync(join(dir, e), { recursive: true, force: true });
      replaced = true;
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, DEMO_MARKER), 'made by edgelab demo\n');
  return replaced;
}

function headlineLine(r: TrainResult): string {
  const s = r.metrics.find((m) => m.season === 'all' && m.market === 'spread');
  const t = r.metrics.find((m) => m.season === 'all' && m.market === 'total');
  const f = (m: typeof s) => (m ? `RMSE ${m.rmse.toFixed(2)} (market ${m.market_rmse.toFixed(2)}), ${count(m.n_bets, 'bet')}, hit ${pct(m.hit_rate)}, ROI ${pct(m.roi)}` : '—');
  return `${r.summary.id} ${r.summary.model}/${r.summary.feature_set}: spread ${f(s)}; total ${f(t)}`;
}

async function gatedPhase(layout: Layout, ids: string[], extra: string[], queue: TrainingQueue, opts: DemoOptions): Promise<PhaseOutcome> {
  const trained: TrainResult[] = [];
  const tests: PromotionTest[] = [];
  // Both candidates' computing is queued now; each is written (in id order) once computed.
  const computed = ids.map((id) => queue.compute([`experiment=${id}`, ...extra]));
  for (const c of computed) {
    const r = await queue.write(c);
    trained.push(r);
    opts.say(`  trained ${headlineLine(r)}`);
  }
  const benchmark = readChampion(layout).current!.id;
  for (const id of ids) {
    // The market each phase is judged on comes from conf/gates (spread): no per-run choice.
    const { test } = runPromotionTest({ layout, baselineId: benchmark, candidateId: id });
    tests.push(test);
    const failed = Object.entries(test.gates).filter(([, g]) => !g.passed).map(([n]) => n);
    opts.say(
      `  promote-test ${id} vs ${benchmark} (${test.market}): ROI ${baselineRoiLabel(test, pct)} → ${pct(test.candidate_roi)}, P(better) ${test.confidence.toFixed(3)}, ` +
        `own P(ROI > 0) ${test.candidate_p_profit.toFixed(3)} — ` +
        (test.passed ? 'PASSED' : `not passed (${failed.join(', ')})`),
    );
  }
  // The passing candidate with the best ROI lift, still passing under Holm over every candidate
  // tried in the phase (as promote checks); none passing keeps the benchmark (honest).
  const judged = tests.map((t) => ({ t, family: familyVerdict(layout, t) }));
  for (const { t, family } of judged) {
    if (t.passed && family && !family.passed) opts.say(`  ${t.candidate_id} falls short under Holm over ${family.candidates} candidates (adjusted p ${family.holm_p_value.toFixed(4)})`);
  }
  const best = judged
    .filter(({ t, family }) => t.passed && (family?.passed ?? true))
    .map(({ t }) => t)
    .sort((a, b) => (b.improvement ?? -Infinity) - (a.improvement ?? -Infinity))[0];
  if (best) {
    await promote({ layout, id: best.candidate_id });
    opts.say(`  promoted ${best.candidate_id} (champion: ${best.candidate_id}, previous: ${benchmark})`);
    return { trained, tests, promoted: best.candidate_id };
  }
  opts.say(`  no candidate passed the gates: ${benchmark} stays the champion`);
  return { trained, tests, promoted: null };
}

export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  // Also when a test calls the demo in-process, not through the CLI's main.
  slowerTierUp();
  // One warehouse connection for the whole demo (STACK.md: 181 opens before).
  return withWarehouseSession(() => runDemoSteps(opts));
}

async function runDemoSteps(opts: DemoOptions): Promise<DemoResult> {
  const queue = new TrainingQueue();
  // The trainings' folds: this thread fits folds too while it would wait for them, beside one
  // fold worker instead of two (one isolate fewer starts and compiles the models' code).
  const mode = setCallerMode('helps');
  try {
    return await demoSteps(opts, queue);
  } finally {
    // A failed step leaves no training computing in the background (the warehouse session ends).
    await queue.settled();
    setCallerMode(mode);
  }
}

async function demoSteps(opts: DemoOptions, queue: TrainingQueue): Promise<DemoResult> {
  const dir = resolve(opts.dir);
  const replaced = prepareDemoDir(dir);
  const layout = createLayout(dir);
  const plan = demoPlan(opts.quick);
  // A fresh project's files are independent: each directory is fsynced once, not once per file.
  syncDirsOnce(() => initProject(layout, packageConfDir()));
  opts.say(`project: ${dir}${replaced ? ' (the earlier demo there was replaced)' : ''}`);
  // Every walk-forward's folds run on the fold worker (and this thread): started now, it loads
  // and compiles the models' code (ridge of phases 1-2, both GBDTs of phase 3) while the league
  // is generated.
  const models = [['v2-001', []], ['v2-004', plan.gbdtOverrides], ['v2-005', plan.gbdtOverrides]] as const;
  const configs = models.map(([id, extra]) => experimentConfig(layout, [`experiment=${id}`, ...plan.overrides, ...extra]));
  const workers = startFoldWorkers(workerCount(configs[0]!), configs.map((c) => c.model));
  // The plot thread too (vega, vega-lite, resvg, the font check: ≈ 0.3 s of CPU), out of the
  // trainings, where both cores are busy, into the league's generation, which leaves one core
  // partly idle.
  warmPlotThreads();
  const data = await loadDemoLeague(layout, { seasons: plan.seasons, seed: opts.seed, liveSeason: plan.liveSeason });
  opts.say(
    `data: demo league ${plan.seasons[0]}-${plan.seasons[1]} (seed ${opts.seed}), live season ${plan.liveSeason}; ` +
      `${data.figures.games} games, closing-spread RMSE ${data.figures.closing_spread_rmse.toFixed(2)}, oracle ${pct(data.figures.oracle_hit_rate)}`,
  );

  // No wait for the warm-up: phase 1 builds its features meanwhile, and its first fits queue for
  // the workers (the pool hands each one over when its warm-up tasks are done). Never rejects.
  void workers;
  queue.start(layout, opts.progress);
  opts.say('phase 1 — the baseline');
  // Phase 2's candidates do not depend on phase 1's outcome: they are computed while the
  // baseline is written and promoted (the writes and the promotion keep their order).
  const baseline = queue.compute(['experiment=v2-001', ...plan.overrides]);
  const phase2Ids = ['v2-002', 'v2-003'];
  queue.ahead(phase2Ids.map((id) => [`experiment=${id}`, ...plan.overrides]));
  const phase1 = await queue.write(baseline);
  opts.say(`  trained ${headlineLine(phase1)}`);
  await promote({ layout, id: 'v2-001', reason: 'phase-1 benchmark' });
  opts.say('  v2-001 is the benchmark champion');

  opts.say('phase 2 — feature experiments on the baseline model');
  const phase2 = await gatedPhase(layout, phase2Ids, plan.overrides, queue, opts);
  const featureSet = phase2.promoted ? phase2.trained.find((t) => t.summary.id === phase2.promoted)!.summary.feature_set : phase1.summary.feature_set;

  opts.say(`phase 3 — model experiments on the ${featureSet} features`);
  const phase3 = await gatedPhase(layout, ['v2-004', 'v2-005'], [...plan.overrides, `features=${featureSet}`, ...plan.gbdtOverrides], queue, opts);

  const champion = readChampion(layout).current!.id;
  // Every plot is drawn (the trainings are written): the plot thread's isolate is torn down on
  // its own thread while the live season runs here, not at the exit, which would wait for it.
  closePlotThreads();
  // The test look reads the warehouse (and is ledgered) before the first reveal changes it; its
  // walk-forward then runs on the fold worker while the live season, which does not depend on
  // it, runs here; it is written between two weeks, and the season's lines wait for its line.
  // This thread has the live season to run: the look's folds are the fold worker's alone.
  setCallerMode('busy');
  const look = new TestLookAside(await prepareEvaluation({ layout, id: champion, test: true, progress: opts.progress }), opts.say);
  look.say(`live season ${plan.liveSeason} — week by week: reveal last week → score → monitor → validate → predict`);
  const live = await liveSeason(layout, plan, { ...opts, say: look.say }, (wait) => look.settle(wait));
  const testLook = await look.settle(true);
  return { layout, plan, phase1, phase2, phase3, champion: readChampion(layout).current!.id, testLook, live };
}

/** The live season: reveal each week's results only after its bets are made. */
async function liveSeason(layout: Layout, plan: DemoPlan, opts: DemoOptions, betweenWeeks: (wait: boolean) => Promise<unknown>): Promise<LiveOutcome> {
  const season = plan.liveSeason;
  // The project's configuration does not change during the season: composed once, not twice a week.
  const { config } = loadConfig({ confDir: resolveConfDir(layout.confDir), overrides: [] });
  const reveal = (r: Reveal) => loadDemoLeague(layout, { seasons: plan.seasons, seed: opts.seed, liveSeason: season, reveal: r, dataConfig: config.data });
  const weeks: { st: SeasonType; week: number; before: Reveal }[] = [];
  for (let w = 0; w <= LAST_REGULAR_WEEK; w++) weeks.push({ st: 'regular', week: w, before: { regularWeek: w - 1, postseasonWeek: 0 } });
  for (let w = 1; w <= 2; w++) weeks.push({ st: 'postseason', week: w, before: { regularWeek: LAST_REGULAR_WEEK, postseasonWeek: w - 1 } });
  const out: LiveOutcome = { weeks: [], rollbacks: [], final: null };
  for (const { st, week, before } of weeks) {
    await betweenWeeks(false);
    await reveal(before);
    const label = `${season} ${st === 'postseason' ? 'postseason ' : ''}week ${String(week).padStart(2)}`;
    try {
      const res = await runWeek({ layout, season, week, seasonType: st, config });
      const level = res.monitor?.latest?.level ?? null;
      out.weeks.push({ season_type: st, week, bets: res.predict?.bets.length ?? 0, level, stopped: null });
      const bankroll = currentBankroll(layout);
      opts.say(`  ${label}: ${betsPlacedLine(res.predict)}; ${seasonLine(res.monitor, season)}; bankroll ${bankroll === null ? '—' : `${bankroll.toFixed(2)}u`}; alert ${level === 'green' || !res.monitor?.latest ? (level ? LEVEL_MARK[level] ?? level : '—') : alertExplained(res.monitor.latest)}`);
      const rb = res.monitor?.latest?.rollback;
      if (rb?.recommended && readChampion(layout).previous) {
        const c = await rollback({ layout, reason: `demo: ${rb.message}` });
        out.rollbacks.push(c.current.id);
        opts.say(`  ↩ rolled back to ${c.current.id} (${rb.message})`);
      }
    } catch (e) {
      if (!(e instanceof WeekStepError)) throw e;
      // A week with no games to bet (or data the checks refuse) is reported, and the season goes on.
      out.weeks.push({ season_type: st, week, bets: 0, level: null, stopped: e.step });
      opts.say(`  ${label}: stopped at ${e.step} — ${e.message.split('\n')[0]}`);
    }
  }
  // The season is over: reveal everything, score the last week, monitor once more.
  await reveal(ALL_REVEALED);
  const last = weeks[weeks.length - 1]!;
  // A last week that placed no bets has nothing to score; any other failure is the user's to see.
  if (existsSync(layout.predictionsFile(season, last.week, last.st))) await scoreWeek({ layout, season, week: last.week, seasonType: last.st, config });
  out.final = await monitor({ layout, config });
  // The level only: the summary at the end explains it (cli/demo.ts).
  opts.say(`  final: ${seasonLine(out.final, season)}; alert ${out.final.latest ? LEVEL_MARK[out.final.latest.level] ?? out.final.latest.level : '—'}`);
  return out;
}
