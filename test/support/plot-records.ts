// Prediction records and settled bets of a made-up season, both markets, for the plot tests and
// bench/plots.ts: predictions, lines and outcomes from a fixed LCG (the same data every run).
import type { PredictionRecord } from '../../src/evaluation/backtest.ts';
import type { ScoredBet } from '../../src/evaluation/types.ts';
import { scored } from './evaluation-testkit.ts';

/** weeks × gamesPerWeek games, a spread and a total record each; the last game is unplayed. */
export function plotRecords(weeks: number, gamesPerWeek: number, seed = 12345): PredictionRecord[] {
  let s = seed;
  const u = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out: PredictionRecord[] = [];
  for (let week = 1; week <= weeks; week++) {
    for (let g = 0; g < gamesPerWeek; g++) {
      for (const market of ['spread', 'total'] as const) {
        const line = market === 'spread' ? Math.round((u() - 0.5) * 20) / 2 : 40 + Math.round(u() * 20) / 2;
        const prediction = market === 'spread' ? (u() - 0.5) * 16 : 40 + u() * 12;
        const last = week === weeks && g === gamesPerWeek - 1;
        const actual = last ? null : market === 'spread' ? Math.round((u() - 0.5) * 40) : Math.round(25 + u() * 40);
        out.push({
          game_id: `g${week}-${g}`, season: 2023, season_type: 'regular', week, home_team: 'A', away_team: 'B', market, prediction,
          sigma: market === 'spread' ? 13 : 14, line, closing_line: line, edge: null, cover_probability: null, expected_value: null,
          bet_side: 'none', price: null, stake: 0, actual, result: null, units_won: 0, eligible: true, reason: null,
        });
      }
    }
  }
  return out;
}

/** Every `every`-th played record as a settled bet: wins, losses and pushes, edges 1–9. */
export function plotBets(records: readonly PredictionRecord[], every = 3): ScoredBet[] {
  return records
    .filter((r, i) => r.actual !== null && i % every === 0)
    .map((r, i) => {
      const result = i % 5 === 4 ? 'push' : i % 2 === 0 ? 'win' : 'loss';
      return scored({ game_id: r.game_id, week: r.week, bet_type: r.market, side: r.market === 'spread' ? 'home' : 'over', edge: 1 + (i % 9), cover_probability: 0.53 + (i % 7) / 100, result, units_won: result === 'win' ? 1 / 1.1 : result === 'loss' ? -1 : 0 });
    });
}
