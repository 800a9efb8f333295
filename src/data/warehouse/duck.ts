// Thin helpers over @duckdb/node-api: stream results chunk by chunk (STACK.md: far faster than
// materialising columns) and turn DuckDB values into plain JSON-able JavaScript values.
import { createRequire } from 'node:module';
import type { DuckDBConnection, DuckDBDataChunk, DuckDBResult, DuckDBValue } from '@duckdb/node-api';
import type * as Bindings from '@duckdb/node-bindings';

/** A JSON-able form of a DuckDB value: BIGINT becomes a number when exact, other types a string. */
export function plainValue(v: DuckDBValue): string | number | boolean | null {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  return String(v);
}

/** Run `sql` and collect its rows, as plain values. */
export async function readAll(
  conn: DuckDBConnection,
  sql: string,
  params?: DuckDBValue[],
): Promise<{ columns: string[]; rows: Cell[][] }> {
  const { columns, data } = await readColumns(conn, sql, params);
  const n = data.length ? data[0]!.length : 0;
  const rows: Cell[][] = [];
  for (let r = 0; r < n; r++) rows.push(data.map((col) => col[r]!));
  return { columns, rows };
}

/** Rows as objects keyed by column name. */
export async function readObjects(
  conn: DuckDBConnection,
  sql: string,
  params?: DuckDBValue[],
): Promise<Record<string, string | number | boolean | null>[]> {
  const { columns, rows } = await readAll(conn, sql, params);
  return rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]!])));
}

/** A string literal for SQL text (single quotes doubled). */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

// Reading a result column by column: @duckdb/node-api hands out values one at a time
// (getColumnValues: a closure call, a validity test done with BigInt arithmetic and, for a
// string, a fresh byte view and a TextDecoder call per value), and readAll then turned each into
// a plain value (plainValue) in an array per row: ≈ 240,000 values for the demo league's three
// tables, read by every weekly command. Here the columns of the four types the warehouse's tables
// use (BOOLEAN, INTEGER, DOUBLE, VARCHAR) are read straight from the chunk's memory through
// @duckdb/node-bindings (the C API that node-api itself calls: duckdb_vector_get_data and
// duckdb_vector_get_validity), one typed view per column and chunk; any other type goes through
// node-api's values and plainValue as before. The values are the same (warehouse-image.test.ts
// and duck.test.ts compare them with node-api's).
export type Cell = string | number | boolean | null;

/** DuckDB's type ids (duckdb.h's DUCKDB_TYPE) of the types read from memory here. */
const BOOLEAN = 1;
const INTEGER = 4;
const DOUBLE = 11;
const VARCHAR = 17;

let bindings: typeof Bindings | undefined;
/** The native bindings node-api loaded when the warehouse was opened (the same module instance). */
function duckBindings(): typeof Bindings {
  return (bindings ??= createRequire(createRequire(import.meta.url).resolve('@duckdb/node-api'))('@duckdb/node-bindings') as typeof Bindings);
}

const decoder = new TextDecoder();

/** Run `sql` and collect its values per column (`data[c][r]`), as plain values. */
export async function readColumns(conn: DuckDBConnection, sql: string, params?: DuckDBValue[]): Promise<{ columns: string[]; data: Cell[][] }> {
  const result = await conn.stream(sql, params);
  return { columns: result.columnNames(), data: await columnsOf(result) };
}

/** A streamed result's values per column (`data[c][r]`), as plain values. */
export async function columnsOf(result: DuckDBResult): Promise<Cell[][]> {
  const columns = result.columnNames();
  const types = result.columnTypes().map((t) => t.typeId as number);
  const data: Cell[][] = columns.map(() => []);
  const inline: InlineStrings = [];
  for await (const chunk of result) {
    const n = chunk.rowCount;
    for (let c = 0; c < columns.length; c++) {
      const col = chunkColumn(chunk, c, types[c]!, n, inline);
      const out = data[c]!;
      for (let r = 0; r < n; r++) out.push(cellAt(col, r));
    }
  }
  return data;
}

/** A column of the result to build rows from: its name, and whether a NULL leaves the property out. */
export interface RowColumn {
  name: string;
  omitWhenNull?: boolean;
}

/**
 * Run `sql` and build one object per row straight from the chunks, properties in `columns` order
 * (the result's columns, in the same order), a NULL of an omitWhenNull column left out. No array
 * per column in between: a weekly command reads ≈ 20,000 rows of 13–19 columns this way.
 */
export async function readRows(conn: DuckDBConnection, sql: string, columns: readonly RowColumn[]): Promise<Record<string, Cell>[]> {
  const result = await conn.stream(sql);
  const types = result.columnTypes().map((t) => t.typeId as number);
  if (types.length !== columns.length) throw new Error(`readRows: ${types.length} result columns for ${columns.length} names`);
  const out: Record<string, Cell>[] = [];
  const inline: InlineStrings = [];
  for await (const chunk of result) {
    const n = chunk.rowCount;
    const from = out.length;
    for (let r = 0; r < n; r++) out.push({});
    columns.forEach(({ name, omitWhenNull }, c) => {
      const col = chunkColumn(chunk, c, types[c]!, n, inline);
      for (let r = 0; r < n; r++) {
        const v = cellAt(col, r);
        if (!(omitWhenNull && v === null)) out[from + r]![name] = v;
      }
    });
  }
  return out;
}

/**
 * One column of one chunk, ready to read value by value (cellAt): a typed view of the chunk's
 * memory for numbers and booleans, the decoded strings for VARCHAR, node-api's values otherwise.
 */
