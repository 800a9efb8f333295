// The table of `edgelab runs`: what a bettor compares between runs — per market the model's RMSE
// beside the market's, the bets, hit rate and ROI — newest run first. Training logs per-market
// metrics with a prefix (`spread_rmse`, `total_roi`); runs logged without one (other tools, or
// MLflow examples) show their unprefixed figures on one row.
import type { RunRecord } from '../tracking/types.ts';
import { fixed, pct } from './figures.ts';
import { signed, table } from './output.ts';

const MARKETS = ['spread', 'total'] as const;

interface Row {
  run: RunRecord;
  experiment: string;
  market: string;
  metric: (name: string) => number | undefined;
}

function rowsOf(experiment: string, run: RunRecord): Row[] {
  const m = run.metrics;
  const markets = MARKETS.filter((k) => [`${k}_rmse`, `${k}_n_bets`, `${k}_roi`].some((n) => m[n] !== undefined));
  if (markets.length) return markets.map((k) => ({ run, experiment, market: k, metric: (n: string) => m[`${k}_${n}`] }));
  return [{ run, experiment, market: 'all', metric: (n: string) => m[n] }];
}

const started = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

export function runsTable(rows: { experiment: string; run: RunRecord }[]): string {
  const ordered = [...rows].sort((a, b) => (b.run.startTime ?? -Infinity) - (a.run.startTime ?? -Infinity) || a.run.runName.localeCompare(b.run.runName));
  const lines = ordered.flatMap(({ experiment, run }) => rowsOf(experiment, run));
  return table(
    ['started', 'run', 'experiment', 'market', 'rmse', 'mkt rmse', 'bets', 'hit rate', 'roi', 'status'],
    lines.map((r) => {
      const roi = r.metric('roi');
      return [
        started(r.run.startTime),
        r.run.runName,
        r.experiment,
        r.market,
        fixed(r.metric('rmse')),
        fixed(r.metric('market_rmse')),
        r.metric('n_bets'),
        pct(r.metric('hit_rate')),
        signed(pct(roi), roi),
        r.run.status === 'FINISHED' ? r.run.status : signed(r.run.status, -1),
      ];
    }),
  );
}
