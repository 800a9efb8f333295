// One table's part of a load: stage the batch in a temporary table with the appender, diff it
// against the table (inserted / updated / unchanged), apply the difference and, for a scoped
// load, delete the rows of that scope the batch no longer holds. Runs inside the caller's
// transaction.
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { readAll, sqlString } from './duck.ts';
import { keyOf, type TableSpec } from './tables.ts';
import type { UpsertPlan } from './table-image.ts';

export interface TableCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/** A changed row: its key and, per changed field, [old, new]. */
export interface RowChange {
  table: string;
  key: string;
  fields: Record<string, [unknown, unknown]>;
}

function appendRow(ap: DuckDBAppender, t: TableSpec, row: Record<string, unknown>): void {
  for (const col of t.columns) {
    const v = row[col.name];
    if (v === null || v === undefined) ap.appendNull();
    else if (col.type === 'VARCHAR') ap.appendVarchar(v as string);
    else if (col.type === 'INTEGER') ap.appendInteger(v as number);
    else if (col.type === 'DOUBLE') ap.appendDouble(v as number);
    else ap.appendBoolean(v as boolean);
  }
  ap.endRow();
}

export async function upsertTable(
  conn: DuckDBConnection,
  t: TableSpec,
  rows: Record<string, unknown>[],
  scopePrefix: string | undefined,
  changes: RowChange[],
  maxChanges: number,
  /** From the table's known content (table-image.ts): stage only these rows, delete these keys. */
  plan?: UpsertPlan,
): Promise<TableCounts> {
  if (plan) return upsertPlanned(conn, t, rows.length, scopePrefix, changes, maxChanges, plan);
  const stage = await stageRows(conn, t, rows);
  const counts = await diffAndUpdate(conn, t, stage, changes, maxChanges);
  const ins = await conn.run(
    `INSERT INTO ${t.name} SELECT s.* FROM ${stage} s WHERE NOT EXISTS (SELECT 1 FROM ${t.name} t WHERE ${onKey(t)})`,
  );
  counts.inserted = Number(ins.rowsChanged);
  counts.unchanged = rows.length - counts.inserted - counts.updated;
  if (scopePrefix !== undefined) {
    const del = await conn.run(
      `DELETE FROM ${t.name} AS t WHERE starts_with(t.game_id, ${sqlString(scopePrefix)})
       AND NOT EXISTS (SELECT 1 FROM ${stage} s WHERE ${onKey(t)})`,
    );
    counts.deleted = Number(del.rowsChanged);
  }
  await conn.run(`DROP TABLE ${stage}`);
  return counts;
}

const onKey = (t: TableSpec) => t.key.map((k) => `s.${k} = t.${k}`).join(' AND ');

