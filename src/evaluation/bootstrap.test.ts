import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/prng.ts';
import {
  blockSums,
  pairGames,
  pairedBlockBootstrap,
  pairedDifferences,
  percentileSorted,
  studentizedDifferences,
  weekBlock,
  type PairedGame,
} from './bootstrap.ts';
import { scored } from '../../test/support/evaluation-testkit.ts';
import { unpairedBlockBootstrap } from '../../test/support/unpaired-bootstrap.ts';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

// Two weeks. Week A: baseline 2 staked +1, candidate 1 staked +0.5. Week B: baseline 1 staked −1,
// candidate 2 staked +0.2 (split over two games). Resamples of 2 blocks:
//   AA (1/4): baseline 0.5, candidate 0.5 → tie;  AB/BA (1/2): 0 vs 0.7/3 → candidate;
//   BB (1/4): −1 vs 0.1 → candidate.  Confidence = 1/4·½ + 1/2 + 1/4 = 0.875.
const TWO_WEEKS: PairedGame[] = [
  { game_id: 'a1', block: 'A', baseline_staked: 2, baseline_units: 1, candidate_staked: 1, candidate_units: 0.5 },
  { game_id: 'b1', block: 'B', baseline_staked: 1, baseline_units: -1, candidate_staked: 1, candidate_units: 1.1 },
  { game_id: 'b2', block: 'B', baseline_staked: 0, baseline_units: 0, candidate_staked: 1, candidate_units: -0.9 },
];

test('paired block bootstrap against the enumerable two-block distribution', () => {
  const r = pairedBlockBootstrap(TWO_WEEKS, { n: 20000, seed: 7 });
  assert.equal(r.n_blocks, 2);
  assert.equal(r.n_bootstrap, 20000);
  close(r.baseline_roi, 0);
  close(r.candidate_roi, 0.7 / 3);
  close(r.observed_difference, 0.7 / 3);
  // the plain resampled differences (the percentile bootstrap) take exactly the three enumerated
  // values, in the right shares; their share above 0 would be 0.875
  const s = blockSums(TWO_WEEKS, (i) => TWO_WEEKS[i]!.baseline_staked, (i) => TWO_WEEKS[i]!.baseline_units);
  const c = blockSums(TWO_WEEKS, (i) => TWO_WEEKS[i]!.candidate_staked, (i) => TWO_WEEKS[i]!.candidate_units);
  assert.deepEqual([...s.staked, ...s.units, ...c.staked], [2, 1, 1, -1, 1, 2]);
  close(c.units[1]!, 0.2);
  const { diff, wins } = pairedDifferences(s.staked, s.units, c.staked, c.units, { n: 20000, seed: 7 });
  const counts = new Map<string, number>();
  for (const d of diff) counts.set(d.toFixed(6), (counts.get(d.toFixed(6)) ?? 0) + 1);
  assert.deepEqual([...counts.keys()].sort(), ['0.000000', '0.233333', '1.100000']);
  assert.ok(Math.abs(counts.get('0.233333')! / 20000 - 0.5) < 0.015);
  assert.ok(Math.abs(counts.get('1.100000')! / 20000 - 0.25) < 0.015);
  assert.ok(Math.abs(wins / 20000 - 0.875) < 0.01);
  // studentized: AB/BA are the observed data (t* = 0, difference 0.7/3); AA and BB have no spread
  // (one block drawn twice) and are studentized by the observed se, d − (d* − d): AA 1.4/3 (the
  // candidate ahead), BB 1.4/3 − 1.1 (behind). Confidence = 1/2 + 1/4 = 0.75; the 2.5th
  // percentile lies in BB's mass, the 97.5th in AA's.
  assert.ok(Math.abs(r.confidence - 0.75) < 0.01, `confidence ${r.confidence}`);
  close(r.ci95[0], 1.4 / 3 - 1.1);
  close(r.ci95[1], 1.4 / 3);
});

