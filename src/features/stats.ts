// Team statistics to date from team_game: a team's offensive value in a game is its own row's
// statistic, its defensive value the opponent's row's. Per team the current season's games are
// weighted by recency rank (weights.ts), optionally opponent-adjusted (adjust.ts), then blended
// with last season's final value shrunk toward last season's mean (carryover), worth
// `prior_games` games against the team's count of games (not its recency weights, which for an
// EWMA never add up past 1/alpha: the prior must fade as games accumulate whatever the
// weighting) — so week 1 is last season's shrunk value.
import type { FeaturesConfig } from '../config/groups/features.ts';
import type { TeamStat } from '../data/schema.ts';
import type { IndexedGame } from './history.ts';
import { rankWeight } from './weights.ts';
import { adjustIterative, adjustRidge, rawMeans, type Adjusted, type Observations } from './adjust.ts';

export type StatsConfig = FeaturesConfig['stats'];
export type AdjustmentConfig = FeaturesConfig['adjustment'];

export interface AdjustmentReport {
  stat: string;
  iterations: number;
  converged: boolean;
  max_change: number;
}

export interface StatState {
  columns: TeamStat[];
  off: Float64Array[];
  def: Float64Array[];
  mean: number[];
  report: AdjustmentReport[];
}

export function observations(nTeams: number, window: IndexedGame[], cfg: StatsConfig): Observations {
  const count = new Int32Array(nTeams);
  for (const g of window) {
    count[g.home]++;
    count[g.away]++;
  }
  const seen = new Int32Array(nTeams);
  const n = window.length * 2;
  const obs: Observations = { n, team: new Int32Array(n), opp: new Int32Array(n), weight: new Float64Array(n) };
  // Home side at 2i, away side at 2i + 1, in that order (a team's rank counts its earlier rows).
  // Written out, not a loop over [j, team, opponent] triples: three arrays a game made the
  // season-end states of a fresh command's feature build allocation-bound.
  const put = (j: number, t: number, o: number) => {
    const k = count[t]! - 1 - seen[t]!++;
    obs.team[j] = t;
    obs.opp[j] = o;
    obs.weight[j] = rankWeight(k, cfg.weighting, cfg.alpha, cfg.last_n);
  };
  for (let i = 0; i < window.length; i++) {
    const g = window[i]!;
    put(2 * i, g.home, g.away);
    put(2 * i + 1, g.away, g.home);
  }
  return obs;
}

function statValues(window: IndexedGame[], col: TeamStat): { xo: Float64Array; xd: Float64Array; valid: Uint8Array; mean: number } {
  const n = window.length * 2;
  const xo = new Float64Array(n);
  const xd = new Float64Array(n);
  const valid = new Uint8Array(n);
  let sum = 0;
  let cnt = 0;
  window.forEach((g, i) => {
    const h = g.homeStats?.[col];
    const a = g.awayStats?.[col];
    const ok = h !== null && h !== undefined && a !== null && a !== undefined && Number.isFinite(h) && Number.isFinite(a);
    xo[2 * i] = ok ? h : NaN;
    xd[2 * i] = ok ? a : NaN;
    xo[2 * i + 1] = ok ? a : NaN;
    xd[2 * i + 1] = ok ? h : NaN;
    if (ok) {
      valid[2 * i] = valid[2 * i + 1] = 1;
      sum += h + a;
      cnt += 2;
    }
  });
  return { xo, xd, valid, mean: cnt > 0 ? sum / cnt : NaN };
}

function sameMask(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function computeStats(
  nTeams: number,
  window: IndexedGame[],
  prior: StatState | null,
  cfg: StatsConfig,
  adj: AdjustmentConfig,
): StatState {
  const obs = observations(nTeams, window, cfg);
  const cols = cfg.columns as TeamStat[];
  const vals = cols.map((c) => statValues(window, c));
  const raws = vals.map((v) => rawMeans(nTeams, obs, v.valid, v.xo, v.xd));
  const adjusted: Adjusted[] = new Array(cols.length);
  if (adj.method === 'ridge') {
    // Group statistics with the same missing-value pattern: one factorisation per group.
    const done = new Set<number>();
    for (let s = 0; s < cols.length; s++) {
      if (done.has(s)) continue;
      const group = cols.map((_, u) => u).filter((u) => !done.has(u) && sameMask(vals[u]!.valid, vals[s]!.valid));
      const res = adjustRidge(nTeams, obs, vals[s]!.valid, group.map((u) => vals[u]!.xo), group.map((u) => vals[u]!.mean), adj.ridge_alpha);
      group.forEach((u, i) => {
        adjusted[u] = res[i]!;
        done.add(u);
      });
    }
  } else {
    for (let s = 0; s < cols.length; s++) {
      adjusted[s] =
        adj.method === 'iterative'
          ? adjustIterative(obs, vals[s]!.valid, raws[s]!, vals[s]!.mean, adj.iterations, adj.tolerance, adj.damping)
          : { ...raws[s]!, iterations: 0, converged: true, maxChange: 0 };
    }
  }
  const state: StatState = { columns: cols, off: [], def: [], mean: [], report: [] };
  cols.forEach((col, s) => {
    const pm = prior ? prior.mean[s]! : NaN;
    const mean = Number.isFinite(vals[s]!.mean) ? vals[s]!.mean : pm;
    const games = new Int32Array(nTeams);
    for (let j = 0; j < obs.n; j++) if (vals[s]!.valid[j]) games[obs.team[j]!]++;
    const blend = (own: Float64Array, prev: Float64Array | undefined) => {
      const out = new Float64Array(nTeams);
      for (let t = 0; t < nTeams; t++) {
        const w = games[t]!;
        const pv = prev ? prev[t]! : NaN;
        const p = Number.isFinite(pv) && Number.isFinite(pm) ? pm + cfg.carryover * (pv - pm) : NaN;
        const l = Number.isFinite(p) ? cfg.prior_games : 0;
        if (w > 0) out[t] = l > 0 ? (w * own[t]! + l * p) / (w + l) : own[t]!;
        else out[t] = l > 0 ? p : NaN;
      }
      return out;
    };
    state.off.push(blend(adjusted[s]!.off, prior?.off[s]));
    state.def.push(blend(adjusted[s]!.def, prior?.def[s]));
    state.mean.push(mean);
    state.report.push({ stat: col, iterations: adjusted[s]!.iterations, converged: adjusted[s]!.converged, max_change: adjusted[s]!.maxChange });
  });
  return state;
}
