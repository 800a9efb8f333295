// A college season set in the CSV formats of docs/data-formats.md, labelled the way CFBD labels
// weeks (week 0 folded into week 1, every bowl and playoff round as postseason week 1, FCS
// playoff rounds as late regular weeks), with FCS opponents and synthetic values. Team statistics
// use CFBD-style column names, loaded with --map.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/util/prng.ts';

export const FBS: Record<string, string> = { Georgia: 'SEC', Alabama: 'SEC', Clemson: 'ACC', Miami: 'ACC', 'Ohio State': 'Big Ten', Michigan: 'Big Ten', Texas: 'Big 12', Utah: 'Big 12' };
export const FCS: Record<string, string> = { Montana: 'Big Sky', 'North Dakota State': 'MVFC', Mercer: 'SoCon', Villanova: 'CAA' };
const conf = (t: string) => FBS[t] ?? FCS[t] ?? null;

export const TEAM_STATS_MAP =
  'gameId=game_id,isHome=is_home,offensePlays=plays,offensePPA=epa_per_play,offenseSuccessRate=success_rate,offenseExplosiveness=explosiveness,yardsPerRush=rush_yards_per_play,yardsPerPass=pass_yards_per_play,' +
  'passingPPA=pass_epa_per_play,rushingPPA=rush_epa_per_play,passingSuccessRate=pass_success_rate,rushingSuccessRate=rush_success_rate,explosivePlayRate=explosive_play_rate';

interface G { id: string; season: number; type: 'regular' | 'postseason'; week: number; date: string; home: string; away: string; neutral: boolean; hp: number | null; ap: number | null; spread: number; total: number }

const day = (iso: string, d: number) => new Date(Date.parse(iso) + d * 86400000).toISOString();

