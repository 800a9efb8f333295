import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustIterative, adjustRidge, rawMeans, type Observations } from './adjust.ts';

// 4-team league, equal weights: A-B (A 0.3, B 0.1), C-D (C 0.2, D 0.0), A-C (A 0.1, C 0.3).
// Teams 0..3 = A..D. Each game gives two observations (team, opponent, team's value, opponent's).
const rows: [number, number, number, number][] = [
  [0, 1, 0.3, 0.1], [1, 0, 0.1, 0.3],
  [2, 3, 0.2, 0.0], [3, 2, 0.0, 0.2],
  [0, 2, 0.1, 0.3], [2, 0, 0.3, 0.1],
];
const obs: Observations = {
  n: rows.length,
  team: Int32Array.from(rows.map((r) => r[0])),
  opp: Int32Array.from(rows.map((r) => r[1])),
  weight: new Float64Array(rows.length).fill(1),
};
const xo = Float64Array.from(rows.map((r) => r[2]));
const xd = Float64Array.from(rows.map((r) => r[3]));
const valid = new Uint8Array(rows.length).fill(1);
const mean = 1.0 / 6;
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('raw per-team means: offence from own values, defence from the opponents\' values', () => {
  const raw = rawMeans(4, obs, valid, xo, xd);
  [0.2, 0.1, 0.25, 0].forEach((v, t) => close(raw.off[t]!, v));
  [0.2, 0.3, 0.05, 0.2].forEach((v, t) => close(raw.def[t]!, v));
});

test('one opponent-adjustment iteration by hand', () => {
  const raw = rawMeans(4, obs, valid, xo, xd);
  const one = adjustIterative(obs, valid, raw, mean, 1, 1e-12);
  // adjO_A = 0.2 - ((D_B - m) + (D_C - m))/2 = 0.2 - (0.35/2 - m) = 0.025 + m, and so on.
  const off = [0.025 + mean, 0.1 - (0.2 - mean), 0.25 - (0.2 - mean), 0 - (0.05 - mean)];
  const def = [0.2 - (0.175 - mean), 0.3 - (0.2 - mean), 0.05 - (0.1 - mean), 0.2 - (0.25 - mean)];
  off.forEach((v, t) => close(one.off[t]!, v));
  def.forEach((v, t) => close(one.def[t]!, v));
  assert.equal(one.iterations, 1);
  assert.equal(one.converged, false);
});

test('iterations stop at the tolerance and report it; a team without games stays NaN', () => {
  // A 5-team league with an odd cycle converges; team 5 never played.
  const pairs = [[0, 1], [1, 2], [2, 0], [2, 3], [3, 4], [4, 0], [1, 3]];
  const vals = [0.3, 0.1, 0.2, 0.0, 0.25, -0.1, 0.05, 0.15, 0.2, 0.12, 0.1, 0.0, 0.3, 0.22];
  const o: Observations = { n: pairs.length * 2, team: new Int32Array(14), opp: new Int32Array(14), weight: new Float64Array(14).fill(1) };
  const a = new Float64Array(14);
  const b = new Float64Array(14);
  pairs.forEach(([h, v], i) => {
    o.team[2 * i] = h!; o.opp[2 * i] = v!; a[2 * i] = vals[2 * i]!; b[2 * i] = vals[2 * i + 1]!;
    o.team[2 * i + 1] = v!; o.opp[2 * i + 1] = h!; a[2 * i + 1] = vals[2 * i + 1]!; b[2 * i + 1] = vals[2 * i]!;
  });
  const ok = new Uint8Array(14).fill(1);
  const m = vals.reduce((s, v) => s + v, 0) / 14;
  const raw = rawMeans(6, o, ok, a, b);
  const res = adjustIterative(o, ok, raw, m, 500, 1e-10);
  assert.equal(res.converged, true);
  assert.ok(res.iterations > 1 && res.iterations < 500);
  assert.ok(res.maxChange < 1e-10);
  assert.ok(Number.isNaN(res.off[5]!));
  // At the fixed point the defining equation holds for every team.
  for (let t = 0; t < 5; t++) {
    let s = 0;
    let w = 0;
    for (let j = 0; j < 14; j++) if (o.team[j] === t) { s += res.def[o.opp[j]!]! - m; w++; }
    close(res.off[t]!, raw.off[t]! - s / w, 1e-9);
  }
  const capped = adjustIterative(o, ok, raw, m, 3, 1e-10);
  assert.equal(capped.iterations, 3);
  assert.equal(capped.converged, false);
});

test('ridge adjustment: tiny penalty reproduces consistent data, huge penalty returns the mean', () => {
  const offT = [0.1, -0.05, 0.02, -0.07];
  const defT = [-0.03, 0.04, 0.01, -0.02];
  const pairs = [[0, 1], [2, 3], [0, 2], [1, 3], [0, 3], [1, 2]];
  const o: Observations = { n: 12, team: new Int32Array(12), opp: new Int32Array(12), weight: new Float64Array(12).fill(1) };
  const x = new Float64Array(12);
  pairs.forEach(([h, v], i) => {
    o.team[2 * i] = h!; o.opp[2 * i] = v!; x[2 * i] = 0.1 + offT[h!]! + defT[v!]!;
    o.team[2 * i + 1] = v!; o.opp[2 * i + 1] = h!; x[2 * i + 1] = 0.1 + offT[v!]! + defT[h!]!;
  });
  const ok = new Uint8Array(12).fill(1);
  const m = x.reduce((s, v) => s + v, 0) / 12;
  const [fit] = adjustRidge(4, o, ok, [x], [m], 1e-9);
  for (let j = 0; j < 12; j++) close(fit!.off[o.team[j]!]! + fit!.def[o.opp[j]!]! - m, x[j]!, 1e-6);
  const [flat] = adjustRidge(4, o, ok, [x], [m], 1e12);
  for (let t = 0; t < 4; t++) close(flat!.off[t]!, m, 1e-9);
});

test('unequal per-team weights: the league level stays at the raw weighted averages', () => {
  const w = Float64Array.from([1, 0.7, 0.49, 1, 1, 0.7]);
  const o2: Observations = { ...obs, weight: w };
  const raw = rawMeans(4, o2, valid, xo, xd);
  const level = (v: Float64Array) => [0, 1, 2, 3].reduce((s, t) => s + raw.weightSum[t]! * v[t]!, 0) / raw.weightSum.reduce((s, x) => s + x, 0);
  for (const damping of [0, 0.3]) {
    const res = adjustIterative(o2, valid, raw, mean, 40, 1e-12, damping);
    close(level(res.off), level(raw.off), 1e-12);
    close(level(res.def), level(raw.def), 1e-12);
  }
});
