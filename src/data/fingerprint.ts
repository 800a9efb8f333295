// Content fingerprint of one season's rows (games, lines, team_game, each sorted by key as the
// warehouse returns them). Experiments record it so a result can be tied to the exact data.
import { fingerprint } from '../util/hash.ts';
import type { Dataset } from './schema.ts';

export function seasonFingerprintOf(data: Dataset, season: number): string {
  const games = data.games.filter((g) => g.season === season);
  const ids = new Set(games.map((g) => g.game_id));
  return fingerprint({ games, lines: data.lines.filter((l) => ids.has(l.game_id)), teamGames: data.teamGames.filter((t) => ids.has(t.game_id)) }, 16);
}
