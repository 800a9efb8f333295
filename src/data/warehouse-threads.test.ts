// DuckDB's threads: the warehouse's own small queries run on one thread (less CPU per command);
// a scan of a user's large file asks for one per core; EDGELAB_DUCKDB_THREADS pins both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openWarehouse } from './warehouse.ts';
import { cores } from '../util/cores.ts';

const threads = async (wh: Awaited<ReturnType<typeof openWarehouse>>) => Number((await wh.query(`SELECT current_setting('threads')`)).rows[0]![0]);

test('one thread at open; one per core for a scan; the environment pins it', async () => {
  const pinned = process.env.EDGELAB_DUCKDB_THREADS;
  delete process.env.EDGELAB_DUCKDB_THREADS;
  try {
    const wh = await openWarehouse(':memory:');
    try {
      assert.equal(await threads(wh), 1);
      await wh.scanWithAllCores();
      assert.equal(await threads(wh), cores());
    } finally {
      await wh.close();
    }
    process.env.EDGELAB_DUCKDB_THREADS = '3';
    const pinnedWh = await openWarehouse(':memory:');
    try {
      assert.equal(await threads(pinnedWh), 3);
      await pinnedWh.scanWithAllCores();
      assert.equal(await threads(pinnedWh), 3);
    } finally {
      await pinnedWh.close();
    }
  } finally {
    if (pinned === undefined) delete process.env.EDGELAB_DUCKDB_THREADS;
    else process.env.EDGELAB_DUCKDB_THREADS = pinned;
  }
});