/** `rows` appended to a fresh temporary table shaped like `t`; returns its name. */
async function stageRows(conn: DuckDBConnection, t: TableSpec, rows: readonly Record<string, unknown>[]): Promise<string> {
  const stage = `stage_${t.name}`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${stage} AS SELECT * FROM ${t.name} LIMIT 0`);
  const ap = await conn.createAppender(stage, 'main', 'temp');
  for (const r of rows) appendRow(ap, t, r);
  ap.closeSync();
  return stage;
}

/**
 * The load planned from the table's known content (table-image.ts): rows with new keys are
 * appended to the table as they are (the image says no row has their key: nothing to compare),
 * only rows with known keys and other values are staged, diffed and updated, and the scoped keys
 * the batch no longer holds are deleted. Same counts and changes as the full upsert.
 */
async function upsertPlanned(
  conn: DuckDBConnection,
  t: TableSpec,
  batchRows: number,
  scopePrefix: string | undefined,
  changes: RowChange[],
  maxChanges: number,
  plan: UpsertPlan,
): Promise<TableCounts> {
  let counts: TableCounts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
  let append = plan.insert;
  if (plan.update.length && plan.changed) {
    // The image knows which rows differ and how (in key order, as DuckDB's diff lists them): the
    // changed rows are replaced (deleted by key, appended with the new ones) without staging them,
    // diffing them against the table and reading the diff back.
    for (const { row, old } of plan.changed) {
      if (changes.length >= maxChanges) break;
      changes.push(changeOf(t, row, old));
    }
    const n = await deleteKeys(conn, t, plan.update.map((r) => Object.fromEntries(t.key.map((k) => [k, r[k]]))));
    if (n !== plan.update.length) throw new Error(`table ${t.name} holds ${n} of the ${plan.update.length} changed rows its image holds`);
    counts.updated = n;
    append = [...plan.update, ...plan.insert];
  } else if (plan.update.length) {
    const stage = await stageRows(conn, t, plan.update);
    counts = await diffAndUpdate(conn, t, stage, changes, maxChanges);
    await conn.run(`DROP TABLE ${stage}`);
  }
  if (append.length) {
    const ap = await conn.createAppender(t.name);
    for (const r of append) appendRow(ap, t, r);
    ap.closeSync();
  }
  counts.inserted = plan.insert.length;
  counts.unchanged = batchRows - counts.inserted - counts.updated;
  if (scopePrefix !== undefined) counts.deleted = await deleteKeys(conn, t, plan.deleteKeys);
  return counts;
}

/** A changed row's entry in the report: its key and each data column whose value differs, [old, new]. */
function changeOf(t: TableSpec, row: Readonly<Record<string, unknown>>, old: Readonly<Record<string, unknown>>): RowChange {
  const fields: Record<string, [unknown, unknown]> = {};
  for (const col of t.columns) {
    if (t.key.includes(col.name)) continue;
    const [o, n] = [old[col.name] ?? null, row[col.name] ?? null];
    if (o !== n) fields[col.name] = [o, n];
  }
  return { table: t.name, key: keyOf(t, row), fields };
}

/**
 * Diff a staged batch against the table (changed rows into `changes`, in key order: the join's own
 * order follows how the table's rows were written, which a first load by appender or by
 * `INSERT … SELECT` lays out differently) and update the changed rows.
 */
async function diffAndUpdate(conn: DuckDBConnection, t: TableSpec, stage: string, changes: RowChange[], maxChanges: number): Promise<TableCounts> {
  const on = onKey(t);
  const data = t.columns.filter((col) => !t.key.includes(col.name));
  const differs = data.map((col) => `s.${col.name} IS DISTINCT FROM t.${col.name}`).join(' OR ');
  const counts: TableCounts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };

  const diff = await readAll(
    conn,
    `SELECT ${t.columns.map((col) => `s.${col.name}`).join(', ')}, ${data.map((col) => `t.${col.name} AS old_${col.name}`).join(', ')}
     FROM ${stage} s JOIN ${t.name} t ON ${on} WHERE ${differs} ORDER BY ${t.key.map((k) => `s.${k}`).join(', ')}`,
  );
  counts.updated = diff.rows.length;
  for (const r of diff.rows) {
    if (changes.length >= maxChanges) break;
    const obj = Object.fromEntries(diff.columns.map((c, i) => [c, r[i]]));
    const fields: Record<string, [unknown, unknown]> = {};
    for (const col of data) if (obj[`old_${col.name}`] !== obj[col.name]) fields[col.name] = [obj[`old_${col.name}`], obj[col.name]];
    changes.push({ table: t.name, key: keyOf(t, obj), fields });
  }
  if (counts.updated > 0) {
    await conn.run(
      `UPDATE ${t.name} AS t SET ${data.map((col) => `${col.name} = s.${col.name}`).join(', ')}
       FROM ${stage} s WHERE ${on} AND (${differs})`,
    );
  }
  return counts;
}

/** Delete the rows with these keys (a scoped load's rows the batch no longer holds, the changed rows it replaces). */
async function deleteKeys(conn: DuckDBConnection, t: TableSpec, keys: Record<string, unknown>[]): Promise<number> {
  if (keys.length === 0) return 0;
  if (t.key.length === 1) {
    // One key column (games): the keys as a list, a statement per thousand, no table to stage them in.
    const k = t.key[0]!;
    let n = 0;
    for (let i = 0; i < keys.length; i += 1000) {
      const res = await conn.run(`DELETE FROM ${t.name} WHERE ${k} IN (${keys.slice(i, i + 1000).map((r) => sqlString(r[k] as string)).join(', ')})`);
      n += Number(res.rowsChanged);
    }
    return n;
  }
  const del = `delete_${t.name}`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${del} AS SELECT ${t.key.join(', ')} FROM ${t.name} LIMIT 0`);
  const ap = await conn.createAppender(del, 'main', 'temp');
  for (const k of keys) {
    for (const c of t.key) ap.appendVarchar(k[c] as string);
    ap.endRow();
  }
  ap.closeSync();
  const on = t.key.map((k) => `s.${k} = t.${k}`).join(' AND ');
  const res = await conn.run(`DELETE FROM ${t.name} AS t WHERE EXISTS (SELECT 1 FROM ${del} s WHERE ${on})`);
  await conn.run(`DROP TABLE ${del}`);
  return Number(res.rowsChanged);
}
