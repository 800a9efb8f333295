import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { plainValue, readAll, readColumns, readRows } from './duck.ts';

// readColumns reads BOOLEAN, INTEGER, DOUBLE and VARCHAR columns straight from a chunk's memory;
// it must give what node-api's own values give (plainValue of getColumnValues), NULLs included,
// across chunk boundaries (2,048 rows), for inline (≤ 12 bytes) and pointed-to strings, multi-byte
// UTF-8, -0, NaN, infinities and the INTEGER extremes; other types go through node-api unchanged.
test('readColumns / readAll: the values node-api gives, per type, NULLs and chunks included', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const words = ["'a'", "''", "'twelve bytes'", "'thirteen byte'", "'é'", "'ünïcödé long string ✓ with more than twelve bytes'", "'日本'", "'x''y'"];
    const sql = `SELECT
        i,
        CASE WHEN i % 7 = 0 THEN NULL ELSE i % 3 = 0 END AS b,
        CASE WHEN i % 5 = 0 THEN NULL WHEN i = 1 THEN 2147483647 WHEN i = 2 THEN -2147483648 ELSE (i * 37) % 1000 - 500 END::INTEGER AS n,
        CASE WHEN i % 11 = 0 THEN NULL WHEN i = 3 THEN '-0'::DOUBLE WHEN i = 4 THEN 'nan'::DOUBLE WHEN i = 5 THEN 'inf'::DOUBLE WHEN i = 6 THEN '-inf'::DOUBLE ELSE i / 7.0 END::DOUBLE AS d,
        CASE WHEN i % 13 = 0 THEN NULL ELSE [${words.join(', ')}][i % ${words.length} + 1] || CASE WHEN i % 2 = 0 THEN '' ELSE repeat('z', i % 20) END END AS s,
        i::BIGINT * 1000000000000 AS big,
        DATE '2020-01-01' + (i % 400)::INTEGER AS day
      FROM range(5000) t(i) ORDER BY i`;
    const expected: unknown[][] = [];
    for (const chunk of await (await conn.stream(sql)).fetchAllChunks()) {
      const cols = Array.from({ length: chunk.columnCount }, (_, c) => chunk.getColumnValues(c).map(plainValue));
      for (let r = 0; r < chunk.rowCount; r++) expected.push(cols.map((col) => col[r]));
    }
    assert.equal(expected.length, 5000);
    const { columns, data } = await readColumns(conn, sql);
    assert.deepEqual(columns, ['i', 'b', 'n', 'd', 's', 'big', 'day']);
    for (let c = 0; c < columns.length; c++) {
      assert.equal(data[c]!.length, 5000);
      for (let r = 0; r < 5000; r++) assert.ok(Object.is(data[c]![r], expected[r]![c]), `${columns[c]} row ${r}: ${String(data[c]![r])} vs ${String(expected[r]![c])}`);
    }
    // The cases the query is meant to hold are there.
    assert.ok(Object.is(data[3]![3], -0) && Number.isNaN(data[3]![4]) && data[3]![5] === Infinity && data[3]![0] === null);
    assert.equal(data[2]![1], 2147483647);
    assert.equal(data[2]![2], -2147483648);
    assert.ok((data[4] as string[]).some((s) => s?.startsWith('ünïcödé')) && (data[4] as string[]).some((s) => s === 'twelve bytes'));
    assert.equal(data[6]![0], '2020-01-01');
    const { rows } = await readAll(conn, sql);
    assert.deepEqual(rows, expected);
    assert.deepEqual(await readAll(conn, 'SELECT 1 AS x WHERE false'), { columns: ['x'], rows: [] });
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
});

// readRows builds row objects from the same chunk reads: every value as node-api gives it, the
// properties in column order, a NULL of an omitWhenNull column left out. The strings cover runs of
// pointed-to strings that are all ASCII (sliced from one decoded copy), runs mixing in multi-byte
// UTF-8 (decoded one by one), inline strings and NULLs between them, and chunk boundaries.
test('readRows: the rows node-api gives, in column order, omitted NULLs left out', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const sql = `SELECT
        'game_' || lpad(i::VARCHAR, 12, '0') AS id,
        CASE WHEN i % 9 = 0 THEN NULL WHEN i % 4 = 0 THEN 'short' WHEN i % 4 = 1 THEN 'naïve café au lait ' || i ELSE 'plain ascii text ' || i END AS s,
        CASE WHEN i % 3 = 0 THEN NULL ELSE i * 0.25 END::DOUBLE AS d,
        CASE WHEN i % 6 = 0 THEN NULL ELSE i END::INTEGER AS n,
        i % 2 = 0 AS b,
        CASE WHEN i % 5 = 0 THEN NULL ELSE 'opt ' || repeat('o', i % 15) END AS o,
        ['ab', 'abcdefgh', 'abcdefghijk', 'ä'][i % 4 + 1] || (i % 10)::VARCHAR AS k
      FROM range(4500) t(i) ORDER BY i`;
    const columns = [{ name: 'id' }, { name: 's' }, { name: 'd' }, { name: 'n', omitWhenNull: true }, { name: 'b' }, { name: 'o', omitWhenNull: true }, { name: 'k' }];
    const expected: Record<string, unknown>[] = [];
    for (const chunk of await (await conn.stream(sql)).fetchAllChunks()) {
      const cols = Array.from({ length: chunk.columnCount }, (_, c) => chunk.getColumnValues(c).map(plainValue));
      for (let r = 0; r < chunk.rowCount; r++) {
        const row: Record<string, unknown> = {};
        columns.forEach(({ name, omitWhenNull }, c) => {
          if (!(omitWhenNull && cols[c]![r] === null)) row[name] = cols[c]![r];
        });
        expected.push(row);
      }
    }
    const rows = await readRows(conn, sql, columns);
    assert.equal(rows.length, 4500);
    for (let r = 0; r < rows.length; r++) {
      assert.deepEqual(rows[r], expected[r], `row ${r}`);
      assert.deepEqual(Object.keys(rows[r]!), Object.keys(expected[r]!), `row ${r}: property order`);
    }
    // The cases the query is meant to hold are there.
    assert.equal(rows[1]!.s, 'naïve café au lait 1');
    assert.equal(rows[2]!.s, 'plain ascii text 2');
    assert.equal(rows[4]!.s, 'short');
    assert.equal(rows[4499]!.id, 'game_000000004499');
    // Short strings that differ only in their last inline byte stay apart (decoded once each).
    assert.deepEqual([rows[0]!.k, rows[1]!.k, rows[2]!.k, rows[3]!.k, rows[10]!.k], ['ab0', 'abcdefgh1', 'abcdefghijk2', 'ä3', 'abcdefghijk0']);
    assert.ok(!('n' in rows[0]!) && !('o' in rows[0]!) && rows[0]!.s === null && rows[0]!.d === null);
    await assert.rejects(readRows(conn, sql, columns.slice(1)), /7 result columns for 6 names/);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
});
