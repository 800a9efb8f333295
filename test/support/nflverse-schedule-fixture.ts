// Schedules in nflverse's published games.csv layout (the header as nflverse publishes it) with
// synthetic games: teams of known strength, scores and closing lines drawn from a seeded PRNG.
import { writeFileSync } from 'node:fs';
import { Rng } from '../../src/util/prng.ts';

export const NFLVERSE_GAMES_HEADER =
  'game_id,season,game_type,week,gameday,weekday,gametime,away_team,away_score,home_team,home_score,location,result,total,overtime,old_game_id,gsis,nfl_detail_id,pfr,pff,espn,ftn,away_rest,home_rest,away_moneyline,home_moneyline,spread_line,away_spread_odds,home_spread_odds,total_line,under_odds,over_odds,div_game,roof,surface,temp,wind,away_qb_id,home_qb_id,away_qb_name,home_qb_name,away_coach,home_coach,referee,stadium_id,stadium';

export interface ScheduleGame {
  game_id: string;
  season: number;
  game_type: 'REG' | 'WC' | 'DIV' | 'CON' | 'SB';
  week: number;
  gameday: string;
  gametime: string;
  away_team: string;
  home_team: string;
  away_score: number | null;
  home_score: number | null;
  spread_line: number | null;
  total_line: number | null;
  location?: 'Home' | 'Neutral';
}

export const TEAMS = ['KC', 'BUF', 'DET', 'PHI', 'SF', 'DAL', 'BAL', 'MIA'];

const addDays = (iso: string, d: number) => new Date(Date.parse(iso + 'T12:00:00Z') + d * 86400000).toISOString().slice(0, 10);

/**
 * A league of 8 teams: 14 regular weeks of 4 games (a round robin, twice), then wild card (2
 * games), conference (1) and Super Bowl (1, neutral). `unplayedFrom`: games of `season` from that
 * week on have no score yet.
 */
export function syntheticSchedule(seasons: number[], opts: { seed?: number; unplayed?: { season: number; fromWeek: number } } = {}): ScheduleGame[] {
  const rng = new Rng(opts.seed ?? 7);
  const normal = () => rng.normal(0, 1);
  const strength = new Map(TEAMS.map((t, i) => [t, (i - 3.5) * 1.6]));
  const out: ScheduleGame[] = [];
  for (const season of seasons) {
    for (const t of TEAMS) strength.set(t, strength.get(t)! * 0.7 + normal() * 2);
    const firstSunday = `${season}-09-10`;
    const play = (type: ScheduleGame['game_type'], week: number, day: string, home: string, away: string, neutral = false): ScheduleGame => {
      const edge = strength.get(home)! - strength.get(away)! + (neutral ? 0 : 1.8);
      const unplayed = opts.unplayed && season === opts.unplayed.season && type === 'REG' && week >= opts.unplayed.fromWeek;
      const margin = Math.round(edge + normal() * 13);
      const total = Math.max(20, Math.round(44 + normal() * 10));
      const hs = Math.max(0, Math.round((total + margin) / 2));
      const as = Math.max(0, hs - margin);
      const spread = Math.round((edge + normal() * 1.5) * 2) / 2;
      return {
        game_id: `${season}_${String(week).padStart(2, '0')}_${away}_${home}`,
        season, game_type: type, week, gameday: day, gametime: week % 2 ? '13:00' : '16:25', away_team: away, home_team: home,
        away_score: unplayed ? null : as, home_score: unplayed ? null : hs, spread_line: spread, total_line: Math.round(44 + normal() * 2) + 0.5,
        ...(neutral ? { location: 'Neutral' as const } : {}),
      };
    };
    const n = TEAMS.length;
    for (let w = 1; w <= 14; w++) {
      const r = (w - 1) % (n - 1);
      const rot = [TEAMS[0]!, ...TEAMS.slice(1).map((_, i) => TEAMS[1 + ((i + r) % (n - 1))]!)];
      for (let k = 0; k < n / 2; k++) {
        const [a, b] = [rot[k]!, rot[n - 1 - k]!];
        const [home, away] = w % 2 ? [a, b] : [b, a];
        out.push(play('REG', w, addDays(firstSunday, 7 * (w - 1)), home, away));
      }
    }
    const ranked = [...TEAMS].sort((a, b) => strength.get(b)! - strength.get(a)!);
    const jan = `${season + 1}-01-13`;
    out.push(play('WC', 15, jan, ranked[0]!, ranked[3]!), play('WC', 15, addDays(jan, 1), ranked[1]!, ranked[2]!));
    out.push(play('CON', 16, addDays(jan, 14), ranked[0]!, ranked[1]!));
    out.push(play('SB', 17, addDays(jan, 28), ranked[1]!, ranked[0]!, true));
  }
  return out;
}

const c = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function scheduleCsv(games: readonly ScheduleGame[]): string {
  const cols = NFLVERSE_GAMES_HEADER.split(',');
  const rows = games.map((g) => {
    const played = g.home_score !== null && g.away_score !== null;
    const v: Record<string, unknown> = {
      ...g, weekday: 'Sunday', location: g.location ?? 'Home',
      result: played ? g.home_score! - g.away_score! : null, total: played ? g.home_score! + g.away_score! : null, overtime: played ? 0 : null,
      away_rest: 7, home_rest: 7, away_spread_odds: -110, home_spread_odds: -110, under_odds: -110, over_odds: -110, div_game: 0,
      roof: 'outdoors', stadium: 'Synthetic Stadium',
    };
    return cols.map((k) => c(v[k])).join(',');
  });
  return [NFLVERSE_GAMES_HEADER, ...rows].join('\n') + '\n';
}

export function writeSchedule(file: string, games: readonly ScheduleGame[]): void {
  writeFileSync(file, scheduleCsv(games));
}
