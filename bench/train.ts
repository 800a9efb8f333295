// Walk-forward training speed: edgelab's fits of `train experiment=v2-001` (ridge) and `v2-004`
// (GBDT) on the demo league against scikit-learn Ridge and xgboost hist fitting the SAME folds
// (the design matrices of every fold are exported once; both sides fit them). Honest by
// construction: a persistent warm Python worker (imports and process start outside the timer),
// a warm-up round then ≥ 5 interleaved rounds, and the same parallelism on both sides — one
// thread, folds one after another (1 vs 1), and two folds at a time (edgelab's worker threads vs
// a warm 2-process pool, each fit single-threaded; edgelab's pool keeps its workers between
// calls, so both pools are started by the warm-up round, outside the timed rounds). The 1-minute load average is printed beside
// every ratio. For a like-for-like fit the bench fixes what the references cannot mirror
// exactly: a single ridge alpha (no CV over a list) and squared-error GBDT without early stopping.
//
//   node --import tsx bench/train.ts [--rounds 5] [--only v2-001,v2-004] [--json]
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { generateDemoLeague } from '../src/data/sources/demo/league.ts';
import { loadConfig } from '../src/config/load.ts';
import { packageConfDir } from '../src/config/confdir.ts';
import { buildFeaturesForWeeks, weeksOf } from '../src/features/index.ts';
import { buildMarketDesign } from '../src/features/design.ts';
import { preferredLines } from '../src/data/line-preference.ts';
import { planFolds, seasonRoles } from '../src/evaluation/walkforward.ts';
import { designMatrix, fitImputer, needsImputation, trainingRows } from '../src/workflow/train/walkforward-run.ts';
import { inPredictWeeks } from '../src/evaluation/walkforward.ts';
import { fitMany, type FitTask } from '../src/models/fit-many.ts';
import { describe, load1, median, PythonReference, writeF64, type Comparison } from './reference.ts';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = Math.max(5, roundsArg >= 0 ? Number(process.argv[roundsArg + 1]) : 5);
const OUT = fileURLToPath(new URL('./out/train', import.meta.url));
mkdirSync(OUT, { recursive: true });
const { dataset } = generateDemoLeague({ seasons: [2014, 2024], seed: 42 });
const games = new Map(dataset.games.map((g) => [g.game_id, g]));
const arrays: Record<string, [string, number, number]> = {};
const f64 = (name: string, a: Float64Array, rows: number, cols: number) => {
  writeF64(join(OUT, `${name}.f64`), a);
  arrays[name] = [join(OUT, `${name}.f64`), rows, cols];
};

interface Exp {
  id: string;
  overrides: string[];
}
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set(process.argv[onlyArg + 1]!.split(',')) : null;
const allExps: Exp[] = [
  { id: 'v2-001', overrides: ['experiment=v2-001', 'model.alpha=100', 'markets=[spread]'] },
  { id: 'v2-004', overrides: ['experiment=v2-004', 'model.objective=squared_error', 'model.early_stopping_rounds=null', 'markets=[spread]'] },
];
const exps = allExps.filter((e) => !only || only.has(e.id));
interface Prepared {
  id: string;
  kind: string;
  tasks: FitTask[];
  tests: { X: ReturnType<typeof designMatrix>; y: Float64Array }[];
  request: Record<string, unknown>;
}
const prepared: Prepared[] = [];
for (const e of exps) {
  const { config } = loadConfig({ confDir: packageConfDir(), overrides: e.overrides });
  const roles = seasonRoles(dataset.games, config.evaluation);
  const frame = buildFeaturesForWeeks(dataset, config.features, weeksOf(dataset), { lineProviders: config.data.line_provider_preference });
  const design = buildMarketDesign(frame, games, preferredLines(dataset.lines, config.data.line_provider_preference, 'spread'), 'spread', 'closing', config.features.market.offset);
  const folds = planFolds(dataset.games, roles.dev, config.evaluation);
  const tasks: FitTask[] = [];
  const tests: Prepared['tests'] = [];
  const p = design.featureNames.length;
  folds.forEach((fold, k) => {
    const train = trainingRows(design, fold);
    const test = design.rows.map((r, i) => i).filter((i) => inPredictWeeks(design.rows[i]!, fold) && Number.isFinite(design.rows[i]!.target) && Number.isFinite(design.rows[i]!.offset));
    const imp = needsImputation(config.model) ? fitImputer(design, train) : undefined;
    const X = designMatrix(design, train, imp);
    const y = Float64Array.from(train, (i) => design.rows[i]!.target - design.rows[i]!.offset);
    const Xt = designMatrix(design, test, imp);
    const yt = Float64Array.from(test, (i) => design.rows[i]!.target - design.rows[i]!.offset);
    // One thread inside each fit on both sides; parallelism, when used, is across folds.
    tasks.push({ config: config.model.type === 'gbdt' ? { ...config.model, n_threads: 1 } : config.model, seed: 1, X, y });
    tests.push({ X: Xt, y: yt });
    f64(`${e.id}_${k}_Xtr`, X.data as Float64Array, train.length, p);
    f64(`${e.id}_${k}_ytr`, y, train.length, 1);
    f64(`${e.id}_${k}_Xte`, Xt.data as Float64Array, test.length, p);
    f64(`${e.id}_${k}_yte`, yt, test.length, 1);
  });
  const m = config.model;
  prepared.push({
    id: e.id,
    kind: m.type === 'ridge' ? 'ridge vs scikit-learn Ridge' : 'GBDT vs xgboost hist',
    tasks,
    tests,
    request: { op: 'folds', id: e.id, folds: folds.length, model: m.type, alpha: m.type === 'ridge' ? m.alpha : null, params: m.type === 'gbdt' ? m : null, threads: 1 },
  });
}

