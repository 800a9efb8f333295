// Opponent adjustment of per-team statistics. Input: one observation per (team, game) — the
// team's offensive value, its opponent's offensive value in that game (= the team's defensive
// value), the team's recency weight for that game — and the league mean.
//
// Iterative (as specified): adjO_t = O_t - Σ w (adjD_opp - mean) / Σ w, adjD_t symmetrically,
// all teams updated from the previous iteration's values (teams on a bye keep theirs and stay in
// their opponents' sums), until the largest change < tolerance or `iterations` is reached.
// Ridge: x_off(t, g) - mean = off_t + def_opp, penalised by ridge_alpha; adjO = mean + off.
import { factorDiagonalBlock } from './linalg.ts';

export interface Observations {
  n: number;
  team: Int32Array;
  opp: Int32Array;
  weight: Float64Array;
}

export interface Adjusted {
  off: Float64Array;
  def: Float64Array;
  iterations: number;
  converged: boolean;
  maxChange: number;
}

/** Weighted raw means per team; NaN for teams without a valid observation. */
export function rawMeans(nTeams: number, obs: Observations, valid: Uint8Array, xo: Float64Array, xd: Float64Array) {
  const sw = new Float64Array(nTeams);
  const so = new Float64Array(nTeams);
  const sd = new Float64Array(nTeams);
  for (let j = 0; j < obs.n; j++) {
    if (!valid[j]) continue;
    const t = obs.team[j]!;
    const w = obs.weight[j]!;
    sw[t] += w;
    so[t] += w * xo[j]!;
    sd[t] += w * xd[j]!;
  }
  const off = new Float64Array(nTeams);
  const def = new Float64Array(nTeams);
  for (let t = 0; t < nTeams; t++) {
    off[t] = sw[t]! > 0 ? so[t]! / sw[t]! : NaN;
    def[t] = sw[t]! > 0 ? sd[t]! / sw[t]! : NaN;
  }
  return { off, def, weightSum: sw };
}

export function adjustIterative(
  obs: Observations,
  valid: Uint8Array,
  raw: { off: Float64Array; def: Float64Array; weightSum: Float64Array },
  mean: number,
  iterations: number,
  tolerance: number,
  damping = 0,
): Adjusted {
  const nT = raw.off.length;
  let off = Float64Array.from(raw.off);
  let def = Float64Array.from(raw.def);
  let nOff = new Float64Array(nT);
  let nDef = new Float64Array(nT);
  // Each team's valid observations, grouped by team (CSR): one pass per iteration.
  const rowStart = new Int32Array(nT + 1);
  for (let j = 0; j < obs.n; j++) if (valid[j] && obs.weight[j]! > 0) rowStart[obs.team[j]! + 1]++;
  for (let t = 0; t < nT; t++) rowStart[t + 1] += rowStart[t]!;
  const fillAt = rowStart.slice(0, nT);
  const opp = new Int32Array(rowStart[nT]!);
  const w = new Float64Array(rowStart[nT]!);
  for (let j = 0; j < obs.n; j++) {
    if (!valid[j] || !(obs.weight[j]! > 0)) continue;
    const k = fillAt[obs.team[j]!]++;
    opp[k] = obs.opp[j]!;
    w[k] = obs.weight[j]!;
  }
  const rawOff = raw.off;
  const rawDef = raw.def;
  const wsum = raw.weightSum;
  const keep = damping;
  const take = 1 - damping;
  // The league's weighted averages of raw offence and defence: each iteration is re-centred on
  // them. With equal weights the update preserves them anyway; with per-team recency weights a
  // game weighs differently for its two teams, the system has no exact fixed point, and without
  // re-centring the whole league's level drifts a little every iteration.
  let tw = 0;
  let anchorO = 0;
  let anchorD = 0;
  for (let t = 0; t < nT; t++) {
    const sw = wsum[t]!;
    if (!(sw > 0)) continue;
    tw += sw;
    anchorO += sw * rawOff[t]!;
    anchorD += sw * rawDef[t]!;
  }
  anchorO /= tw;
  anchorD /= tw;
  let it = 0;
  let change = Infinity;
  while (it < iterations) {
    let mo = 0;
    let md = 0;
    for (let t = 0; t < nT; t++) {
      const sw = wsum[t]!;
      if (!(sw > 0)) {
        nOff[t] = NaN;
        nDef[t] = NaN;
        continue;
      }
      let so = 0;
      let sd = 0;
      const end = rowStart[t + 1]!;
      for (let k = rowStart[t]!; k < end; k++) {
        const o = opp[k]!;
        const wk = w[k]!;
        so += wk * def[o]!;
        sd += wk * off[o]!;
      }
      // damping = 0 is the plain update; keeping a share of the previous value damps the
      // two-step oscillation that bipartite early-season schedules cause.
      const uo = take * (rawOff[t]! - (so / sw - mean)) + keep * off[t]!;
      const ud = take * (rawDef[t]! - (sd / sw - mean)) + keep * def[t]!;
      nOff[t] = uo;
      nDef[t] = ud;
      mo += sw * uo;
      md += sw * ud;
    }
    const shiftO = anchorO - mo / tw;
    const shiftD = anchorD - md / tw;
    change = 0;
    for (let t = 0; t < nT; t++) {
      if (!(wsum[t]! > 0)) continue;
      const uo = nOff[t]! + shiftO;
      const ud = nDef[t]! + shiftD;
      nOff[t] = uo;
      nDef[t] = ud;
      const co = Math.abs(uo - off[t]!);
      const cd = Math.abs(ud - def[t]!);
      if (co > change) change = co;
      if (cd > change) change = cd;
    }
    const tmpO = off;
    off = nOff;
    nOff = tmpO;
    const tmpD = def;
    def = nDef;
    nDef = tmpD;
    it++;
    if (change < tolerance) return { off, def, iterations: it, converged: true, maxChange: change };
  }
  return { off, def, iterations: it, converged: false, maxChange: change };
}

