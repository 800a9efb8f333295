// CollegeFootballData responses → warehouse rows (pure). Post-game fields — post-game win
// probability, post-game Elo, excitement index — are deliberately dropped here: once stored, a
// feature could read them and leak the result into a prediction.
import type { AdvancedGameStat, BettingGame, Game as CfbdGame } from 'cfbd';
import type { Game, Line, TeamGame } from '../../schema.ts';
import { dateTime, FieldError } from '../csv/fields.ts';
import type { Located, Reject } from '../csv/checks.ts';

/** Where an API item came from, for reject messages: `<cache file> item <n>`. */
export type ItemSource = { file: string };

function located<T>(src: ItemSource, i: number, value: T, raw: unknown): Located<T> {
  return { value, where: `${src.file} item ${i + 1}`, line: i + 1, cells: [JSON.stringify(raw)] };
}

function collect<I, T>(src: ItemSource, items: readonly I[], map: (item: I) => T | undefined, rejects: Reject[]): Located<T>[] {
  const out: Located<T>[] = [];
  items.forEach((item, i) => {
    try {
      const v = map(item);
      if (v !== undefined) out.push(located(src, i, v, item));
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      rejects.push({ where: `${src.file} item ${i + 1}`, line: i + 1, field: e.field, reason: e.reason, cells: [JSON.stringify(item)] });
    }
  });
  return out;
}

const finiteOrNull = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const isLoadable = (t: string): t is 'regular' | 'postseason' => t === 'regular' || t === 'postseason';

/** One CFBD game → a warehouse game; undefined for season types edgelab does not model (all-star, spring). */
export function mapCfbdGame(g: CfbdGame): Game | undefined {
  if (!isLoadable(g.seasonType)) return undefined;
  const scored = g.homePoints !== null && g.awayPoints !== null;
  return {
    game_id: String(g.id),
    season: g.season,
    season_type: g.seasonType,
    week: g.week,
    start_date: dateTime(g.startDate, 'startDate', true),
    neutral_site: g.neutralSite,
    conference_game: g.conferenceGame,
    home_team: g.homeTeam,
    away_team: g.awayTeam,
    home_conference: g.homeConference,
    away_conference: g.awayConference,
    home_points: scored ? g.homePoints : null,
    away_points: scored ? g.awayPoints : null,
    completed: g.completed && scored,
    home_rest: null,
    away_rest: null,
    sport: 'cfb',
  };
}

export function mapCfbdGames(src: ItemSource, games: readonly CfbdGame[], rejects: Reject[]): { rows: Located<Game>[]; skipped: number } {
  let skipped = 0;
  const rows = collect(src, games, (g) => {
    const m = mapCfbdGame(g);
    if (m === undefined) skipped++;
    return m;
  }, rejects);
  return { rows, skipped };
}

/** Every provider's line of every betting game, one row each (CFBD spreads are home-perspective). */
export function mapCfbdLines(src: ItemSource, games: readonly BettingGame[]): Located<Line>[] {
  const out: Located<Line>[] = [];
  games.forEach((bg, i) => {
    if (!isLoadable(bg.seasonType)) return;
    for (const l of bg.lines) {
      out.push(
        located(src, i, {
          game_id: String(bg.id),
          provider: l.provider,
          spread: l.spread,
          spread_open: l.spreadOpen,
          total: l.overUnder,
          total_open: l.overUnderOpen,
          home_moneyline: l.homeMoneyline,
          away_moneyline: l.awayMoneyline,
          // CFBD publishes no spread prices: the schema's convention for unknown is -110.
          spread_price_home: -110,
          spread_price_away: -110,
          captured_at: null,
        }, bg),
      );
    }
  });
  return out;
}

/** What the statistics need from their game (being loaded or already stored). */
export type GameScore = Pick<Game, 'home_team' | 'away_team' | 'home_points' | 'away_points'>;

/**
 * Advanced game statistics → team_game. Mapping (documented in docs/data-formats.md):
 * plays, drives, successRate, ppa (EPA/play) and explosiveness of the offense; points from the
 * game; points_per_drive = points / drives. CFBD's advanced stats carry no yardage, so the
 * yards-per-play columns stay null (never zero).
 */
export function mapCfbdAdvanced(
  src: ItemSource,
  stats: readonly AdvancedGameStat[],
  games: ReadonlyMap<string, GameScore>,
  rejects: Reject[],
): Located<TeamGame>[] {
  return collect(src, stats, (s) => {
    if (!isLoadable(s.seasonType)) return undefined;
    const game_id = String(s.gameId);
    const o = s.offense;
    const g = games.get(game_id);
    const is_home = g !== undefined && g.home_team === s.team;
    const points = g === undefined ? null : is_home ? g.home_points : g.away_team === s.team ? g.away_points : null;
    return {
      game_id,
      team: s.team,
      opponent: s.opponent,
      is_home,
      points,
      plays: o.plays,
      drives: o.drives,
      yards_per_play: null,
      success_rate: o.successRate,
      epa_per_play: o.ppa,
      explosiveness: o.explosiveness,
      rush_yards_per_play: null,
      pass_yards_per_play: null,
      points_per_drive: points !== null && o.drives > 0 ? points / o.drives : null,
      // CFBD's pass/rush splits of PPA and success rate; it has no explosive-play rate.
      pass_epa_per_play: finiteOrNull(o.passingPlays?.ppa),
      rush_epa_per_play: finiteOrNull(o.rushingPlays?.ppa),
      pass_success_rate: finiteOrNull(o.passingPlays?.successRate),
      rush_success_rate: finiteOrNull(o.rushingPlays?.successRate),
    };
  }, rejects);
}
