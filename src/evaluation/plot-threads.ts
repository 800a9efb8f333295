// Plots drawn on helper threads, whole: vega's SVG and resvg's PNG both off the calling thread,
// so that training goes on (the final fit, the writes) while its plots are drawn. One helper by
// default: a training's five plots take ≈ 0.5 s of CPU, while each helper costs ≈ 0.3–0.5 s of
// CPU to start (vega, vega-lite and resvg loaded, the fonts checked, vega's code compiled again
// in its own isolate), and during a training both cores are busy anyway (the fold workers, this
// thread). A batch of plots with nothing else to do (regenerate-plots) asks for two
// (`warmPlotThreads(2)`, one per core), fed from one queue: a helper takes the next plot when
// it is done with its last, so one large plot (the residuals) runs beside the small ones. The
// bytes are those of the same vega and resvg calls made in one thread (render.ts). Helpers are
// kept for the next plots and unref'd while idle: they never hold the process open.
import { cores } from '../util/cores.ts';
import type { Worker } from 'node:worker_threads';
import { spawnTaskWorker } from '../util/pool.ts';
import type { Spec } from './plots.ts';
import { keepResvgMemory, rasterise, renderSvg, type PngOptions } from './render.ts';

export interface PlotTask extends PngOptions {
  spec: Spec;
}

/** Spec → SVG → PNG in the calling thread (what a helper runs). */
export async function drawPlot(t: PlotTask): Promise<Uint8Array> {
  return rasterise(await renderSvg(t.spec), t);
}

interface Job {
  task: PlotTask;
  resolve: (png: Uint8Array) => void;
  reject: (e: Error) => void;
}

interface Helper {
  worker: Worker;
  job?: Job;
  /** Loading the plot libraries before tsx (a run from the sources): no plot is handed to it yet. */
  warming?: boolean;
  /** Ended by closePlotThreads (its exit is no failure). */
  closed?: boolean;
}

type Reply = { id: number; ok: boolean; result?: Uint8Array; error?: { message: string } };

// Helpers this process may start (raised by warmPlotThreads, never above one per core or two).
let maxHelpers = 1;
const helpers: Helper[] = [];
const queue: Job[] = [];
let nextId = 0;

// From the TypeScript sources a helper registers tsx to load this module, and tsx's hooks then
// see every module vega, vega-lite and resvg are made of: ≈ 0.6 s more CPU per helper than the
// compiled helper (1.4 s vs 0.8 s to load the renderers, measured). So a source run's helper first
// loads them from a plain-JavaScript module, without tsx, and only then this module, whose
// imports find them loaded. Our own modules still run from their sources.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const PLOT_LIBRARIES = new URL('./plot-libraries.mjs', import.meta.url).href;

function startHelper(): Helper {
  keepResvgMemory();
  const h: Helper = { worker: spawnTaskWorker(), warming: FROM_SOURCES };
  h.worker.unref();
  helpers.push(h);
  // Load vega, vega-lite and resvg at once (≈ 0.3 s), so the first plot does not wait for them.
  const warm = () => h.worker.postMessage({ id: -1, module: import.meta.url, fn: 'loadRenderers', arg: null });
  if (FROM_SOURCES) h.worker.postMessage({ id: -2, module: PLOT_LIBRARIES, fn: 'loadPlotLibraries', arg: null });
  else warm();
  let gone = false;
  const fail = (e: Error) => {
    if (gone || h.closed) return;
    gone = true;
    helpers.splice(helpers.indexOf(h), 1);
    const job = h.job;
    h.job = undefined;
    job?.reject(e);
    pump();
  };
  h.worker.on('message', (msg: Reply) => {
    if (msg.id === -2) {
      // The libraries are loaded (a failure there shows in the plots'): now tsx and this module.
      warm();
      h.warming = false;
      h.worker.unref(); // (pump refs it again if it gets a plot)
      return pump();
    }
    if (msg.id < 0 || !h.job) return; // the warm-up's answer (a failure there shows in the plot's)
    const job = h.job;
    h.job = undefined;
    h.worker.unref();
    if (msg.ok) job.resolve(msg.result!);
    else job.reject(new Error(`rendering a plot: ${msg.error!.message}`));
    pump();
  });
  h.worker.on('error', (e) => fail(new Error(`rendering a plot: ${e.message}`)));
  h.worker.on('exit', (code) => fail(new Error(`rendering a plot: the helper thread exited with code ${code}`)));
  return h;
}

/** Hand queued plots to idle helpers, starting helpers up to maxHelpers. */
function pump(): void {
  while (queue.length > 0) {
    const h = helpers.find((x) => !x.job && !x.warming) ?? (helpers.length < maxHelpers ? startHelper() : undefined);
    if (!h || h.warming) {
      // A helper still warming up pumps again when it is done; meanwhile the queued plot holds
      // the process open.
      for (const x of helpers) if (x.warming) x.worker.ref();
      return;
    }
    const job = queue.shift()!;
    h.job = job;
    h.worker.ref();
    h.worker.postMessage({ id: nextId++, module: import.meta.url, fn: 'drawPlot', arg: job.task });
  }
}

/**
 * Start `count` helpers (one by default; at most one per core and two) and their imports now,
 * before any plot is due (e.g. while a training's walk-forward runs), so that the first plots do
 * not pay for them. Never holds the process open.
 */
export function warmPlotThreads(count = 1): void {
  maxHelpers = Math.max(maxHelpers, Math.min(count, 2, cores()));
  while (helpers.length < maxHelpers) startHelper();
}

/**
 * End the idle helpers now (a helper drawing a plot finishes it and stays). A process that is
 * done with plots ends them while it still has work of its own: their isolates are torn down
 * on their own threads meanwhile, instead of at the process's exit, which waits for it. A
 * later plot starts a helper again.
 */
export function closePlotThreads(): void {
  for (const h of helpers.filter((x) => !x.job)) {
    h.closed = true;
    helpers.splice(helpers.indexOf(h), 1);
    void h.worker.terminate();
  }
}

/** The PNG of a spec, drawn on a helper thread; the promise settles when the bytes are back. */
export function renderPng(spec: Spec, opts: PngOptions = {}): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    queue.push({ task: { spec, scale: opts.scale ?? 2, ...(opts.fontFiles ? { fontFiles: opts.fontFiles } : {}) }, resolve, reject });
    pump();
  });
}

/** For the worker: the warm-up task. */
export { loadRenderers } from './render.ts';
