// Vega-Lite spec → Vega → SVG (headless vega View, renderer 'none') → PNG (resvg, on a helper
// thread: raster-thread.ts), in memory.
// Text needs a font: resvg loads the system fonts and falls back to DejaVu Sans (Debian
// fonts-dejavu-core). Without any system font the PNG is still produced, but without text.
// vega, vega-lite and resvg load on the first render, not with the module: commands that never
// draw a plot should not pay for them at start-up (0.25 s).
import type { Spec } from './plots.ts';
import { rasteriseAside } from './raster-thread.ts';

let vegaLibs: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;

export async function renderSvg(spec: Spec): Promise<string> {
  const [{ parse, View }, { compile }] = await (vegaLibs ??= Promise.all([import('vega'), import('vega-lite')]));
  const vg = compile(spec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Pixel density multiplier (2 = retina). Default 2. */
  scale?: number;
  /** Extra font files, for machines without system fonts. */
  fontFiles?: string[];
}

export async function renderPng(spec: Spec, opts: PngOptions = {}): Promise<Uint8Array> {
  return rasterisePng(await renderSvg(spec), opts);
}

/** The PNG of an SVG from renderSvg: starts it on the helper thread and returns at once. */
export function rasterisePng(svg: string, opts: PngOptions = {}): Promise<Uint8Array> {
  return rasteriseAside({ svg, scale: opts.scale ?? 2, ...(opts.fontFiles ? { fontFiles: opts.fontFiles } : {}) });
}

/** Width and height of a PNG from its IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}