/**
 * Ridge adjustment for several statistics sharing one validity pattern: the normal matrix is
 * the same for all of them, so it is factored once. Returns one Adjusted per value column.
 */
export function adjustRidge(
  nTeams: number,
  obs: Observations,
  valid: Uint8Array,
  values: Float64Array[],
  means: number[],
  ridgeAlpha: number,
): Adjusted[] {
  const local = new Int32Array(nTeams).fill(-1);
  const teams: number[] = [];
  for (let j = 0; j < obs.n; j++) {
    if (!valid[j]) continue;
    for (const t of [obs.team[j]!, obs.opp[j]!]) if (local[t] === -1) { local[t] = 0; teams.push(t); }
  }
  teams.sort((a, b) => a - b);
  teams.forEach((t, i) => (local[t] = i));
  const m = teams.length;
  const d1 = new Float64Array(m);
  const c = new Float64Array(m * m);
  const a22 = new Float64Array(m * m);
  for (let j = 0; j < obs.n; j++) {
    if (!valid[j]) continue;
    const t = local[obs.team[j]!]!;
    const o = local[obs.opp[j]!]!;
    const w = obs.weight[j]!;
    d1[t] += w;
    c[t * m + o] += w;
    a22[o * m + o] += w;
  }
  for (let i = 0; i < m; i++) {
    d1[i] += ridgeAlpha + 1e-9;
    a22[i * m + i] += ridgeAlpha + 1e-9;
  }
  const solve = m > 0 ? factorDiagonalBlock(m, m, d1, c, a22) : null;
  return values.map((x, s) => {
    const r1 = new Float64Array(m);
    const r2 = new Float64Array(m);
    for (let j = 0; j < obs.n; j++) {
      if (!valid[j]) continue;
      const y = obs.weight[j]! * (x[j]! - means[s]!);
      r1[local[obs.team[j]!]!] += y;
      r2[local[obs.opp[j]!]!] += y;
    }
    const sol = solve ? solve(r1, r2) : { x1: r1, x2: r2 };
    const off = new Float64Array(nTeams).fill(NaN);
    const def = new Float64Array(nTeams).fill(NaN);
    for (let t = 0; t < nTeams; t++) {
      const i = local[t]!;
      if (i < 0) continue;
      off[t] = means[s]! + sol.x1[i]!;
      def[t] = means[s]! + sol.x2[i]!;
    }
    return { off, def, iterations: 1, converged: true, maxChange: 0 };
  });
}
