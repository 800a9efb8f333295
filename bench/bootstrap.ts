// Benchmark: 10,000 paired block-bootstrap resamples over 1,000 games (issue 9: goal ≤ 50 ms; since
// issue 17 studentized: the ROI difference and its delta-method se per resample, see bootstrap.ts),
// with weeks as blocks (40 weeks of 25 games) and with single games as blocks, against the same
// computation (studentized too) vectorised in numpy (Debian python3-numpy, /usr/bin/python3) in the same run.
// Run: node --import tsx bench/bootstrap.ts
import { spawnSync } from 'node:child_process';
import { Rng } from '../src/util/prng.ts';
import { pairedBlockBootstrap, type PairedGame } from '../src/evaluation/bootstrap.ts';

const N_GAMES = 1000;
const N_BOOT = 10000;
const REPEATS = 7;

function games(weeks: number): PairedGame[] {
  const rng = new Rng(42);
  return Array.from({ length: N_GAMES }, (_, i) => {
    const bet = (p: number) => (rng.next() < p ? 1 : 0);
    const outcome = () => (rng.next() < 0.52 ? 100 / 110 : -1);
    const sb = bet(0.4);
    const sc = bet(0.45);
    return {
      game_id: `g${i}`,
      block: `w${Math.floor((i * weeks) / N_GAMES)}`,
      baseline_staked: sb,
      baseline_units: sb * outcome(),
      candidate_staked: sc,
      candidate_units: sc * outcome(),
    };
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeJs(weeks: number): { ms: number; confidence: number } {
  const g = games(weeks);
  let confidence = 0;
  pairedBlockBootstrap(g, { n: N_BOOT, seed: 1 }); // warm-up
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    confidence = pairedBlockBootstrap(g, { n: N_BOOT, seed: r }).confidence;
    times.push(performance.now() - t0);
  }
  return { ms: median(times), confidence };
}

const PY = String.raw`
import sys, time, numpy as np
n_games, n_boot, repeats = 1000, 10000, 7
rng = np.random.default_rng(42)
def run(weeks):
    sb = (rng.random(n_games) < 0.4).astype(float); sc = (rng.random(n_games) < 0.45).astype(float)
    ub = sb * np.where(rng.random(n_games) < 0.52, 100/110, -1.0); uc = sc * np.where(rng.random(n_games) < 0.52, 100/110, -1.0)
    block = (np.arange(n_games) * weeks) // n_games
    times = []
    for r in range(repeats):
        t0 = time.perf_counter()
        # per-block sums, then whole blocks drawn with replacement, the same draws for both models
        SB, UB, SC, UC = (np.bincount(block, weights=x, minlength=weeks) for x in (sb, ub, sc, uc))
        idx = np.random.default_rng(r).integers(0, weeks, size=(n_boot, weeks))
        def studentize(sb_, ub_, sc_, uc_):
            # ROI difference and its delta-method se per row of drawn blocks (bootstrap.ts)
            s0, u0, s1, u1 = sb_.sum(-1), ub_.sum(-1), sc_.sum(-1), uc_.sum(-1)
            r0 = np.divide(u0, s0, out=np.zeros_like(u0), where=s0 > 0); r1 = np.divide(u1, s1, out=np.zeros_like(u1), where=s1 > 0)
            z1 = np.divide(uc_ - r1[..., None] * sc_, s1[..., None], out=np.zeros_like(uc_), where=s1[..., None] > 0)
            z0 = np.divide(ub_ - r0[..., None] * sb_, s0[..., None], out=np.zeros_like(ub_), where=s0[..., None] > 0)
            return r1 - r0, np.sqrt(((z1 - z0) ** 2).sum(-1))
        d, se = studentize(SB, UB, SC, UC)
        ds, ses = studentize(SB[idx], UB[idx], SC[idx], UC[idx])
        delta = d - se * (ds - d) / np.where(ses > se * 1e-9, ses, se) if se > 0 else ds
        conf = ((delta > 0).sum() + 0.5 * (delta == 0).sum()) / n_boot
        ci = np.percentile(delta, [2.5, 97.5])
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[len(times) // 2]
print(run(40), run(1000))
`;

function timePy(): [number, number] | null {
  const r = spawnSync('/usr/bin/python3', ['-c', PY], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`numpy reference unavailable (${(r.stderr || r.error?.message || '').trim().split('\n').pop()}); apt-get install -y python3-numpy`);
    return null;
  }
  const [a, b] = r.stdout.trim().split(/\s+/).map(Number);
  return [a!, b!];
}

const weekly = timeJs(40);
const perGame = timeJs(N_GAMES);
const py = timePy();
const fmt = (x: number) => x.toFixed(1).padStart(7);
console.log(`paired block bootstrap, ${N_BOOT} resamples over ${N_GAMES} games (median of ${REPEATS})`);
console.log(`blocks          js ms   numpy ms   ratio js/numpy   goal`);
const row = (name: string, js: number, ref: number | undefined) =>
  console.log(`${name.padEnd(12)}${fmt(js)}   ${ref === undefined ? '      -' : fmt(ref)}   ${ref === undefined ? '     -' : (js / ref).toFixed(2).padStart(6)}×          ${js <= 50 ? 'ok (≤ 50 ms)' : 'MISSED (> 50 ms)'}`);
row('40 weeks', weekly.ms, py?.[0]);
row('1000 games', perGame.ms, py?.[1]);