test('studentized bootstrap against a hand-enumerated three-week distribution', () => {
  // Equal stakes (1 unit a week each): the candidate's weekly lead over the baseline is x = (−1, 0, 3),
  // so d = mean(x) = 2/3 and the delta-method se is the plain one of a mean, sqrt(Σ(x − x̄)²)/3 = √78/9.
  const games: PairedGame[] = [
    { game_id: 'a', block: 'A', baseline_staked: 1, baseline_units: 1, candidate_staked: 1, candidate_units: 0 },
    { game_id: 'b', block: 'B', baseline_staked: 1, baseline_units: -1, candidate_staked: 1, candidate_units: -1 },
    { game_id: 'c', block: 'C', baseline_staked: 1, baseline_units: 0, candidate_staked: 1, candidate_units: 3 },
  ];
  // The 27 equally likely draws by multiset of x, with d − se·(m − d)/se_m (m, se_m: the draw's mean and se):
  const r13 = Math.sqrt(13); // √78/√6
  const r78 = (k: number) => Math.sqrt(78 / k);
  const expected: [number, number][] = [
    [7 / 3, 1], // {−1,−1,−1}: no spread, studentized by the observed se: d − (m − d) = 2/3 + 5/3
    [4 / 3, 1], // {0,0,0}
    [-5 / 3, 1], // {3,3,3}
    [2 / 3 + (4 / 3) * r13, 3], // {−1,−1,0}: m = −2/3, se_m = √6/9
    [2 / 3 + (1 / 3) * r78(96), 3], // {−1,−1,3}: m = 1/3, se_m = √96/9
    [2 / 3 + r13, 3], // {−1,0,0}: m = −1/3, se_m = √6/9
    [2 / 3 - (1 / 3) * r78(54), 3], // {0,0,3}: m = 1, se_m = √54/9
    [2 / 3 - r78(96), 3], // {−1,3,3}: m = 5/3 → behind
    [2 / 3 - (4 / 3) * r78(54), 3], // {0,3,3}: m = 2 → behind
    [2 / 3, 6], // {−1,0,3}: the data, t* = 0
  ];
  const s = blockSums(games, (i) => games[i]!.baseline_staked, (i) => games[i]!.baseline_units);
  const c = blockSums(games, (i) => games[i]!.candidate_staked, (i) => games[i]!.candidate_units);
  const n = 27000;
  const st = studentizedDifferences(s.staked, s.units, c.staked, c.units, { n, seed: 3 });
  close(st.observed, 2 / 3);
  close(st.se, Math.sqrt(78) / 9);
  const found = new Map<number, number>();
  for (const d of st.diff) {
    const k = expected.findIndex(([v]) => Math.abs(v - d) < 1e-9);
    assert.ok(k >= 0, `unexpected studentized difference ${d}`);
    found.set(k, (found.get(k) ?? 0) + 1);
  }
  for (const [k, [, w]] of expected.entries()) assert.ok(Math.abs((found.get(k) ?? 0) / n - w / 27) < 0.01, `share of ${expected[k]![0]}`);
  // ahead in all but {3,3,3}, {−1,3,3} and {0,3,3}: 20/27 (the percentile bootstrap: (19 + ½)/27, {0,0,0} a tie)
  const r = pairedBlockBootstrap(games, { n, seed: 3 });
  assert.ok(Math.abs(r.confidence - 20 / 27) < 0.01, `confidence ${r.confidence}`);
  assert.equal(r.confidence, st.wins / n);
  close(r.ci95[0], -5 / 3);
  close(r.ci95[1], 2 / 3 + (4 / 3) * r13);
  const plain = pairedDifferences(s.staked, s.units, c.staked, c.units, { n, seed: 3 });
  assert.ok(Math.abs(plain.wins / n - 19.5 / 27) < 0.01, `percentile ${plain.wins / n}`);
});

test('same seed, same answer; another seed, a close one', () => {
  const a = pairedBlockBootstrap(TWO_WEEKS, { n: 2000, seed: 1 });
  assert.deepEqual(pairedBlockBootstrap(TWO_WEEKS, { n: 2000, seed: 1 }), a);
  const b = pairedBlockBootstrap(TWO_WEEKS, { n: 2000, seed: 2 });
  assert.notEqual(b.confidence, a.confidence);
  assert.ok(Math.abs(b.confidence - a.confidence) < 0.03);
});

function noisyGames(n: number, weeks: number, seed: number): PairedGame[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const u = rng.next() < 0.52 ? 1 / 1.1 : -1;
    return { game_id: `g${i}`, block: `w${i % weeks}`, baseline_staked: 1, baseline_units: u, candidate_staked: 1, candidate_units: u };
  });
}