interface ChunkColumn {
  values: ArrayLike<Cell>;
  /** One bit per row, least significant first; null: every row is valid. */
  valid: Uint8Array | null;
  /** values are bytes, 0 for false. */
  bool: boolean;
}

function cellAt(col: ChunkColumn, r: number): Cell {
  if (col.valid && !((col.valid[r >> 3]! >> (r & 7)) & 1)) return null;
  const v = col.values[r]!;
  return col.bool ? v !== 0 : v;
}

function chunkColumn(chunk: DuckDBDataChunk, c: number, type: number, n: number, inline: InlineStrings): ChunkColumn {
  if (type !== BOOLEAN && type !== INTEGER && type !== DOUBLE && type !== VARCHAR) {
    return { values: chunk.getColumnValues(c).map(plainValue), valid: null, bool: false };
  }
  const b = duckBindings();
  const vector = b.data_chunk_get_vector(chunk.chunk, c);
  const valid = b.vector_get_validity(vector, Math.ceil(n / 64) * 8) as Uint8Array | null;
  if (type === VARCHAR) return { values: chunkStrings(b, vector, n, valid, inline), valid: null, bool: false };
  if (type === BOOLEAN) return { values: b.vector_get_data(vector, n), valid, bool: true };
  const raw = b.vector_get_data(vector, n * (type === INTEGER ? 4 : 8));
  return { values: type === INTEGER ? new Int32Array(raw.buffer, raw.byteOffset, n) : new Float64Array(raw.buffer, raw.byteOffset, n), valid, bool: false };
}

/**
 * Inline strings (≤ 12 bytes: team names, labels, providers) decoded once per read: keyed by the
 * length and the three words of the inline bytes (every byte of a key is compared, so one key is
 * one string), a repeated value is the string already decoded. Most of a read's short strings
 * repeat, and the rows then share one string object (less memory, and compares and hash lookups
 * of equal names meet the same object).
 */
type InlineStrings = Map<number, Map<number, Map<number, string>>>[];

function inlineString(inline: InlineStrings, raw: Uint8Array, view: DataView, at: number, len: number): string {
  // Words as int32 (small integers in V8, no boxing); the last ones are 0 when the string is short.
  const w0 = view.getInt32(at + 4, true);
  const w1 = len > 4 ? view.getInt32(at + 8, true) : 0;
  const w2 = len > 8 ? view.getInt32(at + 12, true) : 0;
  const l0 = (inline[len] ??= new Map());
  let l1 = l0.get(w0);
  if (!l1) l0.set(w0, (l1 = new Map()));
  let l2 = l1.get(w1);
  if (!l2) l1.set(w1, (l2 = new Map()));
  let s = l2.get(w2);
  if (s === undefined) l2.set(w2, (s = decoder.decode(raw.subarray(at + 4, at + 4 + len))));
  return s;
}

/**
 * A VARCHAR vector's strings (null for NULL). duckdb_string_t: 16 bytes, a uint32 length, then up
 * to 12 bytes inline or a pointer at 8. Copying each pointed-to string out through the bindings
 * was a native call and a fresh ArrayBuffer per value (≈ 47,000 for a weekly command's read, most
 * of the read's time in a fresh process); DuckDB lays a vector's strings out back to back, so a
 * run of strings whose bytes follow one another is copied in one call from the first one's
 * pointer and decoded once, each string then a slice of it (by byte offsets, when the run is
 * ASCII: one UTF-16 unit per byte). Only the strings' own bytes are read.
 */
function chunkStrings(b: typeof Bindings, vector: Bindings.Vector, n: number, valid: Uint8Array | null, inline: InlineStrings): (string | null)[] {
  const data = b.vector_get_data(vector, n * 16);
  // A plain view: a Node Buffer's subarray runs Buffer's constructor (a tenth of the read's time).
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Array<string | null>(n);
  // The current run: its rows, their byte offsets in it and lengths; where its first pointer sits in raw.
  const rows: number[] = [];
  const offsets: number[] = [];
  const lengths: number[] = [];
  let first = 0;
  let start = 0;
  let end = -1;
  const flush = () => {
    const bytes = b.get_data_from_pointer(raw.buffer as ArrayBuffer, raw.byteOffset + first + 8, end - start);
    const text = decoder.decode(bytes);
    const ascii = text.length === bytes.length;
    for (let k = 0; k < rows.length; k++) {
      const at = offsets[k]!;
      out[rows[k]!] = ascii ? text.slice(at, at + lengths[k]!) : decoder.decode(bytes.subarray(at, at + lengths[k]!));
    }
    rows.length = offsets.length = lengths.length = 0;
  };
  for (let r = 0; r < n; r++) {
    if (valid && !((valid[r >> 3]! >> (r & 7)) & 1)) {
      out[r] = null;
      continue;
    }
    const at = r * 16;
    const len = view.getUint32(at, true);
    if (len <= 12) {
      out[r] = inlineString(inline, raw, view, at, len);
      continue;
    }
    const high = view.getUint32(at + 12, true);
    if (high >= 0x200000) {
      // A pointer past 2^53 (none on today's 48-bit address spaces) is not exact as a number: copied alone.
      if (rows.length > 0) flush();
      out[r] = decoder.decode(b.get_data_from_pointer(raw.buffer as ArrayBuffer, raw.byteOffset + at + 8, len));
      continue;
    }
    const ptr = high * 0x100000000 + view.getUint32(at + 8, true);
    if (rows.length > 0 && ptr !== end) flush();
    if (rows.length === 0) {
      first = at;
      start = ptr;
    }
    rows.push(r);
    offsets.push(ptr - start);
    lengths.push(len);
    end = ptr + len;
  }
  if (rows.length > 0) flush();
  return out;
}
