// Experiment plots that carry their uncertainty (issue 20): calibration over every game's cover
// probability (not only the bets) in bins with counts and Wilson intervals; ROI per edge bucket
// with n and ±1.96 SE intervals, every bucket shown (empty ones say n=0); cumulative units in
// time (weeks in kickoff order, so the series line up) with dashes that keep each one visible;
// feature importance with full names and a subtitle that says what the importance measures.
import { count } from '../util/plural.ts';
import { outcomeProbabilities, coverProbability } from './cover.ts';
import type { KeyNumbers } from './key-numbers.ts';
import { roiInterval, wilson } from './intervals.ts';
import { PLOT_CONFIG, zeroRule, type Spec } from './plots.ts';
import type { BetType, ScoredBet } from './types.ts';

const frame = (title: string, subtitle: string | string[], width = 560, height = 320) => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  title: { text: title, subtitle },
  width,
  height,
  config: PLOT_CONFIG,
});

export interface GameProbability {
  bet_type: BetType;
  prediction: number;
  sigma: number;
  line: number | null;
  actual: number | null;
}

export interface CalibrationBin {
  bin: string;
  n: number;
  mean_probability: number;
  win_rate: number;
  lo: number;
  hi: number;
}

/**
 * Every played game with a line: the probability that the side the model favours covers, and
 * whether it did (pushes dropped), binned from 50% up in steps of `width`.
 */
/** `keyNumbers`: the league's (NFL), so the spread probabilities are the ones its bets used. */
export function gameCalibrationTable(games: readonly GameProbability[], width = 0.05, keyNumbers?: KeyNumbers): CalibrationBin[] {
  const acc = new Map<number, { n: number; p: number; w: number }>();
  for (const g of games) {
    if (g.line === null || g.actual === null || !Number.isFinite(g.actual) || !(g.sigma > 0)) continue;
    const first = g.bet_type === 'spread' ? 'home' : 'over';
    const p = coverProbability(outcomeProbabilities(g.bet_type, first, g.prediction, g.line, g.sigma, keyNumbers));
    const diff = g.bet_type === 'spread' ? g.actual + g.line : g.actual - g.line;
    if (diff === 0) continue;
    const favoured = p >= 0.5;
    const pf = favoured ? p : 1 - p;
    const won = favoured === diff > 0;
    const k = Math.min(Math.floor((pf - 0.5) / width), Math.floor(0.5 / width) - 1);
    const a = acc.get(k) ?? { n: 0, p: 0, w: 0 };
    a.n++;
    a.p += pf;
    a.w += won ? 1 : 0;
    acc.set(k, a);
  }
  return [...acc.entries()].sort((a, b) => a[0] - b[0]).map(([k, a]) => {
    const ci = wilson(a.w, a.n)!;
    const lo = 0.5 + k * width;
    return { bin: `${(lo * 100).toFixed(0)}–${((lo + width) * 100).toFixed(0)}%`, n: a.n, mean_probability: a.p / a.n, win_rate: a.w / a.n, lo: ci.lo, hi: ci.hi };
  });
}

export function gameCalibrationSpec(table: readonly CalibrationBin[], title: string): Spec {
  const n = table.reduce((s, t) => s + t.n, 0);
  const hi = Math.min(1, Math.max(0.7, ...table.map((t) => Math.max(t.hi, t.mean_probability))) + 0.02);
  const domain = [0.3, Number(hi.toFixed(2))];
  const x = { field: 'mean_probability', type: 'quantitative', scale: { domain: [0.5, Number(hi.toFixed(2))] }, title: "predicted probability that the model's side covers" };
  return {
    ...frame(title, [`all ${n} decided games with a line (not only bets), pushes excluded;`, 'bars: 95% Wilson interval; labels: games per bin; dashed: perfect calibration']),
    layer: [
      { data: { values: [{ x: 0.5, y: 0.5 }, { x: hi, y: hi }] }, mark: { type: 'line', color: '#999', strokeDash: [4, 4] }, encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0.5, Number(hi.toFixed(2))] } }, y: { field: 'y', type: 'quantitative', scale: { domain } } } },
      { data: { values: table }, mark: { type: 'rule', color: '#1f77b4' }, encoding: { x, y: { field: 'lo', type: 'quantitative', scale: { domain }, title: 'observed cover rate' }, y2: { field: 'hi' } } },
      { data: { values: table }, mark: { type: 'point', filled: true, color: '#1f77b4', size: 60 }, encoding: { x, y: { field: 'win_rate', type: 'quantitative' } } },
      { data: { values: table }, mark: { type: 'text', dx: 14, dy: -8, fontSize: 10, color: '#333' }, encoding: { x, y: { field: 'win_rate', type: 'quantitative' }, text: { field: 'n', type: 'quantitative', format: 'd' } } },
    ],
  } as Spec;
}

export interface EdgeBin {
  bucket: string;
  n_bets: number;
  roi: number | null;
  lo: number | null;
  hi: number | null;
  label: string;
  few: boolean;
}

