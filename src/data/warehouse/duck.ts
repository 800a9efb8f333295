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
  for await (const chunk of result) {
    const n = chunk.rowCount;
    for (let c = 0; c < columns.length; c++) appendColumn(chunk, c, types[c]!, n, data[c]!);
  }
  return data;
}

function appendColumn(chunk: DuckDBDataChunk, c: number, type: number, n: number, out: Cell[]): void {
  if (type !== BOOLEAN && type !== INTEGER && type !== DOUBLE && type !== VARCHAR) {
    for (const v of chunk.getColumnValues(c)) out.push(plainValue(v));
    return;
  }
  const b = duckBindings();
  const vector = b.data_chunk_get_vector(chunk.chunk, c);
  // One bit per row, least significant first; no mask: every row is valid.
  const valid = b.vector_get_validity(vector, Math.ceil(n / 64) * 8) as Uint8Array | null;
  const base = out.length;
  if (type === VARCHAR) {
    // duckdb_string_t: 16 bytes, a uint32 length, then up to 12 bytes inline or a pointer at 8.
    const raw = b.vector_get_data(vector, n * 16);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let r = 0; r < n; r++) {
      if (valid && !((valid[r >> 3]! >> (r & 7)) & 1)) {
        out.push(null);
        continue;
      }
      const at = r * 16;
      const len = view.getUint32(at, true);
      const bytes = len <= 12 ? raw.subarray(at + 4, at + 4 + len) : b.get_data_from_pointer(raw.buffer as ArrayBuffer, raw.byteOffset + at + 8, len);
      out.push(decoder.decode(bytes));
    }
    return;
  }
  if (type === BOOLEAN) {
    const raw = b.vector_get_data(vector, n);
    for (let r = 0; r < n; r++) out.push(raw[r] !== 0);
  } else {
    const raw = b.vector_get_data(vector, n * (type === INTEGER ? 4 : 8));
    const items = type === INTEGER ? new Int32Array(raw.buffer, raw.byteOffset, n) : new Float64Array(raw.buffer, raw.byteOffset, n);
    for (let r = 0; r < n; r++) out.push(items[r]!);
  }
  if (valid) for (let r = 0; r < n; r++) if (!((valid[r >> 3]! >> (r & 7)) & 1)) out[base + r] = null;
}
