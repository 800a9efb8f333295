// The data fingerprint of each season an experiment saw, for its summary and MLflow tags. The
// demo trains five experiments on the same data, and hashing every row's text is ≈ 10 ms per
// season: the fingerprints of the last data seen are kept. Data is "the same" when it holds the
// very same frozen row objects in the same order (rowsKey, features/row-identity.ts: a warehouse session
// hands out frozen rows), so their content cannot have changed; any other data is hashed afresh.
import type { Dataset } from '../../data/schema.ts';
import { seasonFingerprintOf } from '../../data/fingerprint.ts';
import { rowsKey } from '../../features/index.ts';

let last: { key: string; bySeason: Map<number, string> } | null = null;

/** `{ season: fingerprint }` for the given seasons, as seasonFingerprintOf computes them. */
export function seasonFingerprints(data: Dataset, seasons: readonly number[]): Record<string, string> {
  const key = rowsKey([data.games, data.lines, data.teamGames]);
  if (key === null) return Object.fromEntries(seasons.map((s) => [String(s), seasonFingerprintOf(data, s)]));
  if (last?.key !== key) last = { key, bySeason: new Map() };
  const memo = last.bySeason;
  return Object.fromEntries(
    seasons.map((s) => {
      let fp = memo.get(s);
      if (fp === undefined) memo.set(s, (fp = seasonFingerprintOf(data, s)));
      return [String(s), fp];
    }),
  );
}
