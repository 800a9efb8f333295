// Plain JavaScript on purpose: a plot helper running the TypeScript sources loads this before it
// registers tsx (plot-threads.ts), so that vega, vega-lite and resvg load without tsx's hooks.
export async function loadPlotLibraries() {
  await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
}
