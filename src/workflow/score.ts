// `edgelab score --season S --week W`: settle a week's bets against the final scores.
// weekWW_scored.csv = the bets + actual_outcome, result (win|loss|push|pending), units_won,
// closing_line, clv (closing-line value in points) and clv_prob (the same as a probability,
// evaluation/clv.ts). A model that bets at the opener gets a CLV for every bet whose close is
// known (0 where the line did not move); one that bets at the close gets none (null: it would be
// 0 by construction). Rows already settled are kept as they are; re-scoring after late results
// settles only the pending ones.
import { writeBankrollLedger } from './bankroll.ts';
import { existsSync } from 'node:fs';
import type { Layout, SeasonType } from '../artifacts/layout.ts';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { withLock } from '../artifacts/lock.ts';
import { resolveConfDir } from '../config/confdir.ts';
import { loadConfig } from '../config/load.ts';
import { betLines } from '../features/index.ts';
import type { EdgelabConfig } from '../config/schema.ts';
import type { Dataset, Game, Line } from '../data/schema.ts';
import { settleIfFinal } from '../evaluation/outcomes.ts';
import { betClv, closingLineSigma } from '../evaluation/clv.ts';
import type { BetType } from '../evaluation/types.ts';
import { locateExperiment } from '../readers/experiments.ts';
import { readBundle } from '../artifacts/bundle.ts';
import type { Recipe } from './recipe.ts';
import { UserError } from '../util/errors.ts';
import type { BetRow, ScoredRow } from '../readers/dashboard-data.ts';
import { formatScored, readBets, readScored, round, weekLabel } from './production-files.ts';
import { loadDataset } from './train/dataset.ts';
import { refuseTestSeason } from './season-lock.ts';

export interface ScoreOptions {
  layout: Layout;
  season: number;
  week: number;
  seasonType?: SeasonType;
  /** The warehouse's dataset when the caller has it loaded already (edgelab week). */
  data?: Dataset;
  /** The project's configuration when the caller has composed it already (edgelab week). */
  config?: EdgelabConfig;
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

/** What the CLV of a bet needs beyond its row: where its model bets, and the close's σ per market. */
export interface ClvContext {
  betLine: (modelId: string) => 'opening' | 'closing' | null;
  sigma: Partial<Record<BetType, number | null>>;
}

/** Nothing known: a bet line equal to the close cannot be told from a bet at the close (no CLV). */
const UNKNOWN_CLV: ClvContext = { betLine: () => null, sigma: {} };

/** Where each model bets (its bundle's recipe), read once per model; null when it cannot be read. */
export function betLineOfModels(layout: Layout): ClvContext['betLine'] {
  const known = new Map<string, 'opening' | 'closing' | null>();
  return (id) => {
    if (!known.has(id)) {
      const bundle = id ? locateExperiment(layout, id)?.bundle : null;
      let line: 'opening' | 'closing' | null = null;
      try {
        if (bundle) line = readBundle<Pick<Recipe, 'bet_line'>, unknown>(bundle).model.bet_line ?? null;
      } catch {
        line = null; // an unreadable bundle: doctor reports it; scoring falls back to UNKNOWN_CLV's rule
      }
      known.set(id, line);
    }
    return known.get(id)!;
  };
}

/** σ of the closing lines over the seasons before `season` (fixed for the season: rescoring is stable). */
export function closingSigmas(data: Pick<Dataset, 'games'>, closing: Parameters<typeof scoreRows>[3], season: number): ClvContext['sigma'] {
  const past = data.games.filter((g) => g.season < season);
  // Only what the σ reads (a copy of every game's whole row, twice a week, cost more than the sum).
  const at = (g: (typeof past)[number], close: number | null) => ({ home_points: g.home_points, away_points: g.away_points, completed: g.completed, close });
  return {
    spread: closingLineSigma(past.map((g) => at(g, closing.spread.get(g.game_id)?.spread ?? null)), 'spread'),
    total: closingLineSigma(past.map((g) => at(g, closing.total.get(g.game_id)?.total ?? null)), 'total'),
  };
}

/** Score bet rows (pure): keep rows already settled in `previous`, settle the rest when final. */
export function scoreRows(
  bets: readonly BetRow[],
  previous: readonly ScoredRow[],
  games: ReadonlyMap<string, Pick<Game, 'completed' | 'home_points' | 'away_points'>>,
  closing: { spread: ReadonlyMap<string, Pick<Line, 'spread'>>; total: ReadonlyMap<string, Pick<Line, 'total'>> },
  clvContext: ClvContext = UNKNOWN_CLV,
): { rows: ScoredRow[]; settled: number } {
  const before = new Map(previous.map((r) => [key(r), r]));
  let settled = 0;
  const rows = bets.map((b): ScoredRow => {
    const old = before.get(key(b));
    if (old && old.result !== 'pending') return old;
    const close = b.bet_type === 'spread' ? (closing.spread.get(b.game_id)?.spread ?? null) : (closing.total.get(b.game_id)?.total ?? null);
    const c = betClv(b, close, clvContext.betLine(b.model_id), clvContext.sigma[b.bet_type] ?? null);
    const clv = c.clv === null ? null : round(c.clv);
    const clv_prob = c.clv_prob === null ? null : round(c.clv_prob);
    const game = games.get(b.game_id);
    const s = game ? settleIfFinal(b, game) : null;
    if (!s) return { ...b, actual_outcome: null, result: 'pending', units_won: 0, closing_line: close, clv, clv_prob };
    settled++;
    return { ...b, actual_outcome: s.actual_outcome, result: s.result, units_won: round(s.units_won), closing_line: close, clv, clv_prob };
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
  const config = o.config ?? loadConfig({ confDir: resolveConfDir(layout.confDir), overrides: [] }).config;
  const data = o.data ?? (await loadDataset(layout, config));
  const games = new Map(data.games.map((g) => [g.game_id, g]));
  const missing = bets.filter((b) => !games.has(b.game_id)).map((b) => b.game_id);
  if (missing.length) throw new UserError(`${betsFile}: game ${missing[0]} is not in the warehouse (${missing.length} bet rows with unknown games)`);
  const pref = config.data.line_provider_preference;
  // The closing lines as predict and monitor choose them (features/bet-line.ts; kept for the same rows).
  const closing = { spread: betLines(data.lines, pref, 'spread', 'closing'), total: betLines(data.lines, pref, 'total', 'closing') };
  const file = layout.scoredFile(season, week, seasonType);
  return withLock(layout.lockFile, async () => {
    const previous = existsSync(file) ? readScored(file) : [];
    const { rows, settled } = scoreRows(bets, previous, games, closing, { betLine: betLineOfModels(layout), sigma: closingSigmas(data, closing, season) });
    const text = formatScored(rows);
    const changed = !existsSync(file) || formatScored(previous) !== text;
    if (changed) {
      writeFileAtomic(file, text);
      writeBankrollLedger(layout, config.betting.bankroll); // settled units compound into the bankroll
    }
    return { file, rows, settled, pending: rows.filter((r) => r.result === 'pending').length, changed };
  });
}
