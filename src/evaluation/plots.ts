// Vega-Lite specifications of the experiment plots (issue 8: residuals, calibration, feature
// importance, cumulative units, ROI by edge) and the tables they draw, computed here so the
// charts stay simple and the numbers are testable. Monitoring charts reuse lineSpec/barSpec.
// Rendering to PNG lives in render.ts.
import type { TopLevelSpec } from 'vega-lite';
import type { BetType, ScoredBet } from './types.ts';

export type Spec = TopLevelSpec;

const WIDTH = 560;
const HEIGHT = 320;
/** Shared look: a font Debian ships (fonts-dejavu-core), white background, no chart border. */
export const PLOT_CONFIG = {
  font: 'DejaVu Sans',
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14 },
} as const;

function frame(title: string, subtitle?: string) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: subtitle ? { text: title, subtitle } : title,
    width: WIDTH,
    height: HEIGHT,
    config: PLOT_CONFIG,
  } as const;
}

/**
 * A rule across the chart at y = 0, drawn once. Without its own one-row data a layer inherits the
 * chart's rows and vega-lite draws the rule once per row: 3,262 identical dashed lines under the
 * quick demo's residuals (a quarter of that chart's SVG, a third of its CPU), and stacked
 * anti-aliased edges that made the line heavier than its 1 px.
 */
export function zeroRule(mark: { color: string; strokeDash?: number[] }) {
  return { data: { values: [{}] }, mark: { type: 'rule', ...mark }, encoding: { y: { datum: 0 } } } as const;
}

/** Residuals (actual − prediction) against the prediction, per market. */
export function residualsSpec(rows: readonly { bet_type: BetType; prediction: number; actual: number | null }[], title = 'Residuals'): Spec {
  const values = rows
    .filter((r) => r.actual !== null)
    .map((r) => ({ market: r.bet_type, prediction: r.prediction, residual: r.actual! - r.prediction }));
  return {
    ...frame(title, `actual − prediction, ${values.length} games`),
    data: { values },
    layer: [
      {
        mark: { type: 'point', filled: true, opacity: 0.35, size: 14 },
        encoding: {
          x: { field: 'prediction', type: 'quantitative', title: 'prediction (points)' },
          y: { field: 'residual', type: 'quantitative', title: 'residual (points)' },
          color: { field: 'market', type: 'nominal', title: 'market' },
        },
      },
      zeroRule({ color: '#444', strokeDash: [4, 4] }),
    ],
  } as Spec;
}

/** A line per series over an ordinal-or-quantitative x (reused by monitoring charts). */
export function lineSpec(
  values: readonly Record<string, unknown>[],
  o: { title: string; subtitle?: string; x: string; xTitle: string; xType?: 'quantitative' | 'ordinal' | 'temporal'; y: string; yTitle: string; series?: string; zeroRule?: boolean },
): Spec {
  const line = {
    mark: { type: 'line' },
    encoding: {
      x: { field: o.x, type: o.xType ?? 'quantitative', title: o.xTitle },
      y: { field: o.y, type: 'quantitative', title: o.yTitle },
      ...(o.series ? { color: { field: o.series, type: 'nominal', title: o.series } } : {}),
    },
  };
  return {
    ...frame(o.title, o.subtitle),
    data: { values: [...values] },
    layer: o.zeroRule ? [line, zeroRule({ color: '#444', strokeDash: [4, 4] })] : [line],
  } as Spec;
}

/** Bars (with counts as labels) of a category against a value (reused by monitoring charts). */
export function barSpec(values: readonly Record<string, unknown>[], o: { title: string; subtitle?: string; x: string; xTitle: string; y: string; yTitle: string; label?: string; yFormat?: string }): Spec {
  return {
    ...frame(o.title, o.subtitle),
    data: { values: [...values] },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: { field: o.x, type: 'ordinal', sort: null, title: o.xTitle, axis: { labelAngle: 0 } },
          y: { field: o.y, type: 'quantitative', title: o.yTitle, ...(o.yFormat ? { axis: { format: o.yFormat } } : {}) },
          color: { condition: { test: `datum['${o.y}'] < 0`, value: '#d62728' }, value: '#2ca02c' },
        },
      },
      ...(o.label
        ? [{ mark: { type: 'text', dy: -8, color: '#333' }, encoding: { x: { field: o.x, type: 'ordinal', sort: null }, y: { field: o.y, type: 'quantitative' }, text: { field: o.label } } }]
        : []),
      zeroRule({ color: '#444' }),
    ],
  } as Spec;
}
