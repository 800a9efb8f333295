// The live season: its schedule is public, its results are revealed week by week. A hidden game
// is scheduled (not completed, no score, no team-game rows); its line appears when its week is
// next to be played (lines of later weeks would leak the hidden results the market has seen).
// Postseason pairings depend on the regular season, so they appear once it is fully revealed.
import type { Dataset } from '../../schema.ts';
import { LAST_REGULAR_WEEK } from './schedule.ts';

/** How far the live season is revealed: regular weeks ≤ regularWeek, postseason weeks ≤ postseasonWeek. */
export interface Reveal {
  regularWeek: number;
  postseasonWeek: number;
}

export const NOTHING_REVEALED: Reveal = { regularWeek: -1, postseasonWeek: 0 };
export const ALL_REVEALED: Reveal = { regularWeek: LAST_REGULAR_WEEK, postseasonWeek: 99 };

/** Parse `--reveal-week`: a regular week N, `postN` (regular season and postseason weeks ≤ N), `all` or `none`. */
export function parseReveal(text: string): Reveal | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'all') return ALL_REVEALED;
  if (t === 'none') return NOTHING_REVEALED;
  const post = /^post(?:season)?[-_ ]?(\d{1,2})$/.exec(t);
  if (post) return { regularWeek: LAST_REGULAR_WEEK, postseasonWeek: Number(post[1]) };
  if (/^\d{1,2}$/.test(t) && Number(t) <= LAST_REGULAR_WEEK) return { regularWeek: Number(t), postseasonWeek: 0 };
  return undefined;
}

export function formatReveal(r: Reveal): string {
  if (r.regularWeek < 0) return 'none';
  if (r.postseasonWeek >= ALL_REVEALED.postseasonWeek) return 'all';
  return r.postseasonWeek > 0 ? `post${r.postseasonWeek}` : String(r.regularWeek);
}

export function liveView(full: Dataset, liveSeason: number, reveal: Reveal): Dataset {
  const regularDone = reveal.regularWeek >= LAST_REGULAR_WEEK;
  const live = full.games.filter((g) => g.season === liveSeason);
  const nextRegular = Math.min(...live.filter((g) => g.season_type === 'regular' && g.week > reveal.regularWeek).map((g) => g.week));
  const nextPost = Math.min(...live.filter((g) => g.season_type === 'postseason' && g.week > reveal.postseasonWeek).map((g) => g.week));
  const revealed = new Set<string>();
  const priced = new Set<string>();
  const games = full.games.flatMap((g) => {
    if (g.season > liveSeason) return [];
    if (g.season < liveSeason) {
      revealed.add(g.game_id);
      priced.add(g.game_id);
      return [g];
    }
    const regular = g.season_type === 'regular';
    if (!regular && !regularDone) return [];
    const shown = regular ? g.week <= reveal.regularWeek : g.week <= reveal.postseasonWeek;
    const next = regular ? g.week === nextRegular : regularDone && g.week === nextPost;
    if (shown || next) priced.add(g.game_id);
    if (shown) {
      revealed.add(g.game_id);
      return [g];
    }
    return [{ ...g, home_points: null, away_points: null, completed: false }];
  });
  return {
    games,
    lines: full.lines.filter((l) => priced.has(l.game_id)),
    teamGames: full.teamGames.filter((t) => revealed.has(t.game_id)),
  };
}
