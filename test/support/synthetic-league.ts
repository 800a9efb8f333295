// A small synthetic league for tests and the benchmark (until/besides the demo league): teams
// with true strengths that drift, random pairings each week, scores from strengths plus noise,
// team_game statistics correlated with strength, a consensus line, an optional postseason.
import type { Dataset, Game, Line, TeamGame } from '../../src/data/schema.ts';
import { Rng } from '../../src/util/prng.ts';

export interface SyntheticOptions {
  teams?: number;
  seasons?: number[];
  weeks?: number;
  /** Postseason weeks (the top teams pair off). */
  postseasonWeeks?: number;
  seed?: number;
  /** Share of games played at neutral sites. */
  neutralShare?: number;
}

export function syntheticLeague(opts: SyntheticOptions = {}): Dataset & { strength: Map<string, number[]> } {
  const nTeams = opts.teams ?? 8;
  const seasons = opts.seasons ?? [2021, 2022];
  const weeks = opts.weeks ?? 6;
  const post = opts.postseasonWeeks ?? 1;
  const rng = new Rng(opts.seed ?? 7);
  const names = Array.from({ length: nTeams }, (_, i) => `Team ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? i : ''}`);
  const strength = names.map(() => rng.normal(0, 8));
  const history = new Map<string, number[]>(names.map((n) => [n, []]));
  const games: Game[] = [];
  const lines: Line[] = [];
  const teamGames: TeamGame[] = [];
  const play = (season: number, seasonType: 'regular' | 'postseason', week: number, h: number, a: number, day: number) => {
    const neutral = seasonType === 'postseason' || rng.next() < (opts.neutralShare ?? 0.1);
    const mu = strength[h]! - strength[a]! + (neutral ? 0 : 2.5);
    const margin = Math.round(mu + rng.normal(0, 13));
    const total = Math.max(10, Math.round(52 + rng.normal(0, 10)));
    const hp = Math.max(0, Math.round((total + margin) / 2));
    const ap = Math.max(0, hp - margin);
    const id = `${season}${seasonType === 'postseason' ? 'P' : 'R'}${String(week).padStart(2, '0')}-${names[h]}-${names[a]}`;
    const start = new Date(Date.UTC(season, 8, 1 + day)).toISOString();
    games.push({
      game_id: id, season, season_type: seasonType, week, start_date: start, neutral_site: neutral,
      conference_game: (h % 2) === (a % 2), home_team: names[h]!, away_team: names[a]!,
      home_conference: h % 2 ? 'East' : 'West', away_conference: a % 2 ? 'East' : 'West',
      home_points: hp, away_points: ap, completed: true,
    });
    lines.push({
      game_id: id, provider: 'consensus', spread: -Math.round(mu * 2 + rng.normal(0, 3)) / 2, spread_open: null,
      total: total + rng.normal(0, 3), total_open: null, home_moneyline: null, away_moneyline: null,
      spread_price_home: -110, spread_price_away: -110, captured_at: null,
    });
    for (const [t, o, pts, isHome] of [[h, a, hp, true], [a, h, ap, false]] as const) {
      const edge = (strength[t]! - strength[o]!) / 10;
      const plays = 60 + rng.int(20);
      teamGames.push({
        game_id: id, team: names[t]!, opponent: names[o]!, is_home: isHome, points: pts, plays, drives: 12,
        yards_per_play: 5.5 + edge + rng.normal(0, 0.8), success_rate: 0.42 + edge / 10 + rng.normal(0, 0.05),
        epa_per_play: 0.05 + edge / 5 + rng.normal(0, 0.12), explosiveness: 1.2 + rng.normal(0, 0.1),
        rush_yards_per_play: 4.5 + edge + rng.normal(0, 0.9), pass_yards_per_play: 6.5 + edge + rng.normal(0, 1.2),
        points_per_drive: pts / 12,
      });
    }
  };
  for (const season of seasons) {
    for (let i = 0; i < nTeams; i++) strength[i] = 0.7 * strength[i]! + rng.normal(0, 5);
    names.forEach((n, i) => history.get(n)!.push(strength[i]!));
    for (let week = 1; week <= weeks; week++) {
      const order = rng.shuffle(names.map((_, i) => i));
      // One team sits out (a bye) when the count is odd.
      for (let p = 0; p + 1 < order.length; p += 2) play(season, 'regular', week, order[p]!, order[p + 1]!, week * 7 + (p % 3));
    }
    const ranked = names.map((_, i) => i).sort((x, y) => strength[y]! - strength[x]!);
    for (let week = 1; week <= post; week++) {
      for (let p = 0; p + 1 < Math.min(4, ranked.length); p += 2) play(season, 'postseason', week, ranked[p]!, ranked[p + 1]!, (weeks + week) * 7 + 14);
    }
  }
  return { games, lines, teamGames, strength: history };
}
