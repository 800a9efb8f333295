// What a session's warehouse holds, known in memory without reading it back. A warehouse held by
// a session is the file's only writer (DuckDB locks the file; `query` rolls back), so after a load
// whose tables hold exactly the rows that load and the ones before it left there (a row count
// per table checks it), the tables' content is known: the next load stages only the rows that
// differ from it (the demo's weekly reveal changes one week of a 35,000-row league), and a read
// is answered from it instead of DuckDB — the same rows, in the same order, as `readDatasetNow`
// returns (warehouse-image.test.ts compares them). DuckDB keeps a DOUBLE's -0 and counts it equal
// to 0 (IS DISTINCT FROM, as === does); an INTEGER has no -0. A string with surrogates (DuckDB
// orders strings by UTF-8 bytes, JavaScript by UTF-16 units) or a NUL leaves no image:
// everything is read from DuckDB as before.
import type { Dataset } from '../schema.ts';
import type { DatasetFilter } from '../warehouse.ts';
import type { TableSpec } from './tables.ts';

type Row = Record<string, unknown>;

export interface TableImage {
  /** Rows as DuckDB reads them back (columns in table order, omitted NULLs omitted), by key order. */
  rows: readonly Readonly<Row>[];
  /** Per key: the row and its text (tables.ts rowText: equal texts, equal rows for DuckDB too). */
  byKey: ReadonlyMap<string, { row: Readonly<Row>; text: string }>;
}

export type WarehouseImage = Record<TableSpec['name'], TableImage>;

/** The upsert of one table against its image: the rows to stage, the scoped keys to delete. */
export interface UpsertPlan {
  stage: Row[];
  deleteKeys: Row[];
}

// Surrogates: DuckDB orders by UTF-8 bytes, JavaScript by UTF-16 units. NUL: not for C strings.
const UNMIRRORABLE = /[\u0000\uD800-\uDFFF]/;

const keyString = (t: TableSpec, r: Readonly<Row>): string => (t.key.length === 1 ? (r[t.key[0]!] as string) : t.key.map((k) => r[k] as string).join('\u0000'));

/** A validated batch row as DuckDB would read it back, or null when it cannot be mirrored exactly. */
function readBack(t: TableSpec, r: Row): Row | null {
  const o: Row = {};
  for (const c of t.columns) {
    let v = r[c.name] ?? null;
    if (typeof v === 'string' && UNMIRRORABLE.test(v)) return null;
    if (c.type === 'INTEGER' && v !== null) v = (v as number) + 0; // an INTEGER has no -0
    if (!(c.omitWhenNull && v === null)) o[c.name] = v;
  }
  return Object.freeze(o);
}

// DuckDB orders VARCHAR by bytes; without surrogates, UTF-16 order is the same.
function byKeyOrder(t: TableSpec): (a: Readonly<Row>, b: Readonly<Row>) => number {
  return (a, b) => {
    for (const k of t.key) {
      const x = a[k] as string;
      const y = b[k] as string;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
}

const inScope = (r: Readonly<Row>, prefix: string | undefined) => prefix !== undefined && (r.game_id as string).startsWith(prefix);

export interface TableLoad {
  /** Given an image before: only the rows it does not hold as they are, and the scoped keys to delete. */
  plan: UpsertPlan | undefined;
  /** The table after the load (if `before` was undefined: if it holds nothing but the batch); null if not mirrorable. */
  after: TableImage | null;
}

/**
 * One table's load of `rows` (their `texts`, scope `prefix`) over `before`, in one pass: what to
 * stage (upsert.ts IS DISTINCT FROM: a row whose text is unchanged is unchanged; -0 and 0 are
 * one value for both) and the image after it (an unchanged row keeps the old one, as DuckDB does).
 */
export function tableLoad(t: TableSpec, before: TableImage | undefined, rows: Row[], texts: string[], prefix: string | undefined): TableLoad {
  const stage: Row[] = [];
  const byKey = new Map<string, { row: Readonly<Row>; text: string }>();
  let mirrorable = true;
  let newKeys = false;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const k = keyString(t, r);
    const old = before?.byKey.get(k);
    if (old && old.text === texts[i]) {
      byKey.set(k, old);
      continue;
    }
    stage.push(r);
    if (!old) newKeys = true;
    const row = mirrorable ? readBack(t, r) : null;
    if (!row) mirrorable = false;
    else byKey.set(k, { row, text: texts[i]! });
  }
  const deleteKeys: Row[] = [];
  const kept: Readonly<Row>[] = [];
  for (const r of before?.rows ?? []) {
    const k = keyString(t, r);
    if (byKey.has(k)) continue;
    if (inScope(r, prefix)) deleteKeys.push(Object.fromEntries(t.key.map((c) => [c, r[c]])));
    else {
      byKey.set(k, before!.byKey.get(k)!);
      kept.push(r);
    }
  }
  const plan = before ? { stage, deleteKeys } : undefined;
  if (!mirrorable) return { plan, after: null };
  // The weekly case (same keys as before): the old order holds; otherwise sort.
  const rowsAfter =
    before && !newKeys && deleteKeys.length === 0 ? before.rows.map((r) => byKey.get(keyString(t, r))!.row) : [...byKey.values()].map((e) => e.row).sort(byKeyOrder(t));
  return { plan, after: { rows: rowsAfter, byKey } };
}

/**
 * Per batch row: the image's text of it when the image holds this very row (same key, every column
 * equal, no other field), else undefined. Every row of an image passed validation when it was
 * loaded, and validation and text depend on the row's values alone, so such a row needs neither
 * again: a weekly reveal validates and texts the one week that changed, not the whole league.
 * Anything unusual (a non-string key, an inherited field) is undefined: checked in full.
 */
export function knownTexts(t: TableSpec, image: TableImage, rows: Row[]): (string | undefined)[] {
  const names = new Set(t.columns.map((c) => c.name));
  const out = new Array<string | undefined>(rows.length);
  rows: for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r === null || typeof r !== 'object') continue;
    for (const k of t.key) if (typeof r[k] !== 'string') continue rows;
    const old = image.byKey.get(keyString(t, r));
    if (!old) continue;
    // === : -0 and 0 are one value for validation and for the text (JSON writes both as 0).
    for (const c of t.columns) if ((r[c.name] ?? null) !== (old.row[c.name] ?? null)) continue rows;
    for (const f in r) if (!names.has(f)) continue rows;
    out[i] = old.text;
  }
  return out;
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
