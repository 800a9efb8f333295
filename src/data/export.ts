// `edgelab data export csv DIR`: the warehouse tables in the documented CSV schema
// (docs/data-formats.md), one file per table, so `data import csv` reads them back unchanged.
import { join } from 'node:path';
import type { Dataset } from './schema.ts';
import { formatCsv, type CsvValue } from '../util/csv.ts';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { TABLES, columnNames, type TableName } from './sources/csv/columns.ts';

export const EXPORT_FILES: Record<TableName, string> = {
  games: 'games.csv',
  lines: 'lines.csv',
  team_game: 'team_game.csv',
};

/** Keep only the given season (lines and statistics follow their game's season). */
export function datasetForSeason(ds: Dataset, season?: number): Dataset {
  if (season === undefined) return ds;
  const games = ds.games.filter((g) => g.season === season);
  const ids = new Set(games.map((g) => g.game_id));
  return { games, lines: ds.lines.filter((l) => ids.has(l.game_id)), teamGames: ds.teamGames.filter((t) => ids.has(t.game_id)) };
}

function rowsOf(ds: Dataset, table: TableName): readonly object[] {
  return table === 'games' ? ds.games : table === 'lines' ? ds.lines : ds.teamGames;
}

/** CSV text of each table (pure). */
export function datasetToCsv(ds: Dataset): Record<TableName, string> {
  const out = {} as Record<TableName, string>;
  for (const t of TABLES) out[t] = formatCsv(columnNames(t), rowsOf(ds, t) as Record<string, CsvValue>[]);
  return out;
}

export interface ExportSummary {
  dir: string;
  files: { table: TableName; path: string; rows: number }[];
}

/** Write games.csv, lines.csv and team_game.csv into `dir` (each file atomically). */
export function exportCsv(ds: Dataset, dir: string, season?: number): ExportSummary {
  const picked = datasetForSeason(ds, season);
  const texts = datasetToCsv(picked);
  const files = TABLES.map((table) => {
    const path = join(dir, EXPORT_FILES[table]);
    writeFileAtomic(path, texts[table]);
    return { table, path, rows: rowsOf(picked, table).length };
  });
  return { dir, files };
}
