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
  /**
   * Per key: the row and its text (tables.ts rowText: equal texts, equal rows for DuckDB too).
   * The next load takes it over and changes it in place (copying 35,000 entries a reveal cost
   * more than the reveal's changes): a load gives up the image before it (warehouse.ts).
   */
  byKey: Map<string, ImageEntry>;
}

interface ImageEntry {
  row: Readonly<Row>;
  text: string;
}

/**
 * Per table: batch rows loaded earlier in the session, by identity, with their text. Only frozen
 * plain objects are kept: such a row cannot change, so it passed validation as it is and its text
 * is known, whatever the image holds now (the demo league hands the same frozen rows to every
 * weekly reveal, so a reveal looks up most rows instead of comparing their columns).
 */
export type LoadedRows = WeakMap<object, string>;

const isFrozenPlain = (r: unknown): r is object =>
  r !== null && typeof r === 'object' && Object.isFrozen(r) && Object.getPrototypeOf(r) === Object.prototype;

/** Remember a committed batch's frozen plain rows and their texts. */
export function rememberRows(loaded: LoadedRows, rows: readonly unknown[], texts: readonly string[]): void {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (isFrozenPlain(r) && !loaded.has(r)) loaded.set(r, texts[i]!);
  }
}

export type WarehouseImage = Record<TableSpec['name'], TableImage>;

/**
 * The upsert of one table against its image: the rows whose key it does not hold (appended, no
 * diff needed), the rows whose key it holds with another text (diffed and updated), the scoped
 * keys to delete.
 */
export interface UpsertPlan {
  insert: Row[];
  update: Row[];
  deleteKeys: Row[];
  /**
   * The update rows as DuckDB reads them back, each with the row the image holds under its key,
   * in key order: what DuckDB's diff of the staged rows against the table would report (a row's
   * text differs exactly when one of its columns IS DISTINCT FROM the table's). Undefined when
   * a row cannot be mirrored (then DuckDB diffs them).
   */
  changed?: { row: Readonly<Row>; old: Readonly<Row> }[];
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

/** The first place in key-ordered `rows` whose key is not before `r`'s. */
function lowerBound(rows: readonly Readonly<Row>[], order: (a: Readonly<Row>, b: Readonly<Row>) => number, r: Readonly<Row>): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order(rows[mid]!, r) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One table's load of `rows` (their `texts`, scope `prefix`) over `before`, in one pass: what to
 * stage (upsert.ts IS DISTINCT FROM: a row whose text is unchanged is unchanged; -0 and 0 are
 * one value for both) and the image after it (an unchanged row keeps the old one, as DuckDB does).
 * Batch keys are unique (validate.ts refuses duplicates first). The image after is the one
 * before with the changed rows put in their places and the new ones merged in by key, so a
 * weekly reveal costs a lookup per row, not a sort. `before` is used up: its key map becomes the
 * one after (changed in place), so only the returned image may be used afterwards.
 */
export function tableLoad(t: TableSpec, before: TableImage | undefined, rows: Row[], texts: string[], prefix: string | undefined): TableLoad {
  const insert: Row[] = [];
  const update: Row[] = [];
  const held = before?.byKey.size ?? 0;
  const byKey = before?.byKey ?? new Map<string, ImageEntry>();
  const updated: Readonly<Row>[] = [];
  const changed: { row: Readonly<Row>; old: Readonly<Row> }[] = [];
  const inserted: Readonly<Row>[] = [];
  const keys = new Array<string>(rows.length);
  let mirrorable = true;
  let matched = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const k = (keys[i] = keyString(t, r));
    const old = before?.byKey.get(k);
    if (old) matched++;
    if (old && old.text === texts[i]) continue;
    (old ? update : insert).push(r);
    if (!mirrorable) continue;
    const row = readBack(t, r);
    if (!row) {
      mirrorable = false;
      continue;
    }
    byKey.set(k, { row, text: texts[i]! });
    if (old) changed.push({ row, old: old.row });
    (old ? updated : inserted).push(row);
  }
  // Keys of the image the batch does not hold: deleted in the scope, kept outside it.
  const deleteKeys: Row[] = [];
  const deleted = new Set<number>();
  if (before && matched < held) {
    const inBatch = new Set(keys);
    before.rows.forEach((r, i) => {
      const k = keyString(t, r);
      if (inBatch.has(k) || !inScope(r, prefix)) return;
      deleteKeys.push(Object.fromEntries(t.key.map((c) => [c, r[c]])));
      byKey.delete(k);
      deleted.add(i);
    });
  }
  const order = byKeyOrder(t);
  const plan: UpsertPlan | undefined = before ? { insert, update, deleteKeys, ...(mirrorable ? { changed: changed.sort((a, b) => order(a.row, b.row)) } : {}) } : undefined;
  if (!mirrorable) return { plan, after: null };
  let kept: readonly Readonly<Row>[] = before?.rows ?? [];
  if (updated.length) {
    const copy = kept.slice();
    for (const r of updated) copy[lowerBound(copy, order, r)] = r;
    kept = copy;
  }
  if (deleted.size) kept = kept.filter((_, i) => !deleted.has(i));
  if (inserted.length === 0) return { plan, after: { rows: kept, byKey } };
  inserted.sort(order);
  const merged: Readonly<Row>[] = [];
  let j = 0;
  for (const r of kept) {
    while (j < inserted.length && order(inserted[j]!, r) < 0) merged.push(inserted[j++]!);
    merged.push(r);
  }
  while (j < inserted.length) merged.push(inserted[j++]!);
  return { plan, after: { rows: merged, byKey } };
}

/**
 * Per batch row: the image's text of it when the image holds this very row (same key, every column
 * equal, no other field), else undefined. Every row of an image passed validation when it was
 * loaded, and validation and text depend on the row's values alone, so such a row needs neither
 * again: a weekly reveal validates and texts the one week that changed, not the whole league.
 * Anything unusual (a non-string key, an inherited field) is undefined: checked in full. A row
 * in `loaded` (the same frozen object loaded before) is known by identity.
 */
export function knownTexts(t: TableSpec, image: TableImage | undefined, rows: Row[], loaded?: LoadedRows): (string | undefined)[] {
  const names = new Set(t.columns.map((c) => c.name));
  const out = new Array<string | undefined>(rows.length);
  rows: for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r === null || typeof r !== 'object') continue;
    const seen = loaded?.get(r);
    if (seen !== undefined) {
      out[i] = seen;
      continue;
    }
    if (!image) continue;
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
  return filterDataset({ games: image.games.rows, lines: image.lines.rows, teamGames: image.team_game.rows } as unknown as Dataset, filter);
}

/**
 * The rows of `all` (every row of the tables, in key order) that `readDatasetNow(filter)` reads:
 * the selected games, and the lines and team_game rows of those games, in the same order.
 */
export function filterDataset(all: Dataset, filter: DatasetFilter): Dataset {
  const filtered = filter.seasons !== undefined || filter.sport !== undefined;
  const seasons = filter.seasons ? new Set(filter.seasons.map((s) => Math.trunc(s))) : null;
  const games = all.games.filter((g) => (!seasons || seasons.has(g.season)) && (!filter.sport || (g.sport ?? 'cfb') === filter.sport));
  const ids = new Set(games.map((g) => g.game_id));
  const of = <T extends { game_id: string }>(rows: readonly T[]) => (filtered ? rows.filter((r) => ids.has(r.game_id)) : [...rows]);
  return { games, lines: of(all.lines), teamGames: of(all.teamGames) };
}
