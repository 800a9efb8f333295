// The five promotion gates of issue 9, computed on the games BOTH models were evaluated on.
// Pure: the caller loads both experiments' predictions and scored bets and writes the result to
// experiments/promotion_tests/<candidate>_vs_baseline.json.
//
// Definitions:
// - common games: (game, market) pairs both models predicted and that have a final result,
//   restricted to `market`; each model's bets are restricted to them. n_common_games counts
//   distinct games.
// - a baseline that STANDS ASIDE (one convention for every gate and the bootstrap, issue 17):
//   a baseline with fewer than volume.min_bets bets on the common games has no ROI worth
//   comparing with, so it is scored as not betting at all — its bets are dropped everywhere:
//   ROI 0 in the performance gate and on every bootstrap resample (zero stake, ROI 0), hit rate
//   at break-even (52.38% at −110), and the degradation measures that need its bets (bets/week,
//   drawdown, losing streak) are not compared (there is nothing to degrade from). The candidate
//   must then beat standing aside: be profitable.
// - ROI and hit-rate lifts are in percentage points: (candidate − baseline) × 100.
// - significance: studentized paired block bootstrap (bootstrap.ts); p_value = 1 − confidence,
//   i.e. the share of the bootstrap distribution of the ROI difference at or below 0 (ties half).
//   With other candidates tested against the same baseline in the same phase and market (the
//   attempts log), the gate passes only when Holm's procedure over the whole family rejects
//   this candidate's null at alpha = 1 − min_confidence (holm.ts); alone it is p < alpha.
//   The candidate's own P(ROI > 0) and the 95% interval of its ROI are reported beside it.
// - stability: the common games in chronological order are cut into `quarters` periods holding
//   equal shares of the candidate's bets (a game goes to the period its first candidate bet
//   falls in; games without candidate bets to the period they fall in); the candidate wins a
//   period when its ROI there is strictly higher than the baseline's ROI on the same games.
// - no degradation, scale-free (degradation.ts): MAE, drawdown at equal stake and the losing
//   streak over its coin-flip expectation may be at most max_worse higher, bets per week at
//   most max_worse lower; when a baseline figure is 0 any worsening counts as 100%. The
//   streak's reference is the baseline's ratio or what chance makes likely for the candidate's
//   bet count (the 95th percentile of a coin-flip bettor's longest losing run), whichever is
//   larger: a streak that chance produces one time in twenty is never a degradation.
// Figures that are undefined (no bets) are null in the output and fail their gate.
import { count } from '../util/plural.ts';
import type { GatesConfig } from '../config/groups/gates.ts';
import { weekOrdinal } from '../data/schema.ts';
import { UsageError, UserError } from '../util/errors.ts';
import { ownRoiBootstrap, pairGames, pairedBlockBootstrap, roiOf, weekBlock, type PairedGame } from './bootstrap.ts';
import { chanceStreakBound, drawdownAtStake, streakRatio } from './degradation.ts';
import { holm, type FamilyMember } from './holm.ts';
import { bettingMetrics, chronological, predictionMetrics, type EvaluatedGame } from './metrics.ts';
import { breakEvenProbability } from './odds.ts';
import type { ScoredBet } from './types.ts';

export type Market = 'all' | 'spread' | 'total';
export const GATE_NAMES = ['performance', 'volume', 'significance', 'stability', 'no_degradation'] as const;
export type GateName = (typeof GATE_NAMES)[number];
/** Gates a user may override (with a recorded reason). */
export const OVERRIDABLE_GATES: readonly GateName[] = ['stability'];

export interface ModelRun {
  id: string;
  /** Walk-forward predictions of the development seasons (actual null while unplayed). */
  predictions: readonly EvaluatedGame[];
  bets: readonly ScoredBet[];
}

export interface GateOverride {
  gate: GateName;
  reason: string;
}

export interface GateResult {
  passed: boolean;
  value: number | null;
  threshold: number;
  detail: string;
}

/** The promotion-test JSON object (field order as written to disk). */
export interface PromotionTest {
  baseline_id: string;
  candidate_id: string;
  phase: 2 | 3;
  market: Market;
  baseline_roi: number | null;
  candidate_roi: number | null;
  /** candidate_roi − baseline_roi (a fraction, like the ROIs). */
  improvement: number | null;
  /** 1 − confidence. */
  p_value: number;
  confidence: number;
  ci95: [number, number];
  /** The candidate's own bootstrap P(ROI > 0) on the common games. */
  candidate_p_profit: number;
  /** 95% interval of the candidate's own ROI. */
  candidate_roi_ci95: [number, number];
  /** 'bets', or 'stands_aside' when the baseline bet fewer than volume.min_bets times (see header). */
  baseline_convention: 'bets' | 'stands_aside';
  /** The family this test's significance is judged in (Holm over the attempts log). */
  family: { candidates: number; alpha: number; holm_p_value: number; others: FamilyMember[] };
  passed: boolean;
  gates: Record<GateName, GateResult>;
  n_common_games: number;
  n_bootstrap: number;
  seed: number;
  block: 'week' | 'game';
  overrides: GateOverride[];
  created_at: string;
}

