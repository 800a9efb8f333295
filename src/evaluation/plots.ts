// Vega-Lite specifications of the experiment plots (issue 8: residuals, calibration, feature
// importance, cumulative units, ROI by edge) and the tables they draw, computed here so the
// charts stay simple and the numbers are testable. Monitoring charts reuse lineSpec/barSpec.
// Rendering to PNG lives in render.ts.
import type { TopLevelSpec } from 'vega-lite';
import { chronological } from './metrics.ts';
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
      { mark: { type: 'rule', color: '#444', strokeDash: [4, 4] }, encoding: { y: { datum: 0 } } },
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
    layer: o.zeroRule ? [line, { mark: { type: 'rule', color: '#444', strokeDash: [4, 4] }, encoding: { y: { datum: 0 } } }] : [line],
  } as Spec;
}

export interface EdgeBucket {
  bucket: string;
  low: number;
  high: number;
  n_bets: number;
  units: number;
  staked: number;
  roi: number;
}

/** ROI per |edge| bucket; the edges are bucket boundaries in points (last bucket open-ended). */
export function roiByEdgeTable(bets: readonly ScoredBet[], edges: readonly number[] = [0, 3, 4, 5, 7, 10]): EdgeBucket[] {
  const buckets = edges.map((low, i) => {
    const high = edges[i + 1] ?? Infinity;
    return { bucket: Number.isFinite(high) ? `${low}–${high}` : `≥ ${low}`, low, high, n_bets: 0, units: 0, staked: 0, roi: NaN };
  });
  for (const b of bets) {
    const e = Math.abs(b.edge);
    const k = buckets.findIndex((x) => e >= x.low && e < x.high);
    if (k < 0) continue;
    buckets[k]!.n_bets++;
    buckets[k]!.units += b.units_won;
    buckets[k]!.staked += b.recommended_units;
  }
  for (const x of buckets) x.roi = x.staked > 0 ? x.units / x.staked : NaN;
  return buckets.filter((x) => x.n_bets > 0);
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
      { mark: { type: 'rule', color: '#444' }, encoding: { y: { datum: 0 } } },
    ],
  } as Spec;
}

export function roiByEdgeSpec(table: readonly EdgeBucket[], title = 'ROI by edge'): Spec {
  const values = table.map((t) => ({ bucket: t.bucket, roi: t.roi, label: `n=${t.n_bets}` }));
  return barSpec(values, { title, subtitle: 'bets grouped by |edge| in points', x: 'bucket', xTitle: '|edge| (points)', y: 'roi', yTitle: 'ROI', label: 'label', yFormat: '.0%' });
}
