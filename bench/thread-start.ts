// What a task thread costs to start (issue 19): the CPU time of a fresh pool worker (its own
// bootstrap and pool-worker.mjs), of loading the fold-fitting module in it, and of loading the
// plot renderers (vega, vega-lite, resvg and the font check) in it. Per-thread CPU comes from
// /proc/thread-self/stat (Linux, 10 ms ticks), read by the worker itself. Runs the compiled
// bundle (dist/bundle/, built by `npm ci`); with --base DIR, another checkout's too, in turn,
// round by round. The fold module is `task-models-fit-rows.js` where it exists (session 7 on),
// else `task-models-fit-many.js`.
//
//   node --import tsx bench/thread-start.ts [--rounds 9] [--base DIR]
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const rounds = Number(opt('--rounds') ?? 9);
if (!existsSync('/proc/thread-self/stat')) throw new Error('bench/thread-start needs Linux (/proc/thread-self)');
const roots = [{ name: 'this', dir: fileURLToPath(new URL('..', import.meta.url)) }];
if (opt('--base')) roots.unshift({ name: 'base', dir: resolve(opt('--base')!) });

// A module the worker imports to read its own thread's CPU (ms), written as a data: URL.
const PROBE = `data:text/javascript,${encodeURIComponent(
  "import { readFileSync } from 'node:fs'; export function cpu() { const f = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; }",
)}`;

type Costs = { boot: number; foldModule: number; renderers: number };

function call(w: Worker, id: number, module: string, fn: string): Promise<unknown> {
  return new Promise((res) => {
    const on = (m: { id: number; ok: boolean; result?: unknown }) => {
      if (m.id !== id) return;
      w.off('message', on);
      res(m.ok ? m.result : undefined); // a failed call (the fold task given no input) still loaded its module
    };
    w.on('message', on);
    w.postMessage({ id, module, fn, arg: null });
  });
}

async function once(dir: string): Promise<Costs> {
  const bundle = join(dir, 'dist', 'bundle');
  const rows = join(bundle, 'task-models-fit-rows.js');
  const fold = existsSync(rows) ? { file: rows, fn: 'fitRows' } : { file: join(bundle, 'task-models-fit-many.js'), fn: 'fitTask' };
  const plots = pathToFileURL(join(bundle, 'task-evaluation-plot-threads.js')).href;
  const w = new Worker(pathToFileURL(join(dir, 'dist', 'util', 'pool-worker.mjs')), { execArgv: [] });
  try {
    const c0 = (await call(w, 0, PROBE, 'cpu')) as number;
    await call(w, 1, pathToFileURL(fold.file).href, fold.fn);
    const c1 = (await call(w, 2, PROBE, 'cpu')) as number;
    await call(w, 3, plots, 'loadRenderers');
    const c2 = (await call(w, 4, PROBE, 'cpu')) as number;
    return { boot: c0, foldModule: c1 - c0, renderers: c2 - c1 };
  } finally {
    await w.terminate();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const results = new Map<string, Costs[]>(roots.map((r) => [r.name, []]));
for (const r of roots) if (!existsSync(join(r.dir, 'dist', 'bundle'))) throw new Error(`${r.dir}: no dist/bundle (run npm ci there)`);
const loads: number[] = [];
for (let round = 0; round <= rounds; round++) {
  const order = round % 2 ? [...roots].reverse() : roots;
  for (const r of order) {
    loads.push(loadavg()[0]!);
    const c = await once(r.dir);
    if (round > 0) results.get(r.name)!.push(c); // round 0 warms the file cache
  }
}
const version = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
for (const r of roots) {
  const cs = results.get(r.name)!;
  const m = (k: keyof Costs) => median(cs.map((c) => c[k]));
  console.log(
    `${r.name} (${r.dir}, ${version(r.dir)}): thread CPU per worker, median of ${cs.length}: bootstrap ${m('boot')} ms, ` +
      `fold module ${m('foldModule')} ms, plot renderers ${m('renderers')} ms`,
  );
}
console.log(`1-minute load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}${Math.max(...loads) > 1.5 ? ' (above 1.5: not reportable)' : ''}`);