const py = new PythonReference();
await py.call({ op: 'load', arrays });
await py.call({ op: 'pool', workers: 2 });
const oosRmse = (models: Awaited<ReturnType<typeof fitMany>>, tests: Prepared['tests']) => {
  let sq = 0;
  let n = 0;
  models.forEach((model, k) => {
    model.predict(tests[k]!.X).forEach((v, i) => {
      const err = v - tests[k]!.y[i]!;
      if (Number.isFinite(err)) (sq += err * err), n++;
    });
  });
  return Math.sqrt(sq / n);
};
const modes = [
  { workers: 1, label: '1 thread, folds in turn' },
  { workers: 2, label: '2 folds at a time, 1 thread each' },
];
const comparisons: { key: string; c: Comparison; rmse: [number, number] }[] = [];
for (const e of prepared) for (const mode of modes) comparisons.push({ key: `${e.id}_${mode.workers}w`, c: { name: `${e.id} ${e.kind}, ${e.tasks.length} folds, ${mode.label}`, ours: [], ref: [], loads: [] }, rmse: [NaN, NaN] });
for (let round = 0; round <= ROUNDS; round++) {
  console.error(round === 0 ? 'warm-up round (not counted)…' : `round ${round}/${ROUNDS} (1-min load ${load1().toFixed(1)})…`);
  let k = 0;
  for (const e of prepared) {
    for (const mode of modes) {
      const cmp = comparisons[k++]!;
      const ours = async () => {
        const t0 = performance.now();
        const models = await fitMany(e.tasks, { workers: mode.workers });
        const s = (performance.now() - t0) / 1000;
        cmp.rmse[0] = oosRmse(models, e.tests);
        return s;
      };
      const ref = async () => {
        const r = await py.call({ ...e.request, workers: mode.workers });
        cmp.rmse[1] = r.rmse as number;
        return r.seconds!;
      };
      const [a, b] = round % 2 ? [await ours(), await ref()] : await ref().then(async (rb) => [await ours(), rb]);
      if (round === 0) continue;
      cmp.c.ours.push(a!);
      cmp.c.ref.push(b!);
      cmp.c.loads.push(load1());
    }
  }
}
py.close();
const out: Record<string, unknown> = {};
for (const { key, c, rmse } of comparisons) {
  console.log(`${describe(c)}; out-of-sample RMSE ${rmse[0].toFixed(3)} vs ${rmse[1].toFixed(3)}`);
  out[key] = { ratio: median(c.ours) / median(c.ref), edgelab_s: c.ours, reference_s: c.ref, load_1m: c.loads, rmse: rmse[0], reference_rmse: rmse[1] };
}
if (process.argv.includes('--json')) console.log(JSON.stringify(out));
