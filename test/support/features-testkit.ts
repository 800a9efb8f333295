// Helpers for the features tests: hand-made games, bit-level frame comparison, dataset copies.
import type { Dataset, Game } from '../../src/data/schema.ts';
import type { FeatureFrame } from '../../src/features/frame.ts';

export const PRESETS = ['minimal', 'opponent_adjusted', 'ratings_adjusted', 'recency_weighted', 'matchup', 'elo', 'full'];

/** A finished regular-season game for hand-made leagues. */
export function game(id: string, season: number, week: number, home: string, away: string, hp: number, ap: number, extra: Partial<Game> = {}): Game {
  return {
    game_id: id, season, season_type: 'regular', week, start_date: new Date(Date.UTC(season, 8, week * 7)).toISOString(),
    neutral_site: false, conference_game: false, home_team: home, away_team: away, home_conference: null,
    away_conference: null, home_points: hp, away_points: ap, completed: true, ...extra,
  };
}

/** Bit-level equality of two frames (NaN-safe): null when equal, else where they differ. */
export function frameDifference(a: FeatureFrame, b: FeatureFrame): string | null {
  if (a.columns.join() !== b.columns.join()) return 'columns differ';
  if (a.rows.length !== b.rows.length) return `row count ${a.rows.length} vs ${b.rows.length}`;
  for (let i = 0; i < a.rows.length; i++) {
    const { values: vx, ...rx } = a.rows[i]!;
    const { values: vy, ...ry } = b.rows[i]!;
    if (JSON.stringify(rx) !== JSON.stringify(ry)) return `row ${i} header: ${JSON.stringify(rx)} vs ${JSON.stringify(ry)}`;
    const bx = Buffer.from(vx.buffer, vx.byteOffset, vx.byteLength);
    if (!bx.equals(Buffer.from(vy.buffer, vy.byteOffset, vy.byteLength))) {
      const j = [...vx].findIndex((v, k) => !Object.is(v, vy[k]));
      return `row ${i} (${rx.game_id}) column ${a.columns[j]}: ${vx[j]} vs ${vy[j]}`;
    }
  }
  return null;
}

export function cloneDataset(d: Dataset): Dataset {
  return { games: d.games.map((g) => ({ ...g })), lines: d.lines.map((l) => ({ ...l })), teamGames: d.teamGames.map((t) => ({ ...t })) };
}
