// A league shaped like CFBD's college calendar, for the integrity tests: regular weeks 1-12 on
// Saturdays from early September, FCS playoffs labelled postseason weeks 13-15 (played late
// November to early December) and bowls labelled postseason week 1 (mid December to early
// January) — the labelling under which week order and kickoff order disagree. Every game has a
// closing and an opening line from two providers.
import type { Dataset, Game, Line } from '../../src/data/schema.ts';
import { Rng } from '../../src/util/prng.ts';

const DAY = 86_400_000;
export const FCS_TEAMS = 8;
const TEAMS = 20;

export function cfbdShapedLeague(seasons: number[] = [2020, 2021, 2022, 2023], seed = 5): Dataset {
  const rng = new Rng(seed);
  const names = Array.from({ length: TEAMS }, (_, i) => `${i < FCS_TEAMS ? 'FCS' : 'FBS'} ${String(i).padStart(2, '0')}`);
  const strength = names.map(() => rng.normal(0, 7));
  const games: Game[] = [];
  const lines: Line[] = [];
  const play = (season: number, seasonType: Game['season_type'], week: number, h: number, a: number, at: number) => {
    const neutral = seasonType === 'postseason';
    const mu = strength[h]! - strength[a]! + (neutral ? 0 : 2.5);
    const margin = Math.round(mu + rng.normal(0, 12));
    const total = Math.max(14, Math.round(50 + rng.normal(0, 10)));
    const hp = Math.max(0, Math.round((total + margin) / 2));
    const id = `${season}-${seasonType[0]}${String(week).padStart(2, '0')}-${h}-${a}`;
    games.push({
      game_id: id, season, season_type: seasonType, week, start_date: new Date(at).toISOString(), neutral_site: neutral,
      conference_game: false, home_team: names[h]!, away_team: names[a]!, home_conference: null, away_conference: null,
      home_points: hp, away_points: Math.max(0, hp - margin), completed: true,
    });
    const close = Math.round(-mu * 2 + rng.normal(0, 2)) / 2;
    for (const provider of ['Bovada', 'DraftKings']) {
      const open = Math.round((close + rng.normal(0, 1.5)) * 2) / 2;
      lines.push({
        game_id: id, provider, spread: close, spread_open: open, total: 50 + rng.normal(0, 3), total_open: 50 + rng.normal(0, 3),
        home_moneyline: null, away_moneyline: null, spread_price_home: -110, spread_price_away: -110, captured_at: new Date(at - 3_600_000).toISOString(),
      });
    }
  };
  for (const season of seasons) {
    const sept = Date.UTC(season, 8, 2, 17);
    for (let w = 1; w <= 12; w++) {
      const order = rng.shuffle([...names.keys()]);
      for (let k = 0; k < order.length; k += 2) play(season, 'regular', w, order[k]!, order[k + 1]!, sept + (w - 1) * 7 * DAY + (k % 6) * 3_600_000);
    }
    // FCS playoffs: labelled postseason 13, 14, 15; played 25 Nov, 2 Dec, 9 Dec.
    const nov25 = Date.UTC(season, 10, 25, 18);
    [[0, 7], [1, 6], [2, 5], [3, 4]].forEach(([h, a], k) => play(season, 'postseason', 13, h!, a!, nov25 + k * 3_600_000));
    [[0, 3], [1, 2]].forEach(([h, a], k) => play(season, 'postseason', 14, h!, a!, nov25 + 7 * DAY + k * 3_600_000));
    play(season, 'postseason', 15, 0, 1, nov25 + 14 * DAY);
    // Bowls: labelled postseason week 1; 16 December to 6 January.
    for (let k = 0; k < 6; k++) play(season, 'postseason', 1, FCS_TEAMS + 2 * k, FCS_TEAMS + 2 * k + 1, Date.UTC(season, 11, 16, 19) + k * 4 * DAY);
  }
  return { games, lines, teamGames: [] };
}

/** Is this game one of the FCS playoffs (postseason weeks 13-15)? */
export function isFcsPlayoff(g: Pick<Game, 'season_type' | 'week'>): boolean {
  return g.season_type === 'postseason' && g.week >= 13;
}

/** Is this game a bowl (postseason week 1)? */
export function isBowl(g: Pick<Game, 'season_type' | 'week'>): boolean {
  return g.season_type === 'postseason' && g.week === 1;
}
