// The data fingerprint of each season an experiment saw, for its summary and MLflow tags. The
// demo trains five experiments on the same data, and hashing every row's text is ≈ 10 ms per
// season: the fingerprints of the last data seen are kept. Data is "the same" when it holds the
// very same row objects in the same order and every one is frozen (a warehouse session hands
// out frozen rows), so their content cannot have changed; any other data is hashed afresh.
import type { Dataset } from '../../data/schema.ts';
import { seasonFingerprintOf } from '../../data/fingerprint.ts';

type Rows = readonly object[];
let last: { tables: Rows[]; bySeason: Map<number, string> } | null = null;

const tablesOf = (data: Dataset): Rows[] => [data.games, data.lines, data.teamGames];
const sameRows = (a: Rows, b: Rows) => a.length === b.length && a.every((r, i) => r === b[i]);

/** `{ season: fingerprint }` for the given seasons, as seasonFingerprintOf computes them. */
export function seasonFingerprints(data: Dataset, seasons: readonly number[]): Record<string, string> {
  const tables = tablesOf(data);
  if (!tables.every((rows) => rows.every((r) => Object.isFrozen(r)))) {
    return Object.fromEntries(seasons.map((s) => [String(s), seasonFingerprintOf(data, s)]));
  }
  if (!last || !last.tables.every((rows, t) => sameRows(rows, tables[t]!))) last = { tables: tables.map((rows) => [...rows]), bySeason: new Map() };
  const memo = last.bySeason;
  return Object.fromEntries(
    seasons.map((s) => {
      let fp = memo.get(s);
      if (fp === undefined) memo.set(s, (fp = seasonFingerprintOf(data, s)));
      return [String(s), fp];
    }),
  );
}
