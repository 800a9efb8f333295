// Content fingerprint of one season's rows (games, lines, team_game): the warehouse's
// `seasonFingerprint` and the fingerprints experiments record are this one function, so an
// experiment's `data_fingerprints` can be checked against `edgelab data status` and the log.
import type { Dataset } from './schema.ts';
import { datasetFingerprint } from './warehouse/tables.ts';

export function seasonFingerprintOf(data: Dataset, season: number): string {
  const games = data.games.filter((g) => g.season === season);
  const ids = new Set(games.map((g) => g.game_id));
  return datasetFingerprint({
    games: games as unknown as Record<string, unknown>[],
    lines: data.lines.filter((l) => ids.has(l.game_id)) as unknown as Record<string, unknown>[],
    teamGames: data.teamGames.filter((t) => ids.has(t.game_id)) as unknown as Record<string, unknown>[],
  });
}
