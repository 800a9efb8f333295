// The season charts of the dashboard as Vega-Lite specs, built with the experiment plots' helpers
// (evaluation/plots.ts) and rendered in the browser by vega-embed. Pure.
import { barSpec, lineSpec, type Spec } from '../evaluation/plots.ts';
import { edgeSpec, edgeTable } from '../evaluation/plots-uncertainty.ts';
import type { ScoredBet } from '../evaluation/types.ts';
import type { LogRow } from '../readers/production.ts';
import { BREAK_EVEN_HIT_RATE } from './kpis.ts';
import { logKey, weekLabel } from './readers.ts';

export interface ChartView {
  id: 'cumulative_units' | 'rolling' | 'roi_by_edge' | 'bets_per_week';
  title: string;
  /** null when the season has nothing to draw (the page says so instead). */
  spec: Spec | null;
  empty: string;
}

type Layered = { layer: { encoding?: { x?: Record<string, unknown> } }[]; width?: unknown };

/** Keep the x axis in data order (weeks are already chronological) and fit the page's width. */
function dashboardLook(spec: Spec): Spec {
  const s = spec as unknown as Layered;
  for (const l of s.layer) if (l.encoding?.x) l.encoding.x.sort = null;
  s.width = 'container';
  return spec;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** One season's weekly series from the log: label, season-to-date units, rolling figures, bets. */
export function weeklySeries(rows: readonly LogRow[]) {
  let cum = 0;
  return rows.flatMap((r) => {
    const k = logKey(r);
    if (!k) return [];
    cum += num(r.units) ?? 0;
    return [{ week: weekLabel(k), units: num(r.units) ?? 0, cumulative_units: Math.round(cum * 1e4) / 1e4, rolling_roi: num(r.rolling_roi), rolling_hit_rate: num(r.rolling_hit_rate), bets: num(r.bets) ?? 0 }];
  });
}

/** The scored rows that were settled, in the shape edgeTable reads. */
export function settledBets(rows: readonly Record<string, string>[]): ScoredBet[] {
  const out: ScoredBet[] = [];
  for (const r of rows) {
    if (r.result !== 'win' && r.result !== 'loss' && r.result !== 'push') continue;
    const edge = Number(r.edge);
    const units = Number(r.units_won);
    const stake = Number(r.recommended_units);
    if (![edge, units, stake].every(Number.isFinite)) continue;
    out.push({ edge, units_won: units, recommended_units: stake, result: r.result, bet_type: r.bet_type === 'total' ? 'total' : 'spread' } as ScoredBet);
  }
  return out;
}

/** Counts have whole-number ticks (no "0.5 bets"). */
function wholeNumbers(spec: Spec): Spec {
  const s = spec as unknown as { layer: { encoding: { y: Record<string, unknown> } }[] };
  s.layer[0]!.encoding.y.axis = { tickMinStep: 1, format: 'd' };
  return spec;
}

export function seasonCharts(season: number, log: readonly LogRow[], scored: readonly Record<string, string>[]): ChartView[] {
  const weeks = weeklySeries(log);
  const none = `no scored weeks in ${season} yet`;
  const rolling = weeks.flatMap((w) => [
    ...(w.rolling_roi !== null ? [{ week: w.week, series: 'rolling ROI', value: w.rolling_roi }] : []),
    ...(w.rolling_hit_rate !== null ? [{ week: w.week, series: 'rolling hit rate', value: w.rolling_hit_rate }] : []),
  ]);
  const settled = settledBets(scored);
  const edge = edgeTable(settled);
  let rollingSpec: Spec | null = null;
  if (rolling.length) {
    rollingSpec = dashboardLook(lineSpec(rolling, { title: 'Rolling 4-week ROI and hit rate', subtitle: `dashed: break-even hit rate ${(BREAK_EVEN_HIT_RATE * 100).toFixed(1)}% at −110`, x: 'week', xTitle: 'week', xType: 'ordinal', y: 'value', yTitle: 'share', series: 'series', zeroRule: true }));
    const s = rollingSpec as unknown as { layer: Record<string, unknown>[] };
    (s.layer[0] as { encoding: { y: Record<string, unknown> } }).encoding.y.axis = { format: '.0%' };
    s.layer.push({ mark: { type: 'rule', color: '#b45309', strokeDash: [6, 3] }, encoding: { y: { datum: BREAK_EVEN_HIT_RATE } } });
    // The legend below the plot: on the right it was clipped in a half-width box.
    (s.layer[0] as { encoding: { color: Record<string, unknown> } }).encoding.color.legend = { orient: 'bottom' };
  }
  return [
    {
      id: 'cumulative_units',
      title: 'Cumulative units by week',
      spec: weeks.length ? dashboardLook(lineSpec(weeks, { title: `Cumulative units, ${season}`, subtitle: 'season to date, after each scored week', x: 'week', xTitle: 'week', xType: 'ordinal', y: 'cumulative_units', yTitle: 'units', zeroRule: true })) : null,
      empty: none,
    },
    { id: 'rolling', title: 'Rolling 4-week ROI and hit rate', spec: rollingSpec, empty: none },
    {
      id: 'roi_by_edge',
      title: 'ROI by edge bucket',
      spec: settled.length ? dashboardLook(edgeSpec(edge, `ROI by edge, ${season}`)) : null,
      empty: `no settled bets in ${season} yet`,
    },
    {
      id: 'bets_per_week',
      title: 'Bets per week',
      spec: weeks.length ? wholeNumbers(dashboardLook(barSpec(weeks.map((w) => ({ ...w, label: String(w.bets) })), { title: `Bets per week, ${season}`, x: 'week', xTitle: 'week', y: 'bets', yTitle: 'bets', label: 'label' }))) : null,
      empty: none,
    },
  ];
}
