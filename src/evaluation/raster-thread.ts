// SVG → PNG (resvg) on a helper thread, so that rasterising one plot overlaps with vega drawing
// the next one's SVG on this thread: on two cores a plot's two halves run side by side. The
// bytes are those of the same resvg call made here. One helper per process, kept between plots
// and unref'd while idle (it never holds the process open).
import type { Worker } from 'node:worker_threads';
import { spawnTaskWorker } from '../util/pool.ts';

export interface RasterTask {
  svg: string;
  /** Pixel density multiplier (2 = retina). */
  scale: number;
  fontFiles?: string[];
}

let resvgLib: Promise<typeof import('@resvg/resvg-js')> | undefined;

/** Rasterise in the calling thread (the helper runs this). Text needs a font: see render.ts. */
export async function rasterise(t: RasterTask): Promise<Uint8Array> {
  const { Resvg } = await (resvgLib ??= import('@resvg/resvg-js'));
  const resvg = new Resvg(t.svg, {
    fitTo: { mode: 'zoom', value: t.scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', ...(t.fontFiles ? { fontFiles: t.fontFiles } : {}) },
    background: 'white',
  });
  return new Uint8Array(resvg.render().asPng());
}

interface Pending {
  resolve: (png: Uint8Array) => void;
  reject: (e: Error) => void;
}

interface Helper {
  worker: Worker;
  pending: Map<number, Pending>;
  next: number;
}

let helper: Helper | undefined;

function startHelper(): Helper {
  const h: Helper = { worker: spawnTaskWorker(), pending: new Map(), next: 0 };
  const failAll = (e: Error) => {
    if (helper === h) helper = undefined;
    for (const p of h.pending.values()) p.reject(e);
    h.pending.clear();
  };
  h.worker.on('message', (msg: { id: number; ok: boolean; result?: Uint8Array; error?: { message: string } }) => {
    const p = h.pending.get(msg.id);
    if (!p) return;
    h.pending.delete(msg.id);
    if (h.pending.size === 0) h.worker.unref();
    if (msg.ok) p.resolve(msg.result!);
    else p.reject(new Error(`rendering a plot: ${msg.error!.message}`));
  });
  h.worker.on('error', failAll);
  h.worker.on('exit', (code) => failAll(new Error(`rendering a plot: the helper thread exited with code ${code}`)));
  return h;
}

/** Rasterise on the helper thread; the promise settles when the PNG is back. */
export function rasteriseAside(t: RasterTask): Promise<Uint8Array> {
  const h = (helper ??= startHelper());
  const id = h.next++;
  return new Promise<Uint8Array>((resolve, reject) => {
    h.pending.set(id, { resolve, reject });
    h.worker.ref();
    h.worker.postMessage({ id, module: import.meta.url, fn: 'rasterise', arg: t });
  });
}
