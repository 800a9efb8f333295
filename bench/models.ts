// Benchmark: edgelab's GBDT and ridge kernels against xgboost 1.7.4 (hist) and numpy's closed
// form, on the same data in ONE run. Honest by construction (docs/performance.md):
// - the Python side is one persistent, warm worker (bench/py_worker.py): process start and
//   imports are outside every timer, exactly as for the Node side;
// - one untimed warm-up round, then ≥ 5 timed rounds, interleaved (each round runs both sides;
//   the order alternates so neither always runs first);
// - the same threads on both sides (1 vs 1, 2 vs 2);
// - the 1-minute load average is printed beside every ratio; quote a ratio only from a run
//   whose load stayed below 1.5;
// - GBDT rows also print the ratio of CPU times (process CPU, all threads, both sides): a
//   companion that a loaded machine distorts far less than wall time, never a substitute (with
//   2 threads it shows the cost of threading, not its gain).
//   npm run bench:models [-- --rounds 5] [-- --only gbdt20k,gbdt50k,predict,ridge] [-- --json]
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Gbdt } from '../src/models/gbdt/gbdt.ts';
import { createMatrix } from '../src/models/matrix.ts';
import { setRidgeThreads } from '../src/models/gram-parallel.ts';
import { Ridge } from '../src/models/ridge.ts';
import { Rng } from '../src/util/prng.ts';
import { friedman1, rmse } from '../test/support/gbdt-testdata.ts';
import { describe, load1, median, PythonReference, seconds, writeF64, type Comparison } from './reference.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const jsonOut = process.argv.includes('--json');
const ROUNDS = Math.max(5, Number(arg('--rounds') ?? 5));
const only = new Set((arg('--only') ?? 'gbdt20k,gbdt50k,predict,ridge').split(','));
const log = (s: string) => (jsonOut ? console.error(s) : console.log(s));
const outDir = fileURLToPath(new URL('./out', import.meta.url));
mkdirSync(outDir, { recursive: true });

const GBDT = { n_estimators: 200, max_depth: 6, learning_rate: 0.1, lambda: 1, max_bins: 256, min_child_weight: 1 };
const py = new PythonReference();
const versions = await py.call({ op: 'hello' });
const loadAtStart = load1();
log(`references: xgboost ${versions.xgboost}, numpy ${versions.numpy}; node ${process.version}; ${availableParallelism()} cores; 1-min load ${loadAtStart.toFixed(1)}`);

// ---- data, written once and loaded into the worker once --------------------------------------
const arrays: Record<string, [string, number, number]> = {};
const put = (name: string, a: Float64Array, rows: number, cols: number) => {
  const path = join(outDir, `${name}.f64`);
  writeF64(path, a);
  arrays[name] = [path, rows, cols];
};
const g20 = { tr: friedman1(20_000, 50, 2024), te: friedman1(5_000, 50, 2025) };
const g50 = { tr: friedman1(50_000, 40, 2026), te: friedman1(50_000, 40, 2027) };
put('g20_Xtr', g20.tr.X.data as Float64Array, 20_000, 50);
put('g20_ytr', g20.tr.y, 20_000, 1);
put('g20_Xte', g20.te.X.data as Float64Array, 5_000, 50);
put('g20_yte', g20.te.y, 5_000, 1);
put('g50_Xtr', g50.tr.X.data as Float64Array, 50_000, 40);
put('g50_ytr', g50.tr.y, 50_000, 1);
put('g50_Xte', g50.te.X.data as Float64Array, 50_000, 40);
put('g50_yte', g50.te.y, 50_000, 1);
function ridgeData(n: number, p: number, seed: number) {
  const rng = new Rng(seed);
  const X = new Float64Array(n * p);
  const beta = Float64Array.from({ length: p }, () => rng.normal());
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 3;
    for (let j = 0; j < p; j++) {
      const v = rng.normal(j % 7, 1 + (j % 3));
      X[i * p + j] = v;
      s += beta[j]! * v;
    }
    y[i] = s + 2 * rng.normal();
  }
  return { X: createMatrix(X, n, p, Array.from({ length: p }, (_, j) => `x${j}`)), y };
}
const r20 = ridgeData(20_000, 100, 7);
const r100 = ridgeData(100_000, 50, 8);
put('r20_X', r20.X.data as Float64Array, 20_000, 100);
put('r20_y', r20.y, 20_000, 1);
put('r100_X', r100.X.data as Float64Array, 100_000, 50);
put('r100_y', r100.y, 100_000, 1);
await py.call({ op: 'load', arrays });

