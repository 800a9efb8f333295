// The demo league's headline figures, measured on completed games: how noisy margins are around
// their expectation, how good the market is, and how much an oracle would beat it by.
import type { Dataset } from '../../schema.ts';
import type { GameTruth } from './league.ts';

export interface DemoFigures {
  games: number;
  /** sd of (margin - true expected margin). */
  margin_sd: number;
  /** RMSE of the closing (opening) spread against the margin: sqrt(mean((margin + spread)^2)). */
  closing_spread_rmse: number;
  opening_spread_rmse: number;
  closing_total_rmse: number;
  home_win_rate: number;
  total_mean: number;
  total_sd: number;
  /** Share of spread bets won by always taking the side the true expected margin favours (pushes excluded). */
  oracle_hit_rate: number;
  /** Share of completed games with a closing spread. */
  line_coverage: number;
}

const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
const sd = (a: number[]) => {
  const mu = mean(a);
  return Math.sqrt(a.reduce((s, x) => s + (x - mu) ** 2, 0) / (a.length - 1));
};
const rmse = (a: number[]) => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);

export function demoFigures(data: Dataset, truth: Map<string, GameTruth>): DemoFigures {
  const lineOf = new Map(data.lines.map((l) => [l.game_id, l]));
  const resid: number[] = [];
  const close: number[] = [];
  const open: number[] = [];
  const totalErr: number[] = [];
  const totals: number[] = [];
  let homeWins = 0;
  let homeGames = 0;
  let oracleWins = 0;
  let oracleBets = 0;
  const done = data.games.filter((g) => g.completed && g.home_points !== null && g.away_points !== null);
  for (const g of done) {
    const margin = g.home_points! - g.away_points!;
    const total = g.home_points! + g.away_points!;
    const t = truth.get(g.game_id);
    if (t) resid.push(margin - t.expected_margin);
    totals.push(total);
    if (!g.neutral_site) {
      homeGames++;
      if (margin > 0) homeWins++;
    }
    const l = lineOf.get(g.game_id);
    if (!l || l.spread === null) continue;
    close.push(margin + l.spread);
    if (l.spread_open !== null) open.push(margin + l.spread_open);
    if (l.total !== null) totalErr.push(total - l.total);
    if (!t) continue;
    const pick = t.expected_margin + l.spread;
    const outcome = margin + l.spread;
    if (pick !== 0 && outcome !== 0) {
      oracleBets++;
      if (Math.sign(pick) === Math.sign(outcome)) oracleWins++;
    }
  }
  return {
    games: done.length,
    margin_sd: sd(resid),
    closing_spread_rmse: rmse(close),
    opening_spread_rmse: rmse(open),
    closing_total_rmse: rmse(totalErr),
    home_win_rate: homeWins / homeGames,
    total_mean: mean(totals),
    total_sd: sd(totals),
    oracle_hit_rate: oracleWins / oracleBets,
    line_coverage: close.length / done.length,
  };
}
