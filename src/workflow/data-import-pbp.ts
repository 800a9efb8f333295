// `edgelab data import nflverse-pbp FILE…`: aggregate nflverse play-by-play into team_game and
// load every file's rows in one transaction. Plays that cannot be tied to an NFL game of the
// warehouse fail the import (FILE:LINE, nothing loaded) unless skipBadRows.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Layout } from '../artifacts/layout.ts';
import type { TeamGame } from '../data/schema.ts';
import { openWarehouse, type LoadReport, type Warehouse } from '../data/warehouse.ts';
import { noGameSql, pbpReader, planColumns, teamGameSql, teamGamesOf, unmatchedSql } from '../data/sources/nflverse/pbp.ts';
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
    for (const [k, input] of files.entries()) {
      const file = resolve(input);
      opts.log?.(`[${k + 1}/${files.length}] ${input}: reading`);
      const plan = planColumns(input, await header(wh, file));
      const broken = await wh.query(noGameSql(file, plan));
      for (const [line] of broken.rows) {
        outcome.rejected++;
        outcome.rejects.push(`${input}:${line}: game_id: empty (the play cannot be tied to a game)`);
      }
      const un = await wh.query(unmatchedSql(file, plan));
      for (const [gameId, posteam, unknown, first, last, n] of un.rows) {
        outcome.rejected += Number(n);
        outcome.rejects.push(
          unknown
            ? `${input}:${first}: game_id: ${gameId} is not an NFL game of the warehouse (${n} rows, ${lines(Number(first), Number(last))})`
            : `${input}:${first}: posteam: ${posteam} is neither team of ${gameId} (${n} rows, ${lines(Number(first), Number(last))})`,
        );
      }
      const agg = await wh.query(teamGameSql(file, plan));
      const { teamGames, notFinal } = teamGamesOf(agg.columns, agg.rows);
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
    wh.close();
  }
}
