// The walk-forward's unit of work: one fold's fit and prediction (models/fit-rows.ts fitRows:
// the training matrix built from the shared design, the ridge pipeline's imputer, ridge with the
// shipped alpha list chosen by time-ordered CV, the predicted rows), as every `train`, `evaluate`
// and the demo's trainings run it dozens of times per market. Compares this checkout's compiled
// fitRows with another checkout's, interleaved round by round in one process (both warm, same
// thread), and checks that both give the same predictions to the bit.
//
//   node --import tsx bench/fold-fits.ts --base DIR [--rounds 7] [--fits 200]
//
// DIR is a built checkout (its dist/, e.g. `git worktree add /tmp/base main && (cd /tmp/base &&
// npm ci)`); this checkout's dist/ must be built too (`npm run build`). CPU time (user + system of
// the process: one thread runs the fits) per fitRows call, medians over the rounds, the ratio
// this ÷ base, the 1-minute load average. Sizes: a demo-sized fold and a larger one.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { load1, median } from './reference.ts';

type FitRows = (t: unknown) => Float64Array;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const base = opt('--base');
const rounds = Number(opt('--rounds') ?? 7);
const fits = Number(opt('--fits') ?? 200);
if (!base) throw new Error('bench/fold-fits: --base DIR (a built checkout to compare with) is required');
for (const [name, v] of [['--rounds', rounds], ['--fits', fits]] as const) if (!Number.isInteger(v) || v < 1) throw new Error(`${name}: not a positive integer`);
const module = (dir: string) => {
  const file = join(resolve(dir), 'dist', 'models', 'fit-rows.js');
  if (!existsSync(file)) throw new Error(`bench/fold-fits: ${file} is missing (build that checkout: npm run build)`);
  return import(pathToFileURL(file).href) as Promise<{ fitRows: FitRows }>;
};
const ours = (await module(ROOT)).fitRows;
const theirs = (await module(base)).fitRows;
const { parseModelConfig } = await import(pathToFileURL(join(ROOT, 'dist', 'models', 'index.js')).href);
const ridge = parseModelConfig({ type: 'ridge', alpha: [1, 10, 100, 1000, 10000], cv_folds: 5 });

/** A fold: n rows × p features (2% missing, imputed), trained on all but the last 100 rows, which it predicts. */
function fold(n: number, p: number) {
  let s = 12345;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const X = new Float64Array(n * p);
  for (let k = 0; k < X.length; k++) X[k] = r() < 0.02 ? NaN : r() * 10;
  const y = Float64Array.from({ length: n }, (_, i) => (i % 7) * 0.3 + r() * 13);
  const featureNames = Array.from({ length: p }, (_, j) => `f${j}`);
  const train = Int32Array.from({ length: n - 100 }, (_, k) => k);
  const predict = Int32Array.from({ length: 100 }, (_, k) => n - 100 + k);
  return { source: { X, y, featureNames }, config: ridge, seed: 1, impute: true, train, predict };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
console.log(`fold fits: this checkout ÷ ${resolve(base)}, ${rounds} rounds of ${fits} fits per side (after one warm-up round), CPU per fitRows`);
for (const [n, p] of [[1500, 6], [2500, 30]] as const) {
  const task = fold(n, p);
  const a = ours(task);
  const b = theirs(task);
  if (a.length !== b.length || a.some((v, i) => !Object.is(v, b[i]))) throw new Error(`${n}×${p}: the two checkouts predict differently`);
  const times = { ours: [] as number[], theirs: [] as number[] };
  const loads: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const order = round % 2 ? (['theirs', 'ours'] as const) : (['ours', 'theirs'] as const);
    for (const side of order) {
      const f = side === 'ours' ? ours : theirs;
      const c = cpuMs();
      for (let k = 0; k < fits; k++) f(task);
      if (round > 0) times[side].push((cpuMs() - c) / fits);
    }
    if (round > 0) loads.push(load1());
  }
  const ratio = median(times.ours) / median(times.theirs);
  console.log(
    `${n}×${p}: this ${median(times.ours).toFixed(2)} ms, base ${median(times.theirs).toFixed(2)} ms, ratio ${ratio.toFixed(2)}; ` +
      `per round ${times.ours.map((t, i) => (t / times.theirs[i]!).toFixed(2)).join(' ')}; predictions identical; load ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}`,
  );
}
