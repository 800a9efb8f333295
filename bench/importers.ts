// Importer throughput: parse + map + check a 50,000-row games CSV and the matching lines CSV, and
// format them back (export). Run: node --import tsx bench/importers.ts. Reports rows per second;
// the machine is shared, so compare numbers within one run.
import { datasetToCsv } from '../src/data/export.ts';
import { importTableCsv } from '../src/data/sources/csv/import.ts';
import type { Dataset, Game, Line } from '../src/data/schema.ts';

const N = 50_000;
const games: Game[] = [];
const lines: Line[] = [];
for (let i = 0; i < N; i++) {
  const id = `g${i}`;
  games.push({
    game_id: id, season: 2000 + (i % 25), season_type: i % 10 === 0 ? 'postseason' : 'regular', week: 1 + (i % 15),
    start_date: new Date(Date.UTC(2000 + (i % 25), 8, 1 + (i % 28), 17)).toISOString(), neutral_site: i % 7 === 0,
    conference_game: i % 2 === 0, home_team: `Team ${i % 130}`, away_team: `Team ${(i + 1) % 130}`, home_conference: 'East',
    away_conference: 'West, North', home_points: i % 50, away_points: (i * 7) % 45, completed: true, home_rest: 7, away_rest: null,
  });
  lines.push({
    game_id: id, provider: 'consensus', spread: -((i % 40) - 20) / 2, spread_open: null, total: 40 + (i % 30) / 2, total_open: null,
    home_moneyline: -150, away_moneyline: 130, spread_price_home: -110, spread_price_away: -110, captured_at: null,
  });
}
const ds: Dataset = { games, lines, teamGames: [] };

function time<T>(label: string, rows: number, fn: () => T): T {
  const t0 = performance.now();
  const out = fn();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms  ${Math.round((rows / ms) * 1000).toLocaleString('en-US')} rows/s`);
  return out;
}

const csv = time('export (format CSV)', 2 * N, () => datasetToCsv(ds));
const g = time('import games CSV', N, () => importTableCsv(csv.games, { file: 'games.csv', table: 'games' }));
time('import lines CSV', N, () => importTableCsv(csv.lines, { file: 'lines.csv', table: 'lines', knownGames: g.dataset.games }));
if (g.rejects.length || g.dataset.games.length !== N) throw new Error('bench data did not import cleanly');
