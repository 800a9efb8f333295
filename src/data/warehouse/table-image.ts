// What a session's warehouse holds, known in memory without reading it back. A warehouse held by
// a session is the file's only writer (DuckDB locks the file; `query` rolls back), so after a load
// whose tables hold exactly the rows that load and the ones before it left there (a row count
// per table checks it), the tables' content is known: the next load stages only the rows that
// differ from it (the demo's weekly reveal changes one week of a 35,000-row league), and a read
// is answered from it instead of DuckDB — the same rows, in the same order, as `readDatasetNow`
// returns (warehouse-image.test.ts compares them). DuckDB keeps a DOUBLE's -0 and counts it equal
// to 0 (IS DISTINCT FROM, as === does); an INTEGER has no -0. A string with surrogates (DuckDB
// orders strings by UTF-8 bytes, JavaScript by UTF-16 units) leaves no image: everything is
// read from DuckDB as before.
import type { Dataset } from '../schema.ts';
import type { DatasetFilter } from '../warehouse.ts';
import { TABLES, type TableSpec } from './tables.ts';

type Row = Record<string, unknown>;

export interface TableImage {
  /** Rows as DuckDB reads them back (columns in table order, omitted NULLs omitted), by key order. */
  rows: readonly Readonly<Row>[];
  byKey: ReadonlyMap<string, Readonly<Row>>;
}

export type WarehouseImage = Record<TableSpec['name'], TableImage>;

/** The upsert of one table against its image: the rows to stage, the scoped keys to delete. */
export interface UpsertPlan {
  stage: Row[];
  deleteKeys: Row[];
}

const SURROGATE = /[\uD800-\uDFFF]/;

export const keyString = (t: TableSpec, r: Row): string => (t.key.length === 1 ? (r[t.key[0]!] as string) : t.key.map((k) => r[k] as string).join('\u0000'));

/** A validated batch row as DuckDB would read it back, or null when it cannot be mirrored exactly. */
function readBack(t: TableSpec, r: Row): Row | null {
  const o: Row = {};
  for (const c of t.columns) {
    let v = r[c.name] ?? null;
    if (typeof v === 'string' && SURROGATE.test(v)) return null;
    if (c.type === 'INTEGER' && v !== null) v = (v as number) + 0; // an INTEGER has no -0
    if (!(c.omitWhenNull && v === null)) o[c.name] = v;
  }
  return Object.freeze(o);
}

/** Whether the table holds `old` unchanged when `row` is loaded over it (upsert.ts: IS DISTINCT FROM). */
function sameRow(t: TableSpec, old: Readonly<Row>, row: Row): boolean {
  for (const c of t.columns) if ((old[c.name] ?? null) !== (row[c.name] ?? null)) return false;
  return true;
}

// DuckDB orders VARCHAR by bytes; without surrogates, UTF-16 order is the same.
function byKey(t: TableSpec): (a: Readonly<Row>, b: Readonly<Row>) => number {
  return (a, b) => {
    for (const k of t.key) {
      const x = a[k] as string;
      const y = b[k] as string;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
}

const inScope = (t: TableSpec, r: Readonly<Row>, prefix: string | undefined) => prefix !== undefined && (r.game_id as string).startsWith(prefix);

/** What to stage: only rows the image does not already hold as they are; deletes named by key. */
export function planUpsert(t: TableSpec, image: TableImage, rows: Row[], prefix: string | undefined): UpsertPlan {
  const stage: Row[] = [];
  const keys = new Set<string>();
  for (const r of rows) {
    const k = keyString(t, r);
    keys.add(k);
    const old = image.byKey.get(k);
    if (!old || !sameRow(t, old, r)) stage.push(r);
  }
  const deleteKeys = image.rows.filter((r) => inScope(t, r, prefix) && !keys.has(keyString(t, r))).map((r) => Object.fromEntries(t.key.map((k) => [k, r[k]])));
  return { stage, deleteKeys };
}

/** The table after a load of `rows` (scope `prefix`) over `before` (undefined: the table was empty of anything else). */
export function tableAfter(t: TableSpec, before: TableImage | undefined, rows: Row[], prefix: string | undefined): TableImage | null {
  const byKeyMap = new Map<string, Readonly<Row>>();
  for (const r of rows) {
    const k = keyString(t, r);
    const old = before?.byKey.get(k);
    const now = old && sameRow(t, old, r) ? old : readBack(t, r);
    if (!now) return null;
    byKeyMap.set(k, now);
  }
  for (const r of before?.rows ?? []) {
    const k = keyString(t, r);
    if (!byKeyMap.has(k) && !inScope(t, r, prefix)) byKeyMap.set(k, r);
  }
  return { rows: [...byKeyMap.values()].sort(byKey(t)), byKey: byKeyMap };
}

/** `readDatasetNow(filter)` answered from the image: the same filters, the same order. */
export function datasetFromImage(image: WarehouseImage, filter: DatasetFilter): Dataset {
  const filtered = filter.seasons !== undefined || filter.sport !== undefined;
  const seasons = filter.seasons ? new Set(filter.seasons.map((s) => Math.trunc(s))) : null;
  const games = image.games.rows.filter((g) => (!seasons || seasons.has(g.season as number)) && (!filter.sport || ((g.sport as string | undefined) ?? 'cfb') === filter.sport));
  const ids = new Set(games.map((g) => g.game_id as string));
  const of = (name: 'lines' | 'team_game') => (filtered ? image[name].rows.filter((r) => ids.has(r.game_id as string)) : [...image[name].rows]);
  return { games, lines: of('lines'), teamGames: of('team_game') } as unknown as Dataset;
}

/** The image after a load, from the one before (if any) and the batch; null if it cannot be exact. */
export function imageAfter(before: WarehouseImage | undefined, batch: Record<string, Row[] | undefined>, prefix: string | undefined): WarehouseImage | null {
  const out = {} as WarehouseImage;
  for (const t of TABLES) {
    const img = tableAfter(t, before?.[t.name], batch[t.datasetKey] ?? [], prefix);
    if (!img) return null;
    out[t.name] = img;
  }
  return out;
}