export interface PromotionInput {
  baseline: ModelRun;
  candidate: ModelRun;
  market: Market;
  overrides?: readonly GateOverride[];
  /** The other candidates tested against the same baseline, phase and market (attempts log). */
  family?: readonly FamilyMember[];
  /** ISO timestamp, passed in to keep this function pure. */
  created_at: string;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const pts = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(2)}` : 'n/a');
const key = (g: { game_id: string; bet_type: string }) => `${g.game_id}|${g.bet_type}`;

function checkOverrides(overrides: readonly GateOverride[]): void {
  for (const o of overrides) {
    if (!OVERRIDABLE_GATES.includes(o.gate)) {
      throw new UsageError(`--override ${o.gate}: only ${OVERRIDABLE_GATES.join(', ')} can be overridden`);
    }
    if (!o.reason.trim()) throw new UsageError(`--override ${o.gate} needs --reason "…"`);
  }
}

/** The common (game, market) predictions, chronological, as [baseline, candidate] lists. */
function commonPredictions(a: ModelRun, b: ModelRun, market: Market): [EvaluatedGame[], EvaluatedGame[]] {
  const inMarket = (g: EvaluatedGame) => g.actual !== null && (market === 'all' || g.bet_type === market);
  const bMap = new Map(b.predictions.filter(inMarket).map((g) => [key(g), g]));
  const pairs = a.predictions.filter((g) => inMarket(g) && bMap.has(key(g))).map((g) => [g, bMap.get(key(g))!] as const);
  pairs.sort(
    ([x], [y]) =>
      weekOrdinal(x.season, x.season_type, x.week) - weekOrdinal(y.season, y.season_type, y.week) ||
      (x.game_id < y.game_id ? -1 : x.game_id > y.game_id ? 1 : 0) ||
      (x.bet_type < y.bet_type ? -1 : 1),
  );
  return [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
}

/** Quarter-by-quarter comparison (see the header). Exported for tests and reports. */
export function stabilityPeriods(paired: readonly PairedGame[], candidateBetsPerGame: readonly number[], quarters: number) {
  const total = candidateBetsPerGame.reduce((s, x) => s + x, 0);
  const sums = Array.from({ length: quarters }, () => ({ bs: 0, bu: 0, cs: 0, cu: 0, bets: 0 }));
  let before = 0;
  paired.forEach((g, i) => {
    const q = total > 0 ? Math.min(quarters - 1, Math.floor((quarters * before) / total)) : 0;
    const s = sums[q]!;
    s.bs += g.baseline_staked;
    s.bu += g.baseline_units;
    s.cs += g.candidate_staked;
    s.cu += g.candidate_units;
    s.bets += candidateBetsPerGame[i]!;
    before += candidateBetsPerGame[i]!;
  });
  return sums.map((s) => {
    const baseline_roi = roiOf(s.bu, s.bs);
    const candidate_roi = roiOf(s.cu, s.cs);
    return { candidate_bets: s.bets, baseline_roi, candidate_roi, candidate_wins: candidate_roi > baseline_roi };
  });
}

function relative(worse: number): string {
  if (!Number.isFinite(worse)) return 'n/a';
  return worse > 0 ? `${(worse * 100).toFixed(1)}% worse` : `${(-worse * 100).toFixed(1)}% better`;
}

/** Relative worsening (≥ 0 means worse) of a figure where higher is worse. */
function worseHigher(baseline: number, candidate: number): number {
  if (!Number.isFinite(baseline) || !Number.isFinite(candidate)) return NaN;
  if (baseline === 0) return candidate > 0 ? 1 : 0;
  return (candidate - baseline) / Math.abs(baseline);
}

export function promotionTest(input: PromotionInput, cfg: GatesConfig): PromotionTest {
  const overrides = [...(input.overrides ?? [])];
  checkOverrides(overrides);
  const { baseline, candidate, market } = input;
  const [basePreds, candPreds] = commonPredictions(baseline, candidate, market);
  if (basePreds.length === 0) {
    throw new UserError(`no common evaluated games between ${baseline.id} and ${candidate.id} (market ${market})`);
  }
  const common = new Set(basePreds.map(key));
  const candBets = candidate.bets.filter((b) => common.has(key(b)));
  const baseAll = baseline.bets.filter((b) => common.has(key(b)));
  const standsAside = baseAll.length < cfg.volume.min_bets;
  const baseBets = standsAside ? [] : baseAll;
  const bm = bettingMetrics(baseBets);
  const cm = bettingMetrics(candBets);
  const baseRoi = roiOf(bm.units, bm.staked);
  const baseHit = standsAside ? breakEvenProbability(-110) : bm.hit_rate;

  // one row per distinct game, chronological
  const blockOf = cfg.significance.block === 'week' ? weekBlock : (g: EvaluatedGame) => g.game_id;
  const games = [...new Map(basePreds.map((g) => [g.game_id, { game_id: g.game_id, block: blockOf(g) }])).values()];
  const paired = pairGames(games, baseBets, candBets);
  const bootOpts = { n: cfg.significance.n_bootstrap, seed: cfg.significance.seed };
  const boot = pairedBlockBootstrap(paired, bootOpts);
  const own = ownRoiBootstrap(paired, bootOpts);
  // the baseline's own ROI on its few bets is named beside the convention, never hidden by it
  const asideNote = standsAside ? ` (${baseline.id} placed ${count(baseAll.length, 'bet')} < ${cfg.volume.min_bets}${baseAll.length ? `, ROI ${pts(bettingMetrics(baseAll).roi * 100)}% on them` : ''}: it stands aside, ROI 0)` : '';

  // 1. performance
  const roiLift = (cm.roi - baseRoi) * 100;
  const hitLift = (cm.hit_rate - baseHit) * 100;
  const performance: GateResult = {
    // a hair of tolerance: (0.6 − 0.5) × 100 is 9.999999999999998 in floating point
    passed: roiLift >= cfg.performance.min_roi_lift - 1e-9 || hitLift >= cfg.performance.min_hit_rate_lift - 1e-9,
    value: finite(roiLift),
    threshold: cfg.performance.min_roi_lift,
    detail: `ROI lift ${pts(roiLift)} points (need ≥ ${cfg.performance.min_roi_lift}) or hit-rate lift ${pts(hitLift)} points (need ≥ ${cfg.performance.min_hit_rate_lift})${asideNote}`,
  };
  // 2. volume
  const volume: GateResult = {
    passed: cm.n_bets >= cfg.volume.min_bets,
    value: cm.n_bets,
    threshold: cfg.volume.min_bets,
    detail: `${cm.n_bets} candidate bets on the common games (need ≥ ${cfg.volume.min_bets})`,
  };
  // 3. significance, family-wise (Holm over this candidate and the others of its family)
  const alpha = 1 - cfg.significance.min_confidence;
  const others = [...(input.family ?? [])];
  const pValue = 1 - boot.confidence;
  const h = holm([pValue, ...others.map((o) => o.p_value)], alpha);
  const holmP = h.adjusted[0]!;
  const ci = boot.ci95.map((x) => pts(x * 100)).join(', ');
  const ownCi = own.ci95.map((x) => pts(x * 100)).join(', ');
  const significance: GateResult = {
    passed: h.rejected[0]!,
    value: boot.confidence,
    threshold: cfg.significance.min_confidence,
    detail:
      `P(candidate ROI > baseline ROI) = ${boot.confidence.toFixed(4)} over ${boot.n_bootstrap} studentized paired ${cfg.significance.block}-block resamples (${boot.n_blocks} blocks); ` +
      (others.length
        ? `Holm over ${others.length + 1} candidates tested against ${baseline.id}: adjusted p ${holmP.toFixed(4)} (need < ${alpha.toFixed(2)})`
        : `p ${pValue.toFixed(4)} (need < ${alpha.toFixed(2)}; 1 candidate in the family)`) +
      `; 95% interval of the ROI difference [${ci}] points; the candidate's own P(ROI > 0) = ${own.p_profit.toFixed(3)}, ROI interval [${ownCi}] points${asideNote}`,
  };
  // 4. stability
  const perGame = new Map<string, number>();
  for (const b of candBets) perGame.set(b.game_id, (perGame.get(b.game_id) ?? 0) + 1);
  const periods = stabilityPeriods(paired, paired.map((g) => perGame.get(g.game_id) ?? 0), cfg.stability.quarters);
  const wins = periods.filter((p) => p.candidate_wins).length;
  const override = overrides.find((o) => o.gate === 'stability');
  const stable = wins >= cfg.stability.min_wins;
  const stability: GateResult = {
    passed: stable || override !== undefined,
    value: wins,
    threshold: cfg.stability.min_wins,
    detail:
      `candidate beat the baseline in ${wins} of ${cfg.stability.quarters} chronological quarters (need ≥ ${cfg.stability.min_wins}): ` +
      periods.map((p, i) => `Q${i + 1} ${pts(p.candidate_roi * 100)} vs ${pts(p.baseline_roi * 100)}`).join('; ') +
      (override ? `; ${stable ? 'override not needed' : 'OVERRIDDEN'}: ${override.reason}` : ''),
  };
  // 5. no degradation, scale-free (see the header)
  const nWeeks = new Set(basePreds.map((g) => weekBlock(g))).size;
  const mae = [predictionMetrics(basePreds.map((g) => g.prediction), basePreds.map((g) => g.actual!)).mae, predictionMetrics(candPreds.map((g) => g.prediction), candPreds.map((g) => g.actual!)).mae];
  const checks: { name: string; b: number; c: number; worse: number }[] = [{ name: 'MAE', b: mae[0]!, c: mae[1]!, worse: worseHigher(mae[0]!, mae[1]!) }];
  if (!standsAside) {
    const bpw = [bm.n_bets / nWeeks, cm.n_bets / nWeeks];
    const stake = Math.min(bm.staked, cm.staked);
    const dd = [drawdownAtStake(chronological(baseBets), stake), drawdownAtStake(chronological(candBets), stake)];
    const streak = [streakRatio(bm.longest_losing_streak, bm.wins + bm.losses), streakRatio(cm.longest_losing_streak, cm.wins + cm.losses)];
    const chance = chanceStreakBound(cm.wins + cm.losses);
    const streakRef = Number.isNaN(streak[0]!) ? chance : Math.max(chance, streak[0]!);
    checks.push(
      { name: 'bets/week', b: bpw[0]!, c: bpw[1]!, worse: bpw[0]! > 0 ? (bpw[0]! - bpw[1]!) / bpw[0]! : 0 },
      { name: `max drawdown at equal stake (${stake.toFixed(1)} units)`, b: dd[0]!, c: dd[1]!, worse: worseHigher(dd[0]!, dd[1]!) },
      // a streak chance makes likely for the bet count is never a degradation: the reference is
      // the baseline's ratio or the coin-flip 95th percentile, whichever is larger (longest runs
      // are noisy: sd ≈ 1.9 runs; against the expectation itself a skilled candidate failed ~30%)
      { name: 'longest losing streak / coin-flip expectation (reference: the baseline or the chance 95th percentile, whichever is longer)', b: streakRef, c: streak[1]!, worse: worseHigher(streakRef, streak[1]!) },
    );
  }
  const worst = Math.max(...checks.map((c) => (Number.isNaN(c.worse) ? Infinity : c.worse)));
  const limit = cfg.degradation.max_worse;
  const no_degradation: GateResult = {
    passed: worst <= limit + 1e-12,
    value: finite(worst),
    threshold: limit,
    detail:
      checks.map((c) => `${c.name} ${c.c.toFixed(2)} vs ${c.b.toFixed(2)} (${relative(c.worse)})`).join('; ') +
      ` (each at most ${(limit * 100).toFixed(0)}% worse)` +
      (standsAside ? `; bets/week, drawdown and losing streak not compared: ${baseline.id} stands aside` : ''),
  };

  const gates = { performance, volume, significance, stability, no_degradation };
  return {
    baseline_id: baseline.id,
    candidate_id: candidate.id,
    phase: cfg.phase,
    market,
    baseline_roi: finite(baseRoi),
    candidate_roi: finite(cm.roi),
    improvement: finite(cm.roi - baseRoi),
    p_value: pValue,
    confidence: boot.confidence,
    ci95: boot.ci95,
    candidate_p_profit: own.p_profit,
    candidate_roi_ci95: own.ci95,
    baseline_convention: standsAside ? 'stands_aside' : 'bets',
    family: { candidates: others.length + 1, alpha, holm_p_value: holmP, others },
    passed: GATE_NAMES.every((g) => gates[g].passed),
    gates,
    n_common_games: games.length,
    n_bootstrap: boot.n_bootstrap,
    seed: cfg.significance.seed,
    block: cfg.significance.block,
    overrides,
    created_at: input.created_at,
  };
}

/** The common games of `market` (chronological, as the baseline predicted them) and each run's bets on them: what every gate reads. */
export function comparedBets(baseline: ModelRun, candidate: ModelRun, market: Market): { games: EvaluatedGame[]; baseline: ScoredBet[]; candidate: ScoredBet[] } {
  const [games] = commonPredictions(baseline, candidate, market);
  const common = new Set(games.map(key));
  return { games, baseline: baseline.bets.filter((b) => common.has(key(b))), candidate: candidate.bets.filter((b) => common.has(key(b))) };
}