// ---- the comparisons: each a pair of (edgelab, reference) timed runs --------------------------
interface Pair {
  key: string;
  name: string;
  ours: () => number;
  ref: () => Promise<number>;
  /** CPU seconds of the last ours()/ref() call, for the 1-thread CPU-time companion ratio. */
  cpu?: { ours: number; ref: number };
}
/** Run fn, returning its CPU seconds (process-wide, all threads). */
const cpuSeconds = (fn: () => void): number => {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
const extra: Record<string, number> = {};
const pairs: Pair[] = [];
const gbdtFit = (X: typeof g20.tr.X, y: Float64Array, threads: number) => new Gbdt({ ...GBDT, n_threads: threads }).fit(X, y);
if (only.has('gbdt20k')) {
  const cpu20 = { ours: NaN, ref: NaN };
  pairs.push({
    key: 'gbdt_20k_2t',
    name: 'GBDT fit 20k×50, 200 trees, depth 6, 2 threads vs xgboost hist 2 threads',
    ours: () => {
      let m!: Gbdt;
      let s = 0;
      cpu20.ours = cpuSeconds(() => (s = seconds(() => (m = gbdtFit(g20.tr.X, g20.tr.y, 2)))));
      extra.edgelab_rmse_20k = rmse(m.predict(g20.te.X), g20.te.y);
      return s;
    },
    ref: async () => {
      const r = await py.call({ op: 'xgb_fit', X: 'g20_Xtr', y: 'g20_ytr', X_test: 'g20_Xte', y_test: 'g20_yte', threads: 2, params: GBDT });
      extra.xgboost_rmse_20k = r.rmse as number;
      cpu20.ref = r.cpu_seconds as number;
      return r.seconds!;
    },
    cpu: cpu20,
  });
}
let model50: Gbdt | null = null;
if (only.has('gbdt50k') || only.has('predict')) {
  for (const threads of only.has('gbdt50k') ? [1, 2] : [1]) {
    const pair: Pair = {
      key: `gbdt_50k_${threads}t`,
      name: `GBDT fit 50k×40, 200 trees, depth 6, ${threads} thread${threads > 1 ? 's' : ''} vs xgboost hist ${threads}`,
      cpu: { ours: NaN, ref: NaN },
      ours: () => {
        let s = 0;
        const cpu = cpuSeconds(() => (s = seconds(() => (model50 = gbdtFit(g50.tr.X, g50.tr.y, threads)))));
        pair.cpu!.ours = cpu;
        extra[`edgelab_rmse_50k_${threads}t`] = rmse(model50!.predict(g50.te.X), g50.te.y);
        return s;
      },
      ref: async () => {
        const r = await py.call({ op: 'xgb_fit', X: 'g50_Xtr', y: 'g50_ytr', threads, params: GBDT, keep: `g50_${threads}` });
        pair.cpu!.ref = r.cpu_seconds as number;
        return r.seconds!;
      },
    };
    pairs.push(pair);
  }
}
if (only.has('predict')) {
  const pair: Pair = {
    key: 'predict_50k_1t',
    name: 'GBDT predict 50k rows × 200 trees, 1 thread vs xgboost inplace_predict 1 thread',
    ours: () => {
      let s = 0;
      pair.cpu!.ours = cpuSeconds(() => (s = seconds(() => model50!.predict(g50.te.X))));
      return s;
    },
    ref: async () => {
      const r = await py.call({ op: 'xgb_predict', model: 'g50_1', X: 'g50_Xte', y: 'g50_yte', threads: 1 });
      pair.cpu!.ref = r.cpu_seconds as number;
      extra.xgboost_rmse_50k = r.rmse as number;
      return r.seconds!;
    },
    cpu: { ours: NaN, ref: NaN },
  };
  pairs.push(pair);
}
const cpuTimes: Record<string, { ours: number[]; ref: number[] }> = {};
if (only.has('ridge')) {
  // Both sides on the same threads: edgelab's Gram on 1 or 2 threads (setRidgeThreads), numpy's
  // BLAS pinned to as many (threadpoolctl in the worker; the count in effect is checked).
  for (const threads of [1, 2] as const) {
    for (const [key, name, d, X, y] of [
      [`ridge_20k_100_${threads}t`, `ridge fit 20k×100, ${threads} thread${threads > 1 ? 's' : ''} vs numpy closed form, BLAS ${threads}`, r20, 'r20_X', 'r20_y'],
      [`ridge_100k_50_${threads}t`, `ridge fit 100k×50, ${threads} thread${threads > 1 ? 's' : ''} vs numpy closed form, BLAS ${threads}`, r100, 'r100_X', 'r100_y'],
    ] as const) {
      let coef: Float64Array | null = null;
      // CPU seconds of each side's process too (all its threads): on a loaded machine they
      // say more than wall time, though only a quiet run's wall-time ratio is quoted.
      const cpu = (cpuTimes[key] = { ours: [] as number[], ref: [] as number[] });
      pairs.push({
        key,
        name,
        ours: () => {
          setRidgeThreads(threads);
          const c0 = process.cpuUsage();
          const s = seconds(() => (coef = new Ridge({ alpha: 1 }).fit(d.X, d.y).coefficients));
          const c = process.cpuUsage(c0);
          cpu.ours.push((c.user + c.system) / 1e6);
          return s;
        },
        ref: async () => {
          const r = await py.call({ op: 'numpy_ridge', X, y, alpha: 1, threads });
          const blas = r.blas_threads as number[];
          if (blas.some((t) => t !== threads)) throw new Error(`numpy's BLAS ran on ${blas.join('/')} threads, not ${threads}`);
          cpu.ref.push(r.cpu_seconds as number);
          if (coef) extra[`${key}_max_rel_coef_diff`] = Math.max(...(r.coef as number[]).map((c, j) => Math.abs(c - coef![j]!) / Math.abs(c)));
          return r.seconds!;
        },
      });
    }
  }
}

// ---- rounds: round 0 warms both sides up and is not counted ----------------------------------
const results: Comparison[] = pairs.map((p) => ({ name: p.name, ours: [], ref: [], loads: [] }));
const cpuRounds: { ours: number[]; ref: number[] }[] = pairs.map(() => ({ ours: [], ref: [] }));
for (let round = 0; round <= ROUNDS; round++) {
  log(round === 0 ? 'warm-up round (not counted)…' : `round ${round}/${ROUNDS} (1-min load ${load1().toFixed(1)})…`);
  for (const [k, p] of pairs.entries()) {
    // Alternate who goes first, so a drifting load does not always favour one side.
    let ours: number;
    let ref: number;
    if (round % 2) {
      ours = p.ours();
      ref = await p.ref();
    } else {
      ref = await p.ref();
      ours = p.ours();
    }
    if (round === 0) continue;
    results[k]!.ours.push(ours);
    results[k]!.ref.push(ref);
    results[k]!.loads.push(load1());
    if (p.cpu) {
      cpuRounds[k]!.ours.push(p.cpu.ours);
      cpuRounds[k]!.ref.push(p.cpu.ref);
    }
  }
}
py.close();

// ---- report ------------------------------------------------------------------------------------
log('');
results.forEach((c, k) => {
  log(describe(c));
  const cr = cpuRounds[k]!;
  if (cr.ours.length) log(`  CPU time (process, all threads): edgelab ${median(cr.ours).toFixed(3)} s, reference ${median(cr.ref).toFixed(3)} s → ${(median(cr.ours) / median(cr.ref)).toFixed(2)}×`);
});
if (extra.edgelab_rmse_20k !== undefined)
  log(`GBDT test RMSE 20k×50 (un-quantised features): edgelab ${extra.edgelab_rmse_20k.toFixed(4)} vs xgboost ${extra.xgboost_rmse_20k!.toFixed(4)} → ${(extra.edgelab_rmse_20k / extra.xgboost_rmse_20k!).toFixed(4)}× (goal ≤ 1.01×)`);
if (extra.edgelab_rmse_50k_1t !== undefined && extra.xgboost_rmse_50k !== undefined)
  log(`GBDT test RMSE 50k×40 (un-quantised features): edgelab ${extra.edgelab_rmse_50k_1t.toFixed(4)} vs xgboost ${extra.xgboost_rmse_50k.toFixed(4)} → ${(extra.edgelab_rmse_50k_1t / extra.xgboost_rmse_50k).toFixed(4)}× (goal ≤ 1.01×)`);
for (const k of Object.keys(extra).filter((x) => x.endsWith('coef_diff'))) log(`${k}: ${extra[k]!.toExponential(2)}`);
for (const [k, c] of Object.entries(cpuTimes)) {
  // Round 0 (warm-up) is in these lists too: drop it.
  const ours = median(c.ours.slice(1));
  const ref = median(c.ref.slice(1));
  log(`${k} CPU time (process, all threads): edgelab ${ours.toFixed(3)} s, reference ${ref.toFixed(3)} s → ${(ours / ref).toFixed(2)}×`);
}
log(`1-minute load average: ${loadAtStart.toFixed(1)} at start, ${load1().toFixed(1)} at end, on ${availableParallelism()} cores`);
if (jsonOut) {
  const out: Record<string, unknown> = { ...extra, versions, load_average_1m_start: loadAtStart, load_average_1m_end: load1() };
  pairs.forEach((p, k) => {
    const c = results[k]!;
    const cr = cpuRounds[k]!;
    const cpu = cr.ours.length ? { cpu_ratio: median(cr.ours) / median(cr.ref), edgelab_cpu_s: cr.ours, reference_cpu_s: cr.ref } : {};
    out[p.key] = { ratio: median(c.ours) / median(c.ref), edgelab_s: c.ours, reference_s: c.ref, load_1m: c.loads, ...cpu };
  });
  console.log(JSON.stringify(out));
}
