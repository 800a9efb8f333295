// Thin helpers over @duckdb/node-api: stream results chunk by chunk (STACK.md: far faster than
// materialising columns) and turn DuckDB values into plain JSON-able JavaScript values.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/** A JSON-able form of a DuckDB value: BIGINT becomes a number when exact, other types a string. */
export function plainValue(v: DuckDBValue): string | number | boolean | null {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  return String(v);
}

/** Run `sql` and collect its rows column-wise per chunk, as plain values. */
export async function readAll(
  conn: DuckDBConnection,
  sql: string,
  params?: DuckDBValue[],
): Promise<{ columns: string[]; rows: (string | number | boolean | null)[][] }> {
  const result = await conn.stream(sql, params);
  const columns = result.columnNames();
  const rows: (string | number | boolean | null)[][] = [];
  for await (const chunk of result) {
    const n = chunk.rowCount;
    const cols = columns.map((_, i) => chunk.getColumnValues(i));
    for (let r = 0; r < n; r++) rows.push(cols.map((col) => plainValue(col[r]!)));
  }
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
