// Vega-Lite spec → Vega → SVG (headless vega View, renderer 'none') → PNG (resvg), in memory, in
// the calling thread. Plots are drawn on helper threads (plot-threads.ts), which run these.
// Text needs a font: resvg gets the system fonts, or only the plots' two font files once they are
// known to draw the same bytes (plot-fonts.ts), and falls back to DejaVu Sans (Debian
// fonts-dejavu-core). Without any system font the PNG is still produced, but without text.
// vega, vega-lite and resvg load on the first render, not with the module: commands that never
// draw a plot should not pay for them at start-up (0.25 s).
import type { Spec } from './plots.ts';
import { fontsFor, resolvePlotFonts, SYSTEM_FONTS, type FontOptions } from './plot-fonts.ts';

let vegaLibs: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;
let resvgLib: Promise<typeof import('@resvg/resvg-js')> | undefined;
let plotFonts: FontOptions | undefined;

/**
 * resvg-js allocates with mimalloc, which by default hands freed memory back to the OS after
 * 10 ms: every plot then faulted its 4.5 MB canvas, and the 760 KB font file that resvg's text
 * layout reads once per character, back in page by page (the five plots of a training: 918 ms
 * of resvg CPU, 155k minor faults → 415 ms, 47k faults; max RSS 219 → 228 MB). Freed memory is
 * kept for 1 s instead, so the next plot reuses it. mimalloc reads this from the process
 * environment when the addon loads, so it is set before any thread loads resvg, from the main
 * thread (a worker's process.env is its own copy); a value the user set wins.
 * Even so each plot faulted its canvas in 4 KB page by page as resvg filled it (≈ 1,700 minor
 * faults a plot at ≈ 10 µs each here). mimalloc may also ask the kernel for transparent huge
 * pages (2 MB, madvise): the canvas then faults in a few pages. Measured on 60 renders of the
 * quick demo's plots: 136k → 36k faults, CPU −12%; the whole quick demo: −20k to −30k faults.
 * Where huge pages are not available mimalloc falls back to normal pages. Pixels and PNG bytes
 * do not depend on it.
 */
export function keepResvgMemory(): void {
  process.env.MIMALLOC_PURGE_DELAY ??= '1000';
  process.env.MIMALLOC_ALLOW_LARGE_OS_PAGES ??= '1';
}

const loadResvg = () => {
  keepResvgMemory();
  return import('@resvg/resvg-js');
};

/** Load vega, vega-lite and resvg and resolve the fonts now (a helper thread does this before its first plot is due). */
export async function loadRenderers(): Promise<void> {
  const [, { Resvg }] = await Promise.all([(vegaLibs ??= Promise.all([import('vega'), import('vega-lite')])), (resvgLib ??= loadResvg())]);
  plotFonts ??= resolvePlotFonts(Resvg);
}

export async function renderSvg(spec: Spec): Promise<string> {
  const [{ parse, View }, { compile }] = await (vegaLibs ??= Promise.all([import('vega'), import('vega-lite')]));
  // No ARIA attributes: resvg draws nothing from them (same pixels, same PNG bytes), and vega
  // formats one description per mark item (a third of the residuals chart's 1.3 MB SVG).
  const vg = compile(spec, { config: { aria: false } }).spec;
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

/** The PNG of an SVG from renderSvg. Text needs a font: see above. */
export async function rasterise(svg: string, opts: PngOptions = {}): Promise<Uint8Array> {
  const { Resvg } = await (resvgLib ??= loadResvg());
  const font = opts.fontFiles ? { ...SYSTEM_FONTS, fontFiles: opts.fontFiles } : fontsFor(svg, (plotFonts ??= resolvePlotFonts(Resvg)));
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: opts.scale ?? 2 }, font, background: 'white' });
  return new Uint8Array(resvg.render().asPng());
}

/** Width and height of a PNG from its IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}
