// Margin ratings: a ridge (Massey-style) fit of capped home margin = r(home) - r(away) + HFA
// (HFA only off neutral sites), games weighted by recency, each team pulled toward last season's
// rating times `carryover` with a weight of `prior_games` games (so the prior fades as games
// accumulate) and toward 0 with `alpha`. The optional offense/defense split fits points scored
// = mean + off(team) - def(opponent) ± HFA/2 the same way.
import type { FeaturesConfig } from '../config/groups/features.ts';
import type { IndexedGame } from './history.ts';
import { halfLifeWeight } from './weights.ts';
import { factorDiagonalBlock, solveSpd } from './linalg.ts';

export type RatingsConfig = FeaturesConfig['ratings'];

export interface RatingState {
  /** Per team (global index): points better than an average team on a neutral field; NaN = no information. */
  rating: Float64Array;
  hfa: number;
  /** Points scored above the league mean / points prevented below it (when the split is on). */
  off: Float64Array | null;
  def: Float64Array | null;
  meanPoints: number;
}

// Keeps every system strictly positive definite even with alpha = 0 and no prior.
const EPS = 1e-9;

function localTeams(nTeams: number, window: IndexedGame[]): { local: Int32Array; teams: number[] } {
  const local = new Int32Array(nTeams).fill(-1);
  const seen: number[] = [];
  for (const g of window) {
    if (local[g.home] === -1) { local[g.home] = 0; seen.push(g.home); }
    if (local[g.away] === -1) { local[g.away] = 0; seen.push(g.away); }
  }
  // Unknowns in global (sorted-name) order: the summation order never depends on row order.
  seen.sort((a, b) => a - b);
  seen.forEach((t, i) => (local[t] = i));
  return { local, teams: seen };
}

function priorValue(prior: Float64Array | null | undefined, t: number): number {
  const p = prior ? prior[t]! : NaN;
  return Number.isFinite(p) ? p : NaN;
}

export function fitRatings(
  nTeams: number,
  window: IndexedGame[],
  refWeek: number,
  prior: RatingState | null,
  cfg: RatingsConfig,
): RatingState {
  const { local, teams } = localTeams(nTeams, window);
  const m = teams.length;
  const n = m + 1;
  const a = new Float64Array(n * n);
  const b = new Float64Array(n);
  const cap = cfg.blowout_cap ?? Infinity;
  for (const g of window) {
    const w = halfLifeWeight(refWeek - g.seasonWeek, cfg.recency_half_life_weeks);
    const y = Math.max(-cap, Math.min(cap, g.margin));
    const h = local[g.home]!;
    const v = local[g.away]!;
    const x = g.game.neutral_site ? 0 : 1;
    a[h * n + h] += w;
    a[v * n + v] += w;
    a[h * n + v] -= w;
    a[v * n + h] -= w;
    a[h * n + m] += w * x;
    a[m * n + h] += w * x;
    a[v * n + m] -= w * x;
    a[m * n + v] -= w * x;
    a[m * n + m] += w * x;
    b[h] += w * y;
    b[v] -= w * y;
    b[m] += w * x * y;
  }
  const lam = cfg.prior_games;
  for (let i = 0; i < m; i++) {
    const p = priorValue(prior?.rating, teams[i]!);
    const l = Number.isFinite(p) ? lam : 0;
    a[i * n + i] += cfg.alpha + l + EPS;
    if (l > 0) b[i] += l * cfg.carryover * p;
  }
  a[m * n + m] += cfg.home_advantage_weight + EPS;
  b[m] += cfg.home_advantage_weight * cfg.home_advantage_prior;
  const x = solveSpd(a, n, b);
  const rating = new Float64Array(nTeams);
  for (let t = 0; t < nTeams; t++) {
    rating[t] = local[t]! >= 0 ? x[local[t]!]! : priorOnly(priorValue(prior?.rating, t), cfg);
  }
  const split = cfg.offense_defense ? fitOffenseDefense(nTeams, window, refWeek, prior, cfg, local, teams) : null;
  return { rating, hfa: x[m]!, off: split?.off ?? null, def: split?.def ?? null, meanPoints: split?.meanPoints ?? NaN };
}

/** A team without games this season: its shrunk prior under the same penalties, or NaN. */
function priorOnly(p: number, cfg: RatingsConfig): number {
  if (!Number.isFinite(p) || cfg.prior_games === 0) return NaN;
  return (cfg.prior_games * cfg.carryover * p) / (cfg.prior_games + cfg.alpha + EPS);
}

function fitOffenseDefense(
  nTeams: number,
  window: IndexedGame[],
  refWeek: number,
  prior: RatingState | null,
  cfg: RatingsConfig,
  local: Int32Array,
  teams: number[],
): { off: Float64Array; def: Float64Array; meanPoints: number } {
  const m = teams.length;
  const k = m + 1; // defence unknowns, then half the home advantage's partner
  let sw = 0;
  let swp = 0;
  const weights = window.map((g) => halfLifeWeight(refWeek - g.seasonWeek, cfg.recency_half_life_weeks));
  window.forEach((g, i) => {
    sw += 2 * weights[i]!;
    swp += weights[i]! * (g.game.home_points! + g.game.away_points!);
  });
  const mean = sw > 0 ? swp / sw : prior?.meanPoints ?? NaN;
  const d1 = new Float64Array(m);
  const c = new Float64Array(m * k);
  const a22 = new Float64Array(k * k);
  const r1 = new Float64Array(m);
  const r2 = new Float64Array(k);
  const addRow = (w: number, offT: number, defT: number, hx: number, y: number) => {
    d1[offT] += w;
    c[offT * k + defT] -= w;
    c[offT * k + m] += w * hx;
    a22[defT * k + defT] += w;
    a22[defT * k + m] -= w * hx;
    a22[m * k + defT] -= w * hx;
    a22[m * k + m] += w * hx * hx;
    r1[offT] += w * y;
    r2[defT] -= w * y;
    r2[m] += w * hx * y;
  };
  window.forEach((g, i) => {
    const w = weights[i]!;
    const hx = g.game.neutral_site ? 0 : 0.5;
    const h = local[g.home]!;
    const v = local[g.away]!;
    addRow(w, h, v, hx, g.game.home_points! - mean);
    addRow(w, v, h, -hx, g.game.away_points! - mean);
  });
  const lam = cfg.prior_games;
  for (let i = 0; i < m; i++) {
    const po = priorValue(prior?.off, teams[i]!);
    const pd = priorValue(prior?.def, teams[i]!);
    const lo = Number.isFinite(po) ? lam : 0;
    const ld = Number.isFinite(pd) ? lam : 0;
    d1[i] += cfg.alpha + lo + EPS;
    a22[i * k + i] += cfg.alpha + ld + EPS;
    if (lo > 0) r1[i] += lo * cfg.carryover * po;
    if (ld > 0) r2[i] += ld * cfg.carryover * pd;
  }
  a22[m * k + m] += cfg.home_advantage_weight + EPS;
  r2[m] += cfg.home_advantage_weight * cfg.home_advantage_prior;
  const { x1, x2 } = factorDiagonalBlock(m, k, d1, c, a22)(r1, r2);
  const off = new Float64Array(nTeams);
  const def = new Float64Array(nTeams);
  for (let t = 0; t < nTeams; t++) {
    const i = local[t]!;
    off[t] = i >= 0 ? x1[i]! : priorOnly(priorValue(prior?.off, t), cfg);
    def[t] = i >= 0 ? x2[i]! : priorOnly(priorValue(prior?.def, t), cfg);
  }
  return { off, def, meanPoints: mean };
}