/** ROI per |edge| bucket with its interval; every bucket kept so an empty one shows n=0. */
export function edgeTable(bets: readonly ScoredBet[], edges: readonly number[] = [0, 1, 2, 3, 4, 5, 7, 10]): EdgeBin[] {
  return edges.map((low, i) => {
    const high = edges[i + 1] ?? Infinity;
    const inB = bets.filter((b) => Math.abs(b.edge) >= low && Math.abs(b.edge) < high).map((b) => ({ result: b.result, units_won: b.units_won, recommended_units: b.recommended_units }));
    const ci = roiInterval(inB);
    const ok = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);
    return { bucket: Number.isFinite(high) ? `${low}–${high}` : `≥ ${low}`, n_bets: inB.length, roi: ok(ci?.estimate), lo: ok(ci?.lo), hi: ok(ci?.hi), label: `n=${inB.length}`, few: inB.length < 30 };
  });
}

export function edgeSpec(table: readonly EdgeBin[], title: string): Spec {
  // An explicit domain keeps the buckets in edge order (empty buckets have no bar to sort by).
  const x = { field: 'bucket', type: 'ordinal', sort: null, scale: { domain: table.map((t) => t.bucket) }, title: '|edge| (points)', axis: { labelAngle: 0 } };
  return {
    ...frame(title, ['bets grouped by |edge|; whiskers: ROI ± 1.96 SE of the per-bet returns;', 'pale bars: fewer than 30 bets (read with care)']),
    data: { values: table },
    layer: [
      { mark: { type: 'bar' }, encoding: { x, y: { field: 'roi', type: 'quantitative', title: 'ROI', axis: { format: '~%' } }, color: { condition: { test: 'datum.roi < 0', value: '#d62728' }, value: '#2ca02c' }, opacity: { condition: { test: 'datum.few', value: 0.35 }, value: 0.9 } } },
      { mark: { type: 'rule', color: '#333' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
      { mark: { type: 'text', dy: 4, baseline: 'top', fontSize: 10, color: '#333' }, encoding: { x, y: { datum: 0 }, text: { field: 'label' } } },
      zeroRule({ color: '#444' }),
    ],
  } as Spec;
}

/** Cumulative units after each week (kickoff order), per market and overall: aligned in time. */
export function weeklyCumulative(bets: readonly (ScoredBet & { ordinal?: number })[]): { week: number; label: string; series: string; units: number }[] {
  const key = (b: ScoredBet) => `${b.season}|${b.season_type === 'postseason' ? 1 : 0}|${String(b.week).padStart(2, '0')}`;
  const weeks = [...new Set(bets.map(key))].sort();
  const series = ['all', ...new Set(bets.map((b) => b.bet_type))].sort((a, b) => (a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b)));
  const out: { week: number; label: string; series: string; units: number }[] = [];
  for (const s of series) {
    let u = 0;
    weeks.forEach((w, i) => {
      for (const b of bets) if (key(b) === w && (s === 'all' || b.bet_type === s)) u += b.units_won;
      const [season, post, wk] = w.split('|');
      out.push({ week: i + 1, label: `${season} ${post === '1' ? 'P' : 'W'}${Number(wk)}`, series: s, units: u });
    });
  }
  return out;
}

export function weeklyCumulativeSpec(bets: readonly ScoredBet[], title: string): Spec {
  const values = weeklyCumulative(bets);
  const nWeeks = new Set(values.map((v) => v.week)).size;
  const span = values.length ? ` (${values[0]!.label} to ${values.find((v) => v.week === nWeeks)!.label})` : '';
  return {
    ...frame(title, [`${count(bets.length, 'bet')} over ${count(nWeeks, 'week')}${span}; one point per week,`, 'so every series lines up in time; the line style tells the series apart where they overlap']),
    data: { values },
    layer: [
      {
        mark: { type: 'line', point: { size: 16 }, strokeWidth: 2 },
        encoding: {
          x: { field: 'week', type: 'quantitative', title: 'week number in kickoff order (1 = first week with bets)', axis: { tickMinStep: 1 } },
          y: { field: 'units', type: 'quantitative', title: 'cumulative units' },
          color: { field: 'series', type: 'nominal', title: 'series', scale: { domain: ['all', 'spread', 'total'], range: ['#333333', '#1f77b4', '#d62728'] } },
          strokeDash: { field: 'series', type: 'nominal', title: 'series', scale: { domain: ['all', 'spread', 'total'], range: [[1, 0], [6, 3], [2, 2]] } },
          tooltip: [{ field: 'label' }, { field: 'series' }, { field: 'units', format: '.2f' }],
        },
      },
      zeroRule({ color: '#444', strokeDash: [4, 4] }),
    ],
  } as Spec;
}

export const IMPORTANCE_DEFINITION = [
  "importance = a feature's share of its market's total (shares sum to 1 per market):",
  "ridge: |coefficient| on the standardised feature; GBDT: loss reduction (gain) of the feature's splits",
];

export function importanceSpec(rows: readonly { feature: string; importance: number }[], title: string, top = 20): Spec {
  const values = [...rows].sort((a, b) => b.importance - a.importance).slice(0, top);
  const longest = Math.max(10, ...values.map((v) => v.feature.length));
  return {
    ...frame(title, IMPORTANCE_DEFINITION, Math.max(420, 760 - longest * 6), Math.max(120, 18 * values.length)),
    data: { values },
    mark: { type: 'bar', color: '#4c78a8' },
    encoding: {
      y: { field: 'feature', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 0 } },
      x: { field: 'importance', type: 'quantitative', title: 'importance (share)', axis: { format: '.0%' } },
    },
  } as Spec;
}