test('pairing: identical models give every resample a zero difference; unpaired does not', () => {
  const games = noisyGames(300, 15, 3);
  const p = pairedBlockBootstrap(games, { n: 1000, seed: 5 });
  assert.equal(p.confidence, 0.5); // all ties, counted half
  assert.deepEqual(p.ci95, [0, 0]);
  const side = (k: 'baseline' | 'candidate') =>
    games.map((g) => ({ game_id: g.game_id, block: g.block, staked: g[`${k}_staked`], units: g[`${k}_units`] }));
  const u = unpairedBlockBootstrap(side('baseline'), side('candidate'), { n: 1000, seed: 5 });
  assert.equal(u.observed_difference, 0);
  assert.ok(u.ci95[0] < -0.03 && u.ci95[1] > 0.03, `unpaired interval ${u.ci95}`);
  assert.ok(u.confidence > 0.3 && u.confidence < 0.7);
});

test('the same resampled weeks for both models: a candidate that adds +0.1 unit per game is always ahead', () => {
  const games = noisyGames(200, 10, 4).map((g) => ({ ...g, candidate_units: g.baseline_units + 0.1 }));
  const r = pairedBlockBootstrap(games, { n: 2000, seed: 9 });
  assert.equal(r.confidence, 1);
  close(r.ci95[0], 0.1, 1e-9);
  close(r.ci95[1], 0.1, 1e-9);
});

test('zero stake in a resample counts as ROI 0', () => {
  // The candidate only bets in week B: resample AA has candidate ROI 0 vs baseline −1.
  const games: PairedGame[] = [
    { game_id: 'a', block: 'A', baseline_staked: 1, baseline_units: -1, candidate_staked: 0, candidate_units: 0 },
    { game_id: 'b', block: 'B', baseline_staked: 1, baseline_units: -1, candidate_staked: 1, candidate_units: -1 },
  ];
  // AA: 0 − (−1) = 1 > 0; AB: −1 vs −1 tie; BB: tie. confidence = 1/4 + 3/4·½ = 0.625 (every week
  // shows the same linearised difference, so there is no se to studentize by: the plain draws count)
  const r = pairedBlockBootstrap(games, { n: 20000, seed: 11 });
  assert.ok(Math.abs(r.confidence - 0.625) < 0.01, `${r.confidence}`);
});

test('bad input is refused', () => {
  assert.throws(() => pairedBlockBootstrap([], { n: 10, seed: 1 }), /no common games to resample/);
  assert.throws(() => pairedBlockBootstrap(TWO_WEEKS, { n: 0, seed: 1 }), /n must be a positive integer, got 0/);
});

test('percentile matches numpy linear interpolation', () => {
  const xs = Float64Array.from([1, 2, 3, 4, 10]);
  close(percentileSorted(xs, 0.025), 1.1); // numpy.percentile([1,2,3,4,10], 2.5) = 1.1
  close(percentileSorted(xs, 0.975), 9.4); // numpy: 9.4
  close(percentileSorted(xs, 0.5), 3);
});

test('pairGames sums stakes per common game and ignores other games', () => {
  const common = [
    { game_id: 'x', block: weekBlock({ season: 2023, season_type: 'regular', week: 3 }) },
    { game_id: 'y', block: '2023-regular-04' },
  ];
  assert.equal(common[0]!.block, '2023-regular-03');
  const rows = pairGames(
    common,
    [scored({ game_id: 'x', recommended_units: 2, result: 'win', units_won: 1.8 }), scored({ game_id: 'z', result: 'loss', units_won: -1 })],
    [scored({ game_id: 'x', result: 'loss', units_won: -1 }), scored({ game_id: 'x', bet_type: 'total', side: 'over', result: 'win', units_won: 1.5 })],
  );
  assert.deepEqual(rows, [
    { game_id: 'x', block: '2023-regular-03', baseline_staked: 2, baseline_units: 1.8, candidate_staked: 2, candidate_units: 0.5 },
    { game_id: 'y', block: '2023-regular-04', baseline_staked: 0, baseline_units: 0, candidate_staked: 0, candidate_units: 0 },
  ]);
});

test('Rng.fillInt draws exactly what int() would (the bootstrap relies on it)', () => {
  for (const n of [1, 2, 7, 40, 1000, 123457]) {
    const a = new Rng(n);
    const b = new Rng(n);
    const out = new Int32Array(257);
    a.fillInt(out, n);
    const expected = Array.from({ length: 257 }, () => b.int(n));
    assert.deepEqual([...out], expected);
    assert.equal(a.nextU32(), b.nextU32()); // same state afterwards
    assert.ok(expected.every((x) => x >= 0 && x < n));
  }
});
