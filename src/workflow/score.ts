// `edgelab score --season S --week W`: settle a week's bets against the final scores.
// weekWW_scored.csv = the bets + actual_outcome, result (win|loss|push|pending), units_won,
// closing_line and clv (closing-line value in points, only when the bet line differs from the
// close). Rows already settled are kept as they are; re-scoring after late results settles only
// the pending ones.
import { writeBankrollLedger } from './bankroll.ts';
import { existsSync } from 'node:fs';
import type { Layout, SeasonType } from '../artifacts/layout.ts';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { withLock } from '../artifacts/lock.ts';
import { resolveConfDir } from '../config/confdir.ts';
import { loadConfig } from '../config/load.ts';
import { preferredLines } from '../data/line-preference.ts';
import type { Dataset, Game, Line } from '../data/schema.ts';
import { closingLineValue, settleIfFinal } from '../evaluation/outcomes.ts';
import { UserError } from '../util/errors.ts';
import type { BetRow, ScoredRow } from '../readers/dashboard-data.ts';
import { formatScored, readBets, readScored, round, weekLabel } from './production-files.ts';
import { loadDataset } from './train/train.ts';
import { refuseTestSeason } from './season-lock.ts';

export interface ScoreOptions {
  layout: Layout;
  season: number;
  week: number;
  seasonType?: SeasonType;
  /** The warehouse's dataset when the caller has it loaded already (edgelab week). */
  data?: Dataset;
}

export interface ScoreResult {
  file: string;
  rows: ScoredRow[];
  /** Rows settled by this run (were pending or new). */
  settled: number;
  pending: number;
  /** True when the file's content changed. */
  changed: boolean;
}

const key = (r: Pick<BetRow, 'game_id' | 'bet_type' | 'side'>) => `${r.game_id}|${r.bet_type}|${r.side}`;

/** Score bet rows (pure): keep rows already settled in `previous`, settle the rest when final. */
export function scoreRows(
  bets: readonly BetRow[],
  previous: readonly ScoredRow[],
  games: ReadonlyMap<string, Pick<Game, 'completed' | 'home_points' | 'away_points'>>,
  closing: { spread: ReadonlyMap<string, Pick<Line, 'spread'>>; total: ReadonlyMap<string, Pick<Line, 'total'>> },
): { rows: ScoredRow[]; settled: number } {
  const before = new Map(previous.map((r) => [key(r), r]));
  let settled = 0;
  const rows = bets.map((b): ScoredRow => {
    const old = before.get(key(b));
    if (old && old.result !== 'pending') return old;
    const close = b.bet_type === 'spread' ? (closing.spread.get(b.game_id)?.spread ?? null) : (closing.total.get(b.game_id)?.total ?? null);
    const clv = close === null || close === b.line ? null : round(closingLineValue(b.bet_type, b.side, b.line, close));
    const game = games.get(b.game_id);
    const s = game ? settleIfFinal(b, game) : null;
    if (!s) return { ...b, actual_outcome: null, result: 'pending', units_won: 0, closing_line: close, clv };
    settled++;
    return { ...b, actual_outcome: s.actual_outcome, result: s.result, units_won: round(s.units_won), closing_line: close, clv };
  });
  return { rows, settled };
}

export async function scoreWeek(o: ScoreOptions): Promise<ScoreResult> {
  const { layout, season, week } = o;
  const seasonType = o.seasonType ?? 'regular';
  refuseTestSeason(layout, season, 'score');
  const betsFile = layout.predictionsFile(season, week, seasonType);
  if (!existsSync(betsFile)) {
    throw new UserError(`no bets for ${weekLabel({ season, week, season_type: seasonType })}: ${betsFile} does not exist (run edgelab predict --season ${season} --week ${week} first)`);
  }
  const bets = readBets(betsFile);
  const { config } = loadConfig({ confDir: resolveConfDir(layout.confDir), overrides: [] });
  const data = o.data ?? (await loadDataset(layout, config));
  const games = new Map(data.games.map((g) => [g.game_id, g]));
  const missing = bets.filter((b) => !games.has(b.game_id)).map((b) => b.game_id);
  if (missing.length) throw new UserError(`${betsFile}: game ${missing[0]} is not in the warehouse (${missing.length} bet rows with unknown games)`);
  const pref = config.data.line_provider_preference;
  const closing = { spread: preferredLines(data.lines, pref, 'spread'), total: preferredLines(data.lines, pref, 'total') };
  const file = layout.scoredFile(season, week, seasonType);
  return withLock(layout.lockFile, async () => {
    const previous = existsSync(file) ? readScored(file) : [];
    const { rows, settled } = scoreRows(bets, previous, games, closing);
    const text = formatScored(rows);
    const changed = !existsSync(file) || formatScored(previous) !== text;
    if (changed) {
      writeFileAtomic(file, text);
      writeBankrollLedger(layout, config.betting.bankroll); // settled units compound into the bankroll
    }
    return { file, rows, settled, pending: rows.filter((r) => r.result === 'pending').length, changed };
  });
}
