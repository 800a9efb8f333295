// `edgelab data import csv|nflverse FILE`: parse the file, then load it into the warehouse in
// one transaction. Any bad row fails the whole import with FILE:LINE and nothing loaded, unless
// `skipBadRows`: then the rest loads and the rejects go to <input>.rejects.csv beside the input.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Layout } from '../artifacts/layout.ts';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import type { Dataset } from '../data/schema.ts';
import { openWarehouse, type LoadReport } from '../data/warehouse.ts';
import { importTableCsv, parseColumnMap, type FileImport } from '../data/sources/csv/import.ts';
import type { TableName } from '../data/sources/csv/columns.ts';
import { importNflverseSchedules } from '../data/sources/nflverse/schedules.ts';
import { assertNoRejects, formatRejects, rejectsPath } from '../data/sources/csv/records.ts';
import { rejectMessage, type KnownGame, type Reject } from '../data/sources/csv/checks.ts';
import { UserError } from '../util/errors.ts';
import { collegeCalendar } from '../data/calendar.ts';
import { warehousePath } from './data-config.ts';

export type ImportRequest =
  | { kind: 'csv'; file: string; table: TableName; map?: string; skipBadRows?: boolean; keepWeeks?: boolean }
  | { kind: 'nflverse'; file: string; skipBadRows?: boolean };

export interface ImportOutcome {
  file: string;
  source: 'csv' | 'nflverse';
  table?: TableName;
  rows: { games: number; lines: number; team_game: number };
  load: LoadReport | null;
  rejected: number;
  /** Up to 20 reject messages (FILE:LINE: field: reason). */
  rejects: string[];
  rejectsFile?: string;
  ignoredColumns: string[];
  warehouse: string;
  /** College games whose week label was replaced by the kickoff calendar (week 0, postseason rounds). */
  relabelledWeeks?: number;
}

function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message})`);
  }
}

/** Games already stored (lines and team statistics may refer to them); none without a warehouse. */
export async function storedGames(warehouse: string): Promise<KnownGame[]> {
  if (!existsSync(warehouse)) return [];
  const wh = await openWarehouse(warehouse, { readOnly: true });
  try {
    // Only the columns the checks need: reading the whole dataset costs ~0.3 s on the demo league.
    const r = await wh.query('SELECT game_id, home_team, away_team, home_points, away_points FROM games');
    return r.rows.map(([game_id, home_team, away_team, home_points, away_points]) => ({
      game_id: game_id as string,
      home_team: home_team as string,
      away_team: away_team as string,
      home_points: home_points as number | null,
      away_points: away_points as number | null,
    }));
  } finally {
    await wh.close();
  }
}

/** Load a parsed dataset (nothing when empty) and report what changed. */
export async function loadDataset(warehouse: string, ds: Dataset, source: string, params: unknown): Promise<LoadReport | null> {
  if (ds.games.length + ds.lines.length + ds.teamGames.length === 0) return null;
  const batch: Partial<Dataset> = {};
  if (ds.games.length) batch.games = ds.games;
  if (ds.lines.length) batch.lines = ds.lines;
  if (ds.teamGames.length) batch.teamGames = ds.teamGames;
  const wh = await openWarehouse(warehouse);
  try {
    return await wh.load(batch, { source, params });
  } finally {
    await wh.close();
  }
}

export function rowCounts(ds: Dataset): ImportOutcome['rows'] {
  return { games: ds.games.length, lines: ds.lines.length, team_game: ds.teamGames.length };
}

export const firstRejects = (rejects: Reject[]): string[] => rejects.slice(0, 20).map(rejectMessage);

export async function importFile(layout: Layout, req: ImportRequest): Promise<ImportOutcome> {
  const warehouse = warehousePath(layout);
  const file = resolve(req.file);
  const text = readInput(req.file);
  let parsed: FileImport;
  if (req.kind === 'csv') {
    const map = parseColumnMap(req.map, req.table);
    const knownGames = req.table === 'games' ? [] : await storedGames(warehouse);
    parsed = importTableCsv(text, { file: req.file, table: req.table, map, knownGames });
  } else {
    parsed = importNflverseSchedules(text, req.file);
  }
  if (!req.skipBadRows) assertNoRejects(parsed.rejects);
  const calendar = req.kind === 'csv' && req.keepWeeks ? { games: parsed.dataset.games, relabelled: [] } : collegeCalendar(parsed.dataset.games);
  parsed.dataset.games = calendar.games;
  const params = { file, ...(req.kind === 'csv' ? { table: req.table, map: req.map ?? null } : {}), skipBadRows: Boolean(req.skipBadRows) };
  const load = await loadDataset(warehouse, parsed.dataset, req.kind, params);
  // Written only after the load succeeded: a refused load changes nothing on disk.
  let rejectsFile: string | undefined;
  if (parsed.rejects.length > 0) {
    rejectsFile = rejectsPath(file);
    writeFileAtomic(rejectsFile, formatRejects(parsed.header, parsed.rejects));
  }
  return {
    file,
    source: req.kind,
    ...(req.kind === 'csv' ? { table: req.table } : {}),
    rows: rowCounts(parsed.dataset),
    load,
    rejected: parsed.rejects.length,
    rejects: firstRejects(parsed.rejects),
    ...(rejectsFile ? { rejectsFile } : {}),
    ignoredColumns: parsed.ignoredColumns,
    warehouse,
    ...(calendar.relabelled.length ? { relabelledWeeks: calendar.relabelled.length } : {}),
  };
}
