// CFBD team box scores (getGameTeamStats) → the yardage columns of team_game, which the advanced
// statistics lack: yards per play, per rush and per pass. Box-score stats arrive as
// {category, stat} strings ("rushingYards": "166", "completionAttempts": "14-23").
import type { GameTeamStats } from 'cfbd';
import type { TeamGame } from '../../schema.ts';
import type { GameScore } from './map.ts';

export interface BoxYardage {
  plays: number | null;
  yards_per_play: number | null;
  rush_yards_per_play: number | null;
  pass_yards_per_play: number | null;
}

function count(stats: Map<string, string>, category: string): number | null {
  const s = stats.get(category);
  if (s === undefined || !/^-?\d+(\.\d+)?$/.test(s.trim())) return null;
  return Number(s);
}

/** "14-23" (completions-attempts) → 23. */
function attempts(stats: Map<string, string>): number | null {
  const m = /^\s*\d+\s*[-/]\s*(\d+)\s*$/.exec(stats.get('completionAttempts') ?? '');
  return m ? Number(m[1]) : null;
}

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b <= 0 ? null : a / b);

/**
 * Yardage of one team's box score. Plays = rushing attempts + pass attempts (NCAA statistics
 * count sacks as rushes); yards per play = totalYards / plays; per rush = rushingYards /
 * rushingAttempts; per pass = netPassingYards / pass attempts.
 */
export function boxYardage(stats: readonly { category: string; stat: string }[]): BoxYardage {
  const m = new Map(stats.map((s) => [s.category, s.stat]));
  const rushes = count(m, 'rushingAttempts');
  const passes = attempts(m);
  const plays = rushes === null || passes === null ? null : rushes + passes;
  return {
    plays,
    yards_per_play: ratio(count(m, 'totalYards'), plays),
    rush_yards_per_play: ratio(count(m, 'rushingYards'), rushes),
    pass_yards_per_play: ratio(count(m, 'netPassingYards'), passes),
  };
}

const key = (gameId: string, team: string) => `${gameId}\u0000${team}`;

/**
 * Add box-score yardage to the team_game rows mapped from advanced statistics. A team with a box
 * score but no advanced statistics gets a row of its own (EPA, success rate, drives empty).
 */
export function mergeBoxScores(
  rows: TeamGame[],
  boxes: readonly GameTeamStats[],
  games: ReadonlyMap<string, GameScore>,
): TeamGame[] {
  const yardage = new Map<string, { game_id: string; team: string; y: BoxYardage }>();
  for (const b of boxes) {
    for (const t of b.teams) yardage.set(key(String(b.id), t.team), { game_id: String(b.id), team: t.team, y: boxYardage(t.stats) });
  }
  const out = rows.map((r) => {
    const box = yardage.get(key(r.game_id, r.team));
    if (!box) return r;
    yardage.delete(key(r.game_id, r.team));
    const { plays: _plays, ...y } = box.y;
    return { ...r, ...y };
  });
  for (const { game_id, team, y } of yardage.values()) {
    const g = games.get(game_id);
    if (!g || (team !== g.home_team && team !== g.away_team)) continue; // not a game being loaded
    const is_home = team === g.home_team;
    out.push({
      game_id,
      team,
      opponent: is_home ? g.away_team : g.home_team,
      is_home,
      points: is_home ? g.home_points : g.away_points,
      plays: y.plays,
      drives: null,
      yards_per_play: y.yards_per_play,
      success_rate: null,
      epa_per_play: null,
      explosiveness: null,
      rush_yards_per_play: y.rush_yards_per_play,
      pass_yards_per_play: y.pass_yards_per_play,
      points_per_drive: null,
    });
  }
  return out;
}
