// Structural checks: required fields, unique keys, score values, completed games' scores, rows
// for unknown games, duplicate games and teams scheduled twice in a week.
import { Findings, type CheckResult, type WeekData } from './types.ts';

const GAME_REQUIRED = ['game_id', 'season', 'season_type', 'week', 'start_date', 'neutral_site', 'conference_game', 'home_team', 'away_team', 'completed'] as const;
const LINE_REQUIRED = ['game_id', 'provider', 'spread_price_home', 'spread_price_away'] as const;
const TG_REQUIRED = ['game_id', 'team', 'opponent', 'is_home'] as const;

const missing = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

export function requiredFields(d: WeekData): CheckResult {
  const f = new Findings();
  for (const g of d.week_.games) for (const k of GAME_REQUIRED) if (missing(g[k])) f.add('games', `game_id=${g.game_id}`, `${k} is missing`, g);
  for (const l of d.week_.lines) for (const k of LINE_REQUIRED) if (missing(l[k])) f.add('lines', `game_id=${l.game_id}, provider=${l.provider}`, `${k} is missing`, l);
  for (const t of d.week_.teamGames) for (const k of TG_REQUIRED) if (missing(t[k])) f.add('team_game', `game_id=${t.game_id}, team=${t.team}`, `${k} is missing`, t);
  return f.result('required_fields', 'fail', 'required fields missing', 'every required field is present');
}

export function uniqueKeys(d: WeekData): CheckResult {
  const f = new Findings();
  const dup = <T extends object>(rows: T[], table: 'games' | 'lines' | 'team_game', key: (r: T) => string) => {
    const seen = new Set<string>();
    for (const r of rows) {
      const k = key(r);
      if (seen.has(k)) f.add(table, k, 'duplicate key', r);
      seen.add(k);
    }
  };
  dup(d.week_.games, 'games', (g) => `game_id=${g.game_id}`);
  dup(d.week_.lines, 'lines', (l) => `game_id=${l.game_id}, provider=${l.provider}`);
  dup(d.week_.teamGames, 'team_game', (t) => `game_id=${t.game_id}, team=${t.team}`);
  return f.result('unique_keys', 'fail', 'duplicate keys', 'every key is unique');
}

export function scoreValues(d: WeekData): CheckResult {
  const f = new Findings();
  const max = d.thresholds.max_points;
  for (const g of d.week_.games)
    for (const k of ['home_points', 'away_points'] as const) {
      const v = g[k];
      if (v === null || v === undefined) continue;
      if (!Number.isInteger(v) || v < 0) f.add('games', `game_id=${g.game_id}`, `${k} = ${v} is not a non-negative integer`, g);
      else if (v > max) f.add('games', `game_id=${g.game_id}`, `${k} = ${v} exceeds max_points ${max}`, g);
    }
  return f.result('score_values', 'fail', 'implausible scores', `every score is an integer in 0-${max}`);
}

export function completedScores(d: WeekData): CheckResult {
  const f = new Findings();
  for (const g of d.week_.games) {
    const has = g.home_points !== null && g.home_points !== undefined && g.away_points !== null && g.away_points !== undefined;
    if (g.completed && !has) f.add('games', `game_id=${g.game_id}`, 'completed but a score is missing', g);
    if (!g.completed && (g.home_points != null || g.away_points != null)) f.add('games', `game_id=${g.game_id}`, 'not completed but has a score', g);
  }
  return f.result('completed_scores', 'fail', 'games whose completion and score disagree', 'every completed game has both scores');
}

export function orphanRows(d: WeekData): CheckResult {
  const f = new Findings();
  const ids = new Set(d.all.games.map((g) => g.game_id));
  for (const l of d.all.lines) if (!ids.has(l.game_id)) f.add('lines', `game_id=${l.game_id}, provider=${l.provider}`, 'line for an unknown game', l);
  for (const t of d.all.teamGames) if (!ids.has(t.game_id)) f.add('team_game', `game_id=${t.game_id}, team=${t.team}`, 'team-game row for an unknown game', t);
  return f.result('orphan_rows', 'fail', 'lines or team-game rows for unknown games', 'every line and team-game row belongs to a known game');
}

export function duplicateGames(d: WeekData): CheckResult {
  const f = new Findings();
  const seen = new Map<string, string>();
  for (const g of d.week_.games) {
    const pair = [g.home_team, g.away_team].sort().join(' vs ');
    const prev = seen.get(pair);
    if (prev !== undefined && prev !== g.game_id) f.add('games', `game_id=${g.game_id}`, `same teams as ${prev} (${pair}) in the same week`, g);
    else seen.set(pair, g.game_id);
  }
  return f.result('duplicate_games', 'fail', 'duplicate games (same teams, same week)', 'no game appears twice');
}

export function teamTwiceInWeek(d: WeekData): CheckResult {
  const f = new Findings();
  const seen = new Map<string, string>();
  for (const g of d.week_.games) {
    const pair = [g.home_team, g.away_team].sort().join('|');
    for (const team of [g.home_team, g.away_team]) {
      const prev = seen.get(team);
      // A duplicate game is reported by duplicate_games; here only different matchups count.
      if (prev !== undefined && prev !== pair) f.add('games', `game_id=${g.game_id}`, `${team} also plays in another game this week`, g);
      else seen.set(team, pair);
    }
  }
  return f.result('team_twice_in_week', 'fail', 'teams scheduled twice in the week', 'no team plays twice in the week');
}
