import { createLayout } from '../src/artifacts/layout.ts';
import { experimentConfig, loadDataset, evaluateSeasons } from '../src/workflow/train/train.ts';
import { backtest } from '../src/evaluation/backtest.ts';
import { experimentMetrics } from '../src/evaluation/experiment-metrics.ts';
import { silentProgress } from '../src/util/progress.ts';
import { seasonRoles } from '../src/evaluation/walkforward.ts';
const layout = createLayout('/tmp/p1');
const sets = process.argv.slice(2).join(' ').split(' | ');
const base = experimentConfig(layout, ['experiment=v2-001']);
const data = await loadDataset(layout, base);
for (const s of sets) {
  const cfg = experimentConfig(layout, s.trim().split(/\s+/).filter(Boolean));
  const roles = seasonRoles(data.games, cfg.evaluation);
  const ev = await evaluateSeasons(data, cfg, roles.dev, silentProgress);
  const { records, bets } = backtest(ev.predictions, cfg.betting);
  const m = experimentMetrics(records, bets, ['spread', 'total']).filter((r) => r.season === 'all' && r.market !== 'all');
  console.log(s, '\n   ', m.map((r) => `${r.market}: rmse ${r.rmse.toFixed(2)} mkt ${r.market_rmse.toFixed(2)} bets ${r.n_bets} hit ${(r.hit_rate * 100).toFixed(1)} roi ${(r.roi * 100).toFixed(1)}`).join(' | '));
}
