// Calibration of the sweep's Reality Check on the demo league's real week structure.
//
// Null: K configurations with NO true difference. Each bets the closing spread of the demo
// league's development-season games by a rule that has no information (a game is bet with
// probability 0.3, the side by a coin), and the configurations share most of their bets (each
// bet is the "common" bet of the week with probability 0.7), as neighbouring configurations of a
// real sweep do. Every configuration's true ROI is the vig's −4.5%. The baseline bets the same way.
// Power: one configuration also gets a true edge (its bets win with probability 0.58).
// Reported: how often the Reality Check (level 0.10 and 0.05) calls the winner's lead real — the
// false-discovery rate under the null, the power with one better configuration — against how often
// the naive one-at-a-time test of the winner does.
//
//   node --import tsx bench/sweep-calibration.ts [--sweeps 300] [--resamples 500]
import { loadavg } from 'node:os';
import { generateDemoLeague } from '../src/data/sources/demo/index.ts';
import { weekBlock } from '../src/evaluation/bootstrap.ts';
import { realityCheck, type WeekSeries } from '../src/evaluation/reality-check.ts';
import { Rng } from '../src/util/prng.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SWEEPS = arg('--sweeps', 300);
const RESAMPLES = arg('--resamples', 500);

const league = generateDemoLeague({ seasons: [2021, 2023], seed: 42 }).dataset;
const spread = new Map(league.lines.map((l) => [l.game_id, l.spread]));
// Development seasons 2022-2023 as the sweep would see them.
const games = league.games.filter((g) => g.season >= 2022 && spread.get(g.game_id) != null);
const weeks = [...new Set(games.map(weekBlock))].sort();
const weekIndex = new Map(weeks.map((w, i) => [w, i]));
const margin = games.map((g) => g.home_points! - g.away_points! + spread.get(g.game_id)!);
console.log(`demo league 2022-2023: ${games.length} games with a closing spread in ${weeks.length} weeks`);

function sweep(rng: Rng, K: number, edgeOf: (k: number) => number): { base: WeekSeries; configs: WeekSeries[] } {
  const common = games.map(() => ({ bet: rng.next() < 0.3, home: rng.next() < 0.5, u: rng.next() }));
  const one = (edge: number): WeekSeries => {
    const staked = new Float64Array(weeks.length);
    const units = new Float64Array(weeks.length);
    games.forEach((g, i) => {
      const c = rng.next() < 0.7 ? common[i]! : { bet: rng.next() < 0.3, home: rng.next() < 0.5, u: rng.next() };
      if (!c.bet) return;
      const w = weekIndex.get(weekBlock(g))!;
      const m = margin[i]!;
      // A true edge: a share of the bets is placed on the side that covers.
      const home = edge > 0 && c.u < edge ? m > 0 : c.home;
      const won = home ? m > 0 : m < 0;
      staked[w] += 1;
      units[w] += m === 0 ? 0 : won ? 100 / 110 : -1;
    });
    return { staked, units };
  };
  return { base: one(0), configs: Array.from({ length: K }, (_, k) => one(edgeOf(k))) };
}

function run(K: number, edgeOf: (k: number) => number, seed: number) {
  const rng = new Rng(seed);
  let rc10 = 0;
  let rc05 = 0;
  let naive10 = 0;
  let rightWinner = 0;
  let bias = 0;
  for (let t = 0; t < SWEEPS; t++) {
    const { base, configs } = sweep(rng, K, edgeOf);
    const r = realityCheck(base, configs, { n: RESAMPLES, seed: seed * 100_000 + t });
    if (r.p_value < 0.1) rc10++;
    if (r.p_value < 0.05) rc05++;
    if (r.configurations[r.best]!.naive_p < 0.1) naive10++;
    if (r.best === 0 && r.p_value < 0.1) rightWinner++;
    bias += r.selection_bias;
  }
  return { rc10: rc10 / SWEEPS, rc05: rc05 / SWEEPS, naive10: naive10 / SWEEPS, rightWinner: rightWinner / SWEEPS, bias: bias / SWEEPS };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const t0 = Date.now();
console.log(`${SWEEPS} simulated sweeps per row, ${RESAMPLES} resamples each; load average ${loadavg()[0]!.toFixed(2)}`);
console.log('configurations | true edge            | RC p<0.10 | RC p<0.05 | naive best p<0.10 | mean selection bias');
for (const K of [1, 10, 50]) {
  const r = run(K, () => 0, K);
  console.log(`${String(K).padStart(14)} | none (null)          | ${pct(r.rc10).padStart(9)} | ${pct(r.rc05).padStart(9)} | ${pct(r.naive10).padStart(17)} | ${pct(r.bias)}`);
}
for (const K of [10, 50]) {
  // 10% of the winner's bets placed on the covering side: a true hit rate of about 55%.
  const r = run(K, (k) => (k === 0 ? 0.1 : 0), 1000 + K);
  console.log(`${String(K).padStart(14)} | one config ≈55% hits | ${pct(r.rc10).padStart(9)} | ${pct(r.rc05).padStart(9)} | ${pct(r.naive10).padStart(17)} | ${pct(r.bias)}  (found the right one: ${pct(r.rightWinner)})`);
}
console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(2)})`);
