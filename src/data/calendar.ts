// The college calendar as it is. Sources label college weeks loosely: CFBD folds the late-August
// "week 0" games into week 1 (so a team that opens in week 0 plays twice in "week 1"), and labels
// every bowl, every playoff round and the final as postseason week 1. Models train on completed
// weeks and predict the next one, so these labels would predict a playoff round without the
// previous round's results. Importers relabel college games by kickoff date; NFL labels (REG
// weeks, WC/DIV/CON/SB) are already rounds and are left alone.
import type { Game } from './schema.ts';

const DAY = 86_400_000;
// Betting weeks run Tuesday to Monday. Windows start Tuesday 12:00 UTC (08:00 US Eastern) so a
// Monday-night kickoff (Tuesday 00:00–04:00 UTC) stays in its week.
const TUESDAY_NOON = Date.parse('1970-01-06T12:00:00Z');

/** Index of the Tuesday-to-Monday week holding `iso`. */
export function calendarWeek(iso: string): number {
  return Math.floor((Date.parse(iso) - TUESDAY_NOON) / (7 * DAY));
}

const isCollege = (g: Game) => (g.sport ?? 'cfb') === 'cfb';

function mode(xs: number[]): number {
  const n = new Map<number, number>();
  let best = xs[0]!;
  for (const x of xs) {
    const c = (n.get(x) ?? 0) + 1;
    n.set(x, c);
    if (c > n.get(best)! || (c === n.get(best)! && x > best)) best = x;
  }
  return best;
}

export interface CalendarResult {
  games: Game[];
  /** Games whose week changed, with the week they were given. */
  relabelled: { game_id: string; from: number; to: number; season_type: Game['season_type'] }[];
}

/** Seasons where some team plays twice in one labelled postseason week (a bracket in one week). */
function collidingPostseasons(games: readonly Game[]): Set<number> {
  const seen = new Set<string>();
  const out = new Set<number>();
  for (const g of games) {
    if (g.season_type !== 'postseason') continue;
    for (const t of [g.home_team, g.away_team]) {
      const k = `${g.season}\u0000${g.week}\u0000${t}`;
      if (seen.has(k)) out.add(g.season);
      seen.add(k);
    }
  }
  return out;
}

/**
 * Relabel college weeks by kickoff, where the labels show the sources' folding: in a season with
 * no week 0, week-1 games played in a calendar week before the bulk of week 1 become week 0; in a
 * season where a team plays twice in one labelled postseason week, postseason weeks become
 * calendar weeks counted from the season's first postseason kickoff in the batch (bowls and the
 * first playoff round in week 1 or 2, quarterfinals later, and so on), so a round's results always
 * precede the next round. Labels that already follow kickoff are left as they are. Pure.
 */
export function collegeCalendar(games: readonly Game[]): CalendarResult {
  const relabelled: CalendarResult['relabelled'] = [];
  const college = games.filter(isCollege);
  const hasWeek0 = new Set(college.filter((g) => g.season_type === 'regular' && g.week === 0).map((g) => g.season));
  const collide = collidingPostseasons(college);
  const week1 = new Map<number, number[]>();
  const firstPost = new Map<number, number>();
  for (const g of college) {
    const w = calendarWeek(g.start_date);
    if (g.season_type === 'regular' && g.week === 1 && !hasWeek0.has(g.season)) week1.set(g.season, [...(week1.get(g.season) ?? []), w]);
    if (g.season_type === 'postseason' && collide.has(g.season)) firstPost.set(g.season, Math.min(firstPost.get(g.season) ?? Infinity, w));
  }
  const bulk = new Map([...week1].map(([s, ws]) => [s, mode(ws)]));
  const out = games.map((g) => {
    if (!isCollege(g)) return g;
    const w = calendarWeek(g.start_date);
    let week = g.week;
    if (g.season_type === 'regular' && g.week === 1 && bulk.has(g.season) && w < bulk.get(g.season)!) week = 0;
    if (g.season_type === 'postseason' && firstPost.has(g.season)) week = w - firstPost.get(g.season)! + 1;
    if (week === g.week) return g;
    relabelled.push({ game_id: g.game_id, from: g.week, to: week, season_type: g.season_type });
    return { ...g, week };
  });
  return { games: out, relabelled };
}
