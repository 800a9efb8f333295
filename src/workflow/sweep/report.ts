// The sweep's report: configurations ranked by development ROI against the baseline, and how
// much of the winner's lead is selection luck (White's Reality Check over every configuration,
// on the weeks of the development seasons, with the same week draws for all of them).
import { sweepFile } from '../../artifacts/layout.ts';
import { writeFileAtomic, writeJsonAtomic } from '../../artifacts/atomic.ts';
import type { Layout } from '../../artifacts/layout.ts';
import { alignWeeks, realityCheck } from '../../evaluation/reality-check.ts';
import { UserError } from '../../util/errors.ts';
import type { ConfigurationResult } from './configuration.ts';
import type { SweepPlanFile } from './run.ts';

/** Level at which the Reality Check calls the winner's lead real (docs/sweeps.md). */
export const SWEEP_ALPHA = 0.05;
export const SWEEP_BOOTSTRAP = 2000;

export interface RankedConfiguration {
  rank: number;
  index: number;
  overrides: string[];
  n_bets: number;
  hit_rate: number;
  roi: number;
  /** ROI − baseline ROI over the same weeks. */
  difference: number;
  /** One-at-a-time bootstrap p-value (ignores that K were tried). */
  naive_p: number;
  rmse: Record<string, number>;
}

export interface SweepReport {
  sweep_id: string;
  baseline: { id: string; roi: number; n_bets: number };
  dev_seasons: number[];
  n_configurations: number;
  n_results: number;
  missing: number[];
  ranking: RankedConfiguration[];
  reality_check: {
    p_value: number;
    alpha: number;
    best_index: number;
    best_roi: number;
    selection_bias: number;
    best_roi_adjusted: number;
    best_difference_ci95: [number, number];
    n_weeks: number;
    n_bootstrap: number;
  };
  verdict: string;
}

function bets(r: ConfigurationResult): { n: number; wins: number; decided: number } {
  let n = 0;
  let hits = 0;
  let decided = 0;
  for (const f of Object.values(r.markets)) {
    if (!Number.isFinite(f.n_bets)) continue;
    n += f.n_bets;
    if (Number.isFinite(f.hit_rate) && f.n_bets > 0) {
      hits += f.hit_rate * f.n_bets;
      decided += f.n_bets;
    }
  }
  return { n, wins: hits, decided };
}

export function buildReport(plan: SweepPlanFile, baseline: ConfigurationResult, results: readonly ConfigurationResult[]): SweepReport {
  if (results.length === 0) throw new UserError(`sweep ${plan.sweep_id}: no configuration has a result yet`);
  const toMap = (r: ConfigurationResult) => new Map(Object.entries(r.weeks));
  const [base, ...series] = alignWeeks(plan.weeks, [toMap(baseline), ...results.map(toMap)]);
  const rc = realityCheck(base!, series, { n: SWEEP_BOOTSTRAP, seed: 20240901 });
  const ranked = results
    .map((r, k) => {
      const b = bets(r);
      return {
        rank: 0,
        index: r.index,
        overrides: r.overrides,
        n_bets: b.n,
        hit_rate: b.decided ? b.wins / b.decided : NaN,
        roi: rc.configurations[k]!.roi,
        difference: rc.configurations[k]!.difference,
        naive_p: rc.configurations[k]!.naive_p,
        rmse: Object.fromEntries(Object.entries(r.markets).map(([m, f]) => [m, f.rmse])),
      };
    })
    .sort((a, b) => b.difference - a.difference || a.index - b.index)
    .map((r, i) => ({ ...r, rank: i + 1 }));
  const done = new Set(results.map((r) => r.index));
  const missing = plan.configurations.map((c) => c.index).filter((i) => !done.has(i));
  const best = results[rc.best]!;
  const K = results.length;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lead = rc.configurations[rc.best]!.difference;
  const verdict =
    lead <= 0
      ? `no configuration beat the baseline ${plan.baseline} on the development seasons`
      : rc.p_value < SWEEP_ALPHA
        ? `#${best.index} leads the baseline by ${pct(lead)} ROI and the lead survives the Reality Check over ${K} configurations (p = ${rc.p_value.toFixed(3)} < ${SWEEP_ALPHA}); its ROI shrunk for the ${K} tried is ${pct(rc.best_roi_adjusted)}`
        : `#${best.index} leads the baseline by ${pct(lead)} ROI, but trying ${K} configurations produces a lead this large by luck (Reality Check p = ${rc.p_value.toFixed(3)} ≥ ${SWEEP_ALPHA}); its ROI shrunk for the ${K} tried is ${pct(rc.best_roi_adjusted)}`;
  const bb = bets(baseline);
  return {
    sweep_id: plan.sweep_id,
    baseline: { id: plan.baseline, roi: rc.baseline_roi, n_bets: bb.n },
    dev_seasons: plan.dev_seasons,
    n_configurations: plan.configurations.length,
    n_results: K,
    missing,
    ranking: ranked,
    reality_check: {
      p_value: rc.p_value,
      alpha: SWEEP_ALPHA,
      best_index: best.index,
      best_roi: rc.configurations[rc.best]!.roi,
      selection_bias: rc.selection_bias,
      best_roi_adjusted: rc.best_roi_adjusted,
      best_difference_ci95: rc.best_difference_ci95,
      n_weeks: rc.n_weeks,
      n_bootstrap: rc.n_bootstrap,
    },
    verdict,
  };
}

