// Walk-forward training speed (issue 8): edgelab's fits of `train experiment=v2-001` (ridge) and
// `v2-004` (GBDT) on the demo league against a Python reference — scikit-learn Ridge and xgboost
// hist (2 threads) — fitting the SAME folds: the design matrices of every fold (same training
// rows, same refit weeks) are exported once and both sides fit them, in one invocation.
// For a like-for-like fit the bench fixes what the references cannot mirror exactly: a single
// ridge alpha (no CV over a list) and squared-error GBDT without early stopping.
//
//   node --import tsx bench/train.ts [--json]
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
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

const OUT = fileURLToPath(new URL('./out/train', import.meta.url));
mkdirSync(OUT, { recursive: true });
const { dataset } = generateDemoLeague({ seasons: [2014, 2024], seed: 42 });
const games = new Map(dataset.games.map((g) => [g.game_id, g]));
const f64 = (name: string, a: Float64Array) => writeFileSync(join(OUT, `${name}.f64`), Buffer.from(a.buffer, a.byteOffset, a.byteLength));

interface Exp {
  id: string;
  overrides: string[];
}
const exps: Exp[] = [
  { id: 'v2-001', overrides: ['experiment=v2-001', 'model.alpha=100', 'markets=[spread]'] },
  { id: 'v2-004', overrides: ['experiment=v2-004', 'model.objective=squared_error', 'model.early_stopping_rounds=null', 'markets=[spread]'] },
];
const meta: { experiments: unknown[] } = { experiments: [] };
const ours: Record<string, { seconds: number; rmse: number; folds: number }> = {};
for (const e of exps) {
  const { config } = loadConfig({ confDir: packageConfDir(), overrides: e.overrides });
  const roles = seasonRoles(dataset.games, config.evaluation);
  const frame = buildFeaturesForWeeks(dataset, config.features, weeksOf(dataset), { lineProviders: config.data.line_provider_preference });
  const design = buildMarketDesign(frame, games, preferredLines(dataset.lines, config.data.line_provider_preference, 'spread'), 'spread', 'closing', config.features.market.offset);
  const folds = planFolds(dataset.games, roles.dev, config.evaluation);
  const tasks: FitTask[] = [];
  const tests: { X: ReturnType<typeof designMatrix>; y: Float64Array; offset: Float64Array }[] = [];
  const foldMeta: { n_train: number; n_test: number }[] = [];
  folds.forEach((fold, k) => {
    const train = trainingRows(design, fold);
    const test = design.rows.map((r, i) => i).filter((i) => inPredictWeeks(design.rows[i]!, fold) && Number.isFinite(design.rows[i]!.target) && Number.isFinite(design.rows[i]!.offset));
    const imp = needsImputation(config.model) ? fitImputer(design, train) : undefined;
    const X = designMatrix(design, train, imp);
    const y = Float64Array.from(train, (i) => design.rows[i]!.target - design.rows[i]!.offset);
    const Xt = designMatrix(design, test, imp);
    const yt = Float64Array.from(test, (i) => design.rows[i]!.target - design.rows[i]!.offset);
    tasks.push({ config: config.model, seed: 1, X, y });
    tests.push({ X: Xt, y: yt, offset: new Float64Array(test.length) });
    f64(`${e.id}_${k}_Xtr`, X.data as Float64Array);
    f64(`${e.id}_${k}_ytr`, y);
    f64(`${e.id}_${k}_Xte`, Xt.data as Float64Array);
    f64(`${e.id}_${k}_yte`, yt);
    foldMeta.push({ n_train: train.length, n_test: test.length });
  });
  const m = config.model;
  meta.experiments.push({ id: e.id, model: m.type, p: design.featureNames.length, folds: foldMeta, alpha: m.type === 'ridge' ? m.alpha : null, params: m.type === 'gbdt' ? m : null });
  const t0 = performance.now();
  const models = await fitMany(tasks, { workers: m.type === 'gbdt' ? 2 : 1 });
  const seconds = (performance.now() - t0) / 1000;
  let sq = 0;
  let n = 0;
  models.forEach((model, k) => {
    const p = model.predict(tests[k]!.X);
    p.forEach((v, i) => {
      const err = v - tests[k]!.y[i]!;
      if (Number.isFinite(err)) (sq += err * err), n++;
    });
  });
  ours[e.id] = { seconds, rmse: Math.sqrt(sq / n), folds: folds.length };
}
writeFileSync(join(OUT, 'meta.json'), JSON.stringify(meta));
const py = spawnSync('/usr/bin/python3', [fileURLToPath(new URL('./train_reference.py', import.meta.url)), OUT], { encoding: 'utf8' });
if (py.status !== 0) throw new Error(`python reference failed (apt-get install -y python3-sklearn python3-xgboost): ${py.stderr}`);
const ref = JSON.parse(py.stdout.trim().split('\n').pop()!) as Record<string, { seconds: number; rmse: number }>;
const out: Record<string, number> = {};
for (const e of exps) {
  const a = ours[e.id]!;
  const b = ref[e.id]!;
  const kind = e.id === 'v2-001' ? 'ridge vs scikit-learn Ridge' : 'GBDT vs xgboost hist (2 threads)';
  console.log(`${e.id} ${kind}: ${a.folds} folds; edgelab ${a.seconds.toFixed(2)} s, reference ${b.seconds.toFixed(2)} s, ratio ${(a.seconds / b.seconds).toFixed(2)}; out-of-sample RMSE of the market's error ${a.rmse.toFixed(3)} vs ${b.rmse.toFixed(3)}`);
  out[`${e.id}_ratio`] = a.seconds / b.seconds;
  out[`${e.id}_seconds`] = a.seconds;
  out[`${e.id}_reference_seconds`] = b.seconds;
  out[`${e.id}_rmse`] = a.rmse;
  out[`${e.id}_reference_rmse`] = b.rmse;
}
if (process.argv.includes('--json')) console.log(JSON.stringify(out));
