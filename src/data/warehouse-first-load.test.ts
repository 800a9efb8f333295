// A session's first load into a fresh warehouse appends its rows to the empty tables directly
// (warehouse.ts emptyImage) instead of staging them and joining them against empty tables, so the
// tables' physical order can differ from a plain warehouse's. What a load reports must not depend
// on it: the changed rows are listed in key order (upsert.ts diffAndUpdate), the same list, in the
// same order and cut at the same 200, in and outside a session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse, type LoadMeta } from './warehouse.ts';
import { withWarehouseSession } from './warehouse-session.ts';
import { generateDemoLeague, DEMO_ID_PREFIX } from './sources/demo/league.ts';
import { liveView, NOTHING_REVEALED } from './sources/demo/live.ts';

const { dataset: league } = generateDemoLeague({ seasons: [2023, 2023], seed: 5 });
const scoped: LoadMeta = { source: 'demo', params: {}, scope: { gameIdPrefix: DEMO_ID_PREFIX } };

test('a first load into an empty warehouse, in or outside a session: the same reports, changes in key order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-first-'));
  try {
    const first = liveView(league, 2023, NOTHING_REVEALED);
    // Seven weeks revealed: more than 200 changed games, so the cut at 200 shows the order too.
    const next = liveView(league, 2023, { regularWeek: 6, postseasonWeek: 0 });
    const plain = await openWarehouse(join(dir, 'plain.duckdb'));
    const reports = [await plain.load(first, scoped), await plain.load(next, scoped)];
    await plain.close();
    await withWarehouseSession(async () => {
      const wh = await openWarehouse(join(dir, 'session.duckdb'));
      const a = await wh.load(first, scoped);
      assert.equal(a.inserted, first.games!.length + first.lines!.length + first.teamGames!.length);
      assert.deepEqual({ ...a, ingestId: 0 }, { ...reports[0]!, ingestId: 0 });
      const b = await wh.load(next, scoped);
      assert.deepEqual(b, reports[1], 'the second load: the same report, changes in the same order');
      assert.equal(b.changes.length, 200);
      assert.ok(b.updated > 200, `${b.updated} changed rows`);
      const keys = b.changes.map((c) => c.key);
      assert.deepEqual(keys, [...keys].sort(), 'changes in key order');
      assert.deepEqual(JSON.stringify(await wh.readDataset()), JSON.stringify(await (await openWarehouse(join(dir, 'session.duckdb'))).readDataset()));
    });
    const again = await openWarehouse(join(dir, 'session.duckdb'));
    const other = await openWarehouse(join(dir, 'plain.duckdb'));
    assert.equal(JSON.stringify(await again.readDataset()), JSON.stringify(await other.readDataset()), 'the same tables on disk');
    await again.close();
    await other.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
