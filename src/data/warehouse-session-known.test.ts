// What a session's warehouse answers from memory instead of asking DuckDB (warehouse.ts): the
// next ingest id and each source's saved state. Both must be what the file says: ids continue
// the file's numbering (also when the session starts on a file with earlier loads), a refused
// load uses no id and leaves the state as it was, a load without a state keeps the saved one, and
// a plain warehouse opened after the session reads the same log and state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoadError, openWarehouse } from './warehouse.ts';
import { withWarehouseSession } from './warehouse-session.ts';
import { generateDemoLeague } from './sources/demo/league.ts';

const league = generateDemoLeague({ seasons: [2023, 2023], seed: 3 }).dataset;
const games = league.games;
const batch = (n: number) => ({ games: games.slice(0, n), lines: [], teamGames: [] });

test('a session answers the next ingest id and the saved source state as the file holds them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-known-'));
  const path = join(dir, 'wh.duckdb');
  try {
    const setup = await openWarehouse(path);
    assert.equal((await setup.load(batch(5), { source: 'demo', params: {}, state: { reveal: 'none' } })).ingestId, 1);
    await setup.close();
    await withWarehouseSession(async () => {
      const wh = await openWarehouse(path);
      assert.deepEqual(await wh.sourceState('demo'), { reveal: 'none' });
      assert.equal(await wh.sourceState('other'), undefined);
      assert.equal((await wh.load(batch(6), { source: 'demo', params: {}, state: { reveal: 1 } })).ingestId, 2);
      assert.deepEqual(await wh.sourceState('demo'), { reveal: 1 });
      // A refused load: no id used, the state as it was.
      const bad = { ...batch(7), games: [...games.slice(0, 6), { ...games[6]!, home_points: -3 }] };
      await assert.rejects(wh.load(bad, { source: 'demo', params: {}, state: { reveal: 2 } }), LoadError);
      assert.deepEqual(await wh.sourceState('demo'), { reveal: 1 });
      // A load without a state keeps the saved one; another source's state is its own.
      assert.equal((await wh.load(batch(7), { source: 'demo', params: {} })).ingestId, 3);
      assert.deepEqual(await wh.sourceState('demo'), { reveal: 1 });
      assert.equal((await wh.load(batch(7), { source: 'other', params: {}, state: [1, 2] })).ingestId, 4);
      assert.deepEqual(await wh.sourceState('other'), [1, 2]);
      // Every caller gets its own object.
      const s = (await wh.sourceState('demo')) as { reveal: number };
      s.reveal = 99;
      assert.deepEqual(await wh.sourceState('demo'), { reveal: 1 });
      await wh.close();
    });
    const after = await openWarehouse(path, { readOnly: true });
    assert.deepEqual(await after.sourceState('demo'), { reveal: 1 });
    assert.deepEqual(await after.sourceState('other'), [1, 2]);
    const log = await after.query('SELECT id, source, inserted FROM ingest_log ORDER BY id');
    assert.deepEqual(log.rows, [[1, 'demo', 5], [2, 'demo', 1], [3, 'demo', 1], [4, 'other', 0]]);
    await after.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