export function reportMarkdown(r: SweepReport, top = 20): string {
  const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–');
  const lines = [
    `# Sweep ${r.sweep_id}`,
    '',
    `Baseline ${r.baseline.id}: ROI ${pct(r.baseline.roi)} over ${r.baseline.n_bets} bets; development seasons ${r.dev_seasons.join(', ')} (the test season is not in the data a sweep holds).`,
    `${r.n_results} of ${r.n_configurations} configurations evaluated${r.missing.length ? `; missing: ${r.missing.join(', ')}` : ''}.`,
    '',
    `**Verdict:** ${r.verdict}.`,
    '',
    `Reality Check: p = ${r.reality_check.p_value.toFixed(3)} (level ${r.reality_check.alpha}), ${r.reality_check.n_bootstrap} resamples of ${r.reality_check.n_weeks} weeks; winner's ROI ${pct(r.reality_check.best_roi)}, selection bias ${pct(r.reality_check.selection_bias)}, shrunk ROI ${pct(r.reality_check.best_roi_adjusted)}; 95% interval of its lead ${pct(r.reality_check.best_difference_ci95[0])} … ${pct(r.reality_check.best_difference_ci95[1])}.`,
    '',
    '| rank | # | overrides | bets | hit rate | ROI | vs baseline | naive p |',
    '|---:|---:|---|---:|---:|---:|---:|---:|',
    ...r.ranking.slice(0, top).map((c) => `| ${c.rank} | ${c.index} | \`${c.overrides.join(' ')}\` | ${c.n_bets} | ${pct(c.hit_rate)} | ${pct(c.roi)} | ${c.difference >= 0 ? '+' : ''}${pct(c.difference)} | ${c.naive_p.toFixed(3)} |`),
    '',
    'The naive p-value tests one configuration as if it were the only one tried; the Reality Check accounts for all of them.',
    '',
  ];
  if (r.ranking.length > top) lines.splice(lines.length - 2, 0, `(${r.ranking.length - top} more in report.json)`);
  return lines.join('\n');
}

export function writeReport(layout: Layout, report: SweepReport): { json: string; md: string } {
  const dir = layout.sweepDir(report.sweep_id);
  const json = sweepFile(dir, 'report');
  const md = sweepFile(dir, 'reportMd');
  writeJsonAtomic(json, report);
  writeFileAtomic(md, reportMarkdown(report));
  return { json, md };
}