export function collegeSeasons(seasons: number[], live?: { season: number; fromWeek: number }): G[] {
  const rng = new Rng(11);
  const teams = Object.keys(FBS);
  const strength = new Map([...teams, ...Object.keys(FCS)].map((t, i) => [t, FCS[t] ? -18 : (3.5 - i) * 3]));
  const out: G[] = [];
  for (const season of seasons) {
    for (const t of teams) strength.set(t, strength.get(t)! * 0.75 + rng.normal(0, 3));
    let n = 0;
    const game = (type: G['type'], week: number, date: string, home: string, away: string, neutral = false): G => {
      const edge = strength.get(home)! - strength.get(away)! + (neutral ? 0 : 2.5);
      const unplayed = live && live.season === season && (type === 'postseason' || week >= live.fromWeek);
      const margin = Math.round(edge + rng.normal(0, 15));
      const total = Math.max(24, Math.round(52 + rng.normal(0, 12)));
      const hp = Math.max(0, Math.round((total + margin) / 2));
      return { id: `${season}${String(++n).padStart(4, '0')}`, season, type, week, date, home, away, neutral, hp: unplayed ? null : hp, ap: unplayed ? null : Math.max(0, hp - margin),
        spread: -Math.round((edge + rng.normal(0, 2)) * 2) / 2, total: Math.round(52 + rng.normal(0, 3)) + 0.5 };
    };
    // The first Saturday from August 29 on (19:30 UTC).
    const aug29 = Date.parse(`${season}-08-29T19:30:00.000Z`);
    const sat = new Date(aug29 + ((6 - new Date(aug29).getUTCDay() + 7) % 7) * 86400000).toISOString();
    // "Week 0": played a week before the bulk of week 1, labelled week 1 (Georgia plays twice).
    out.push(game('regular', 1, day(sat, -7), 'Georgia', 'Montana'));
    out.push(game('regular', 1, day(sat, -7), 'Utah', 'Michigan', true));
    for (let w = 1; w <= 14; w++) {
      const r = (w - 1) % 7;
      const rot = [teams[0]!, ...teams.slice(1).map((_, i) => teams[1 + ((i + r) % 7)]!)];
      for (let k = 0; k < 4; k++) {
        const [a, b] = [rot[k]!, rot[7 - k]!];
        out.push(game('regular', w, day(sat, 7 * (w - 1) + (k === 0 ? -2 : 0)), w % 2 ? a : b, w % 2 ? b : a));
      }
    }
    out.push(game('regular', 3, day(sat, 14), 'Mercer', 'Villanova')); // an FCS game
    // FCS playoff rounds, labelled as late regular weeks.
    out.push(game('regular', 15, day(sat, 7 * 14), 'North Dakota State', 'Mercer'));
    out.push(game('regular', 16, day(sat, 7 * 15), 'North Dakota State', 'Villanova'));
    // Bowls and a three-round playoff, all labelled postseason week 1.
    const dec20 = `${season}-12-20T01:00:00.000Z`;
    out.push(game('postseason', 1, dec20, 'Georgia', 'Miami'), game('postseason', 1, day(dec20, 1), 'Ohio State', 'Clemson'));
    out.push(game('postseason', 1, day(dec20, 7), 'Texas', 'Alabama', true));
    out.push(game('postseason', 1, day(dec20, 20), 'Georgia', 'Ohio State', true));
    out.push(game('postseason', 1, day(dec20, 31), 'Georgia', 'Michigan', true));
  }
  return out;
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : /[",]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const csv = (header: string[], rows: unknown[][]) => [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';

/** games.csv, lines.csv and team_stats.csv (CFBD-style names) in `dir`. */
export function writeCollegeFiles(dir: string, games: G[]): { games: string; lines: string; teamStats: string } {
  const files = { games: join(dir, 'games.csv'), lines: join(dir, 'lines.csv'), teamStats: join(dir, 'team_stats.csv') };
  writeFileSync(files.games, csv(
    ['game_id', 'season', 'season_type', 'week', 'start_date', 'neutral_site', 'conference_game', 'home_team', 'away_team', 'home_conference', 'away_conference', 'home_points', 'away_points'],
    games.map((g) => [g.id, g.season, g.type, g.week, g.date, g.neutral, conf(g.home) === conf(g.away), g.home, g.away, conf(g.home), conf(g.away), g.hp, g.ap]),
  ));
  writeFileSync(files.lines, csv(['game_id', 'provider', 'spread', 'spread_open', 'total', 'total_open'], games.map((g) => [g.id, 'consensus', g.spread, g.spread + 0.5, g.total, g.total - 1])));
  const rows: unknown[][] = [];
  for (const g of games) {
    if (g.hp === null || g.ap === null) continue;
    for (const [team, opp, home, pts, against] of [[g.home, g.away, true, g.hp, g.ap], [g.away, g.home, false, g.ap, g.hp]] as const) {
      const lean = Math.max(-0.35, Math.min(0.35, (pts - against) / 60));
      rows.push([g.id, team, opp, home, 65 + ((pts * 7) % 15), (0.05 + lean).toFixed(4), (0.42 + lean / 2).toFixed(4), (1.2 + lean).toFixed(4), (4.5 + lean * 5).toFixed(2), (7 + lean * 8).toFixed(2),
        (0.1 + 1.2 * lean).toFixed(4), (0.8 * lean - 0.03).toFixed(4), (0.44 + lean / 2).toFixed(4), (0.4 + lean / 3).toFixed(4), (0.08 + lean / 5).toFixed(4), 'ignored']);
    }
  }
  writeFileSync(files.teamStats, csv(['gameId', 'team', 'opponent', 'isHome', 'offensePlays', 'offensePPA', 'offenseSuccessRate', 'offenseExplosiveness', 'yardsPerRush', 'yardsPerPass',
    'passingPPA', 'rushingPPA', 'passingSuccessRate', 'rushingSuccessRate', 'explosivePlayRate', 'notes'], rows));
  return files;
}
