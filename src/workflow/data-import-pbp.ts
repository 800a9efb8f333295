// `edgelab data import nflverse-pbp FILE…`: aggregate nflverse play-by-play into team_game and
// load every file's rows in one transaction. Plays that cannot be tied to an NFL game of the
// warehouse fail the import (FILE:LINE, nothing loaded) unless skipBadRows.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Layout } from '../artifacts/layout.ts';
import type { TeamGame } from '../data/schema.ts';
import { openWarehouse, type LoadReport, type Warehouse } from '../data/warehouse.ts';
import { aggregateSql, csvHeader, pbpFormat, pbpReader, planColumns, teamGamesOf } from '../data/sources/nflverse/pbp.ts';
import { UserError } from '../util/errors.ts';
import { warehousePath } from './data-config.ts';

export interface PbpImportOutcome {
  files: { file: string; plays_columns: string[]; team_games: number; not_final: number }[];
  rows: { games: number; lines: number; team_game: number };
  load: LoadReport | null;
  /** Plays that belong to no NFL game of the warehouse (or to neither of its teams). */
  rejected: number;
  rejects: string[];
  warehouse: string;
}

const SCHEDULE_FIRST = 'import the schedule first: edgelab data import nflverse games.csv (or edgelab data pull nflverse --seasons …)';

async function header(wh: Warehouse, file: string): Promise<string[]> {
  if (pbpFormat(file) === 'csv') return csvHeader(file);
  try {
    return (await wh.query(`SELECT * FROM ${pbpReader(file)} LIMIT 0`)).columns;
  } catch (e) {
    throw new UserError(`${file}: cannot read the file: ${(e as Error).message.replace(/^query: /, '')}`);
  }
}

const lines = (a: number, b: number) => (a === b ? `line ${a}` : `lines ${a}–${b}`);

export async function importPbpFiles(layout: Layout, files: string[], opts: { skipBadRows?: boolean; log?: (l: string) => void } = {}): Promise<PbpImportOutcome> {
  const warehouse = warehousePath(layout);
  for (const f of files) if (!existsSync(f)) throw new UserError(`${f}: cannot read the file (no such file)`);
  if (!existsSync(warehouse)) throw new UserError(`no warehouse at ${warehouse}: play-by-play statistics belong to games; ${SCHEDULE_FIRST}`);
  const wh = await openWarehouse(warehouse);
  try {
    const nfl = await wh.query(`SELECT count(*) FROM games WHERE sport = 'nfl'`);
    if (Number(nfl.rows[0]![0]) === 0) throw new UserError(`the warehouse ${warehouse} has no NFL games; ${SCHEDULE_FIRST}`);
    const outcome: PbpImportOutcome = { files: [], rows: { games: 0, lines: 0, team_game: 0 }, load: null, rejected: 0, rejects: [], warehouse };
    const all: TeamGame[] = [];
    await wh.scanWithAllCores(files.reduce((n, f) => n + statSync(f).size, 0));
    for (const [k, input] of files.entries()) {
      const file = resolve(input);
      opts.log?.(`[${k + 1}/${files.length}] ${input}: reading`);
      const plan = planColumns(input, await header(wh, file));
      let agg;
      try {
        agg = await wh.query(aggregateSql(file, plan));
      } catch (e) {
        throw new UserError(`${input}: cannot read the file: ${(e as Error).message.replace(/^query: /, '')}`);
      }
      const { teamGames, notFinal, problems } = teamGamesOf(agg.columns, agg.rows);
      for (const p of problems) {
        outcome.rejected += p.rows;
        const where = `${p.rows} row${p.rows > 1 ? 's' : ''}, ${lines(p.first_line, p.last_line)}`;
        outcome.rejects.push(
          p.kind === 'no-game-id'
            ? `${input}:${p.first_line}: game_id: empty, the play cannot be tied to a game (${where})`
            : p.kind === 'unknown-game'
              ? `${input}:${p.first_line}: game_id: ${p.game_id} is not an NFL game of the warehouse (${where})`
              : `${input}:${p.first_line}: posteam: ${p.posteam} is neither team of ${p.game_id} (${where})`,
        );
      }
      all.push(...teamGames);
      outcome.files.push({ file, plays_columns: plan.used, team_games: teamGames.length, not_final: notFinal.size });
      opts.log?.(`[${k + 1}/${files.length}] ${input}: ${teamGames.length} team games${notFinal.size ? `, ${notFinal.size} games not final (no statistics yet)` : ''}`);
    }
    if (outcome.rejected > 0 && !opts.skipBadRows) {
      const shown = outcome.rejects.slice(0, 5).join('; ');
      throw new UserError(
        `${shown}${outcome.rejects.length > 5 ? ` (and ${outcome.rejects.length - 5} more)` : ''}; nothing was loaded. ` +
          `If the schedule is missing games, ${SCHEDULE_FIRST}; --skip-bad-rows loads the rest`,
      );
    }
    // One row per key: the same game in two files (a season re-published) keeps the last file's.
    const byKey = new Map(all.map((t) => [`${t.game_id}\u0000${t.team}`, t]));
    const teamGames = [...byKey.values()];
    outcome.rows.team_game = teamGames.length;
    if (teamGames.length > 0) {
      outcome.load = await wh.load({ teamGames }, { source: 'nflverse-pbp', params: { files: outcome.files.map((f) => f.file), skipBadRows: Boolean(opts.skipBadRows) } });
    }
    return outcome;
  } finally {
    await wh.close();
  }
}
