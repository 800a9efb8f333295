// Benchmark: edgelab's GBDT and ridge against xgboost 1.7.4 (hist, 2 threads), scikit-learn's
// HistGradientBoostingRegressor and numpy's closed-form ridge, in ONE invocation on the same
// data (written once to bench/out/ as little-endian float64). Prints fit-time ratios
// (edgelab ÷ reference, median of 3) and test RMSEs; `--json` ends with one JSON line.
//   npm run bench:models [-- --json]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Gbdt } from '../src/models/gbdt/gbdt.ts';
import { friedman1, rmse } from '../src/models/gbdt/testdata.ts';
import { createMatrix } from '../src/models/matrix.ts';
import { Ridge } from '../src/models/ridge.ts';
import { Rng } from '../src/util/prng.ts';

const jsonOut = process.argv.includes('--json');
const REPEATS = 3;
const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(here, 'out');
mkdirSync(outDir, { recursive: true });

const G = { n_train: 20_000, n_test: 5_000, p: 50, n_estimators: 200, max_depth: 6, learning_rate: 0.1, lambda: 1, max_bins: 256 };
const R = { n: 20_000, p: 100, alpha: 1 };

function log(s: string): void {
  if (!jsonOut) console.log(s);
  else console.error(s);
}

function writeF64(name: string, a: Float64Array): void {
  writeFileSync(join(outDir, `${name}.f64`), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timed<T>(fn: () => T): { times: number[]; result: T } {
  const times: number[] = [];
  let result!: T;
  for (let k = 0; k < REPEATS; k++) {
    const t = performance.now();
    result = fn();
    times.push((performance.now() - t) / 1000);
  }
  return { times, result };
}

// ---- data, written once -------------------------------------------------------------------
const tr = friedman1(G.n_train, G.p, 2024);
const te = friedman1(G.n_test, G.p, 2025);
const rng = new Rng(7);
const Xr = new Float64Array(R.n * R.p);
const beta = Float64Array.from({ length: R.p }, () => rng.normal());
const yr = new Float64Array(R.n);
for (let i = 0; i < R.n; i++) {
  let s = 3;
  for (let j = 0; j < R.p; j++) {
    const v = rng.normal(j % 7, 1 + (j % 3));
    Xr[i * R.p + j] = v;
    s += beta[j]! * v;
  }
  yr[i] = s + 2 * rng.normal();
}
writeF64('gbdt_X_train', tr.X.data as Float64Array);
writeF64('gbdt_y_train', tr.y);
writeF64('gbdt_X_test', te.X.data as Float64Array);
writeF64('gbdt_y_test', te.y);
writeF64('ridge_X', Xr);
writeF64('ridge_y', yr);
writeFileSync(join(outDir, 'meta.json'), JSON.stringify({ repeats: REPEATS, gbdt: G, ridge: R }));
log(`data: GBDT Friedman #1 ${G.n_train}×${G.p} (+${G.n_test} test), ridge ${R.n}×${R.p}; written to ${outDir}`);

// ---- references (Python, same data) -------------------------------------------------------
const env = { ...process.env };
// Benchmark only: these pin old OpenBLAS kernels on some CPUs and slow a current numpy.
delete env.OPENBLAS_CORETYPE;
delete env.OPENBLAS_L2_SIZE;
log('running Python references (xgboost, scikit-learn, numpy)…');
const py = spawnSync('/usr/bin/python3', [join(here, 'models_reference.py'), outDir], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
if (py.status !== 0) {
  console.error(py.stderr || py.error?.message);
  console.error('bench: the Python reference failed; install it with: apt-get install -y python3-sklearn python3-numpy python3-scipy python3-xgboost python3-pandas');
  process.exit(1);
}
const ref = JSON.parse(py.stdout.trim().split('\n').pop()!);

// ---- edgelab -------------------------------------------------------------------------------
log('fitting edgelab GBDT…');
const gbdtParams = { n_estimators: G.n_estimators, max_depth: G.max_depth, learning_rate: G.learning_rate, lambda: G.lambda, max_bins: G.max_bins, min_child_weight: 1 };
const gb = timed(() => new Gbdt(gbdtParams).fit(tr.X, tr.y));
const gbRmse = rmse(gb.result.predict(te.X), te.y);
log('fitting edgelab GBDT (oblivious, once, for reference)…');
const t0 = performance.now();
const obl = new Gbdt({ ...gbdtParams, tree: 'oblivious' }).fit(tr.X, tr.y);
const oblTime = (performance.now() - t0) / 1000;
const oblRmse = rmse(obl.predict(te.X), te.y);
log('fitting edgelab ridge…');
const XrM = createMatrix(Xr, R.n, R.p, Array.from({ length: R.p }, (_, j) => `x${j}`));
const rd = timed(() => new Ridge({ alpha: R.alpha }).fit(XrM, yr));
const coefDiff = Math.max(...(ref.numpy_ridge.coef as number[]).map((c, j) => Math.abs(c - rd.result.coefficients[j]!)));

// ---- report --------------------------------------------------------------------------------
const m = {
  edgelab_gbdt_s: median(gb.times),
  xgboost_s: median(ref.xgboost.fit_s),
  sklearn_hgb_s: median(ref.sklearn_hgb.fit_s),
  edgelab_ridge_s: median(rd.times),
  numpy_ridge_s: median(ref.numpy_ridge.fit_s),
};
const result = {
  gbdt_vs_xgboost_ratio: m.edgelab_gbdt_s / m.xgboost_s,
  gbdt_rmse_vs_xgboost_ratio: gbRmse / ref.xgboost.rmse,
  gbdt_vs_sklearn_ratio: m.edgelab_gbdt_s / m.sklearn_hgb_s,
  ridge_vs_numpy_ratio: m.edgelab_ridge_s / m.numpy_ridge_s,
  ...m,
  edgelab_gbdt_times_s: gb.times,
  xgboost_times_s: ref.xgboost.fit_s,
  sklearn_hgb_times_s: ref.sklearn_hgb.fit_s,
  edgelab_ridge_times_s: rd.times,
  numpy_ridge_times_s: ref.numpy_ridge.fit_s,
  edgelab_gbdt_rmse: gbRmse,
  xgboost_rmse: ref.xgboost.rmse,
  sklearn_hgb_rmse: ref.sklearn_hgb.rmse,
  edgelab_oblivious_s: oblTime,
  edgelab_oblivious_rmse: oblRmse,
  ridge_max_abs_coef_diff: coefDiff,
  versions: { node: process.version, xgboost: ref.xgboost.version, sklearn: ref.sklearn_hgb.version, numpy: ref.numpy_ridge.version },
  blas: ref.blas,
};
const f = (x: number, d = 3) => x.toFixed(d);
const rows = [
  ['GBDT 20k×50, 200 trees, depth 6', 'edgelab (depthwise)', f(m.edgelab_gbdt_s), '1.00', f(gbRmse, 4)],
  ['', 'xgboost hist, 2 threads', f(m.xgboost_s), f(result.gbdt_vs_xgboost_ratio, 2), f(ref.xgboost.rmse, 4)],
  ['', 'sklearn HistGB', f(m.sklearn_hgb_s), f(result.gbdt_vs_sklearn_ratio, 2), f(ref.sklearn_hgb.rmse, 4)],
  ['', 'edgelab (oblivious, 1 run)', f(oblTime), '', f(oblRmse, 4)],
  ['ridge 20k×100', 'edgelab', f(m.edgelab_ridge_s), '1.00', ''],
  ['', 'numpy closed form', f(m.numpy_ridge_s), f(result.ridge_vs_numpy_ratio, 2), ''],
];
log('\n| task | implementation | fit s (median of 3) | edgelab ÷ this | test RMSE |');
log('|---|---|---|---|---|');
for (const r of rows) log(`| ${r.join(' | ')} |`);
log(`\nGBDT RMSE edgelab ÷ xgboost: ${f(result.gbdt_rmse_vs_xgboost_ratio, 4)}; ridge max |coef diff| vs numpy: ${coefDiff.toExponential(2)}`);
log(`goals: GBDT ≤ 1.0× xgboost (${result.gbdt_vs_xgboost_ratio <= 1 ? 'met' : 'NOT met'}), RMSE within 1% (${Math.abs(result.gbdt_rmse_vs_xgboost_ratio - 1) <= 0.01 || result.gbdt_rmse_vs_xgboost_ratio < 1 ? 'met' : 'NOT met'}), ridge ≤ 2× numpy (${result.ridge_vs_numpy_ratio <= 2 ? 'met' : 'NOT met'})`);
if (jsonOut) console.log(JSON.stringify(result));
