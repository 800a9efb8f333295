import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse } from './warehouse.ts';
import { withWarehouseSession } from './warehouse-session.ts';
import { generateDemoLeague } from './sources/demo/league.ts';

// Two demo seasons cut to the games among the teams of the first 20 (≈ 190 of 1,656 games, both
// seasons, lines and statistics): what a session shares and when it reads again does not depend
// on how many rows there are; the whole league only made each load slower.
const full = generateDemoLeague({ seasons: [2023, 2024], seed: 7 }).dataset;
const teams = new Set(full.games.slice(0, 20).flatMap((g) => [g.home_team, g.away_team]));
const kept = new Set(full.games.filter((g) => teams.has(g.home_team) && teams.has(g.away_team)).map((g) => g.game_id));
const league = {
  games: full.games.filter((g) => kept.has(g.game_id)),
  lines: full.lines.filter((l) => kept.has(l.game_id)),
  teamGames: full.teamGames.filter((t) => kept.has(t.game_id)),
};
const season2023 = { games: league.games.filter((g) => g.season === 2023), lines: [], teamGames: [] };

test('warehouse session: one instance per file, close() keeps it open, reads served once per load, closed at the end', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-session-'));
  const path = join(dir, 'wh.duckdb');
  try {
    let held: Awaited<ReturnType<typeof openWarehouse>> | undefined;
    await withWarehouseSession(async () => {
      const a = await openWarehouse(path);
      await a.load(season2023, { source: 'test', params: {} });
      await a.close();
      // Read-only requests get the writable instance already open (same file, other spelling).
      const b = await openWarehouse(join(dir, '.', 'wh.duckdb'), { readOnly: true });
      assert.equal(b, a);
      const first = await b.readDataset();
      assert.equal(first.games.length, season2023.games.length);
      const again = await b.readDataset();
      assert.notEqual(again.games, first.games, 'fresh arrays for every caller');
      assert.equal(again.games[0], first.games[0], 'the rows themselves are not read again');
      assert.ok(Object.isFrozen(first.games[0]), 'shared rows cannot be changed by one caller');
      first.games.push(first.games[0]!);
      assert.equal((await b.readDataset()).games.length, season2023.games.length, 'a caller pushing to its array changes nothing for others');
      // A load invalidates what was read.
      await a.load({ games: league.games, lines: league.lines, teamGames: league.teamGames }, { source: 'test', params: {} });
      assert.equal((await b.readDataset()).games.length, league.games.length);
      assert.equal((await b.readDataset({ seasons: [2024] })).games.length, league.games.filter((g) => g.season === 2024).length);
      held = a;
    });
    // The session closed it: the file can be opened by another instance (DuckDB locks it while open).
    await assert.rejects(held!.readDataset(), 'the session closed its instance');
    const other = await openWarehouse(path, { readOnly: true });
    assert.equal((await other.readDataset()).games.length, league.games.length);
    await other.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('warehouse session: a read-only instance is replaced by a writable one when a write is needed; no session, no sharing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-session-'));
  const path = join(dir, 'wh.duckdb');
  try {
    const setup = await openWarehouse(path);
    await setup.load(season2023, { source: 'test', params: {} });
    await setup.close();
    await withWarehouseSession(async () => {
      const ro = await openWarehouse(path, { readOnly: true });
      assert.equal(ro.readOnly, true);
      const rw = await openWarehouse(path);
      assert.equal(rw.readOnly, false);
      assert.notEqual(rw, ro);
      await assert.rejects(ro.readDataset(), 'the read-only instance was closed for the writable one');
      assert.equal(await openWarehouse(path, { readOnly: true }), rw);
    });
    const x = await openWarehouse(path, { readOnly: true });
    const y = await openWarehouse(path, { readOnly: true });
    assert.notEqual(x, y, 'outside a session every open is its own instance');
    await x.close();
    await y.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('warehouse session: once every row was read, a filtered read is served from those rows — the rows DuckDB returns for the filter, in its order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-session-'));
  const path = join(dir, 'wh.duckdb');
  try {
    // Two sports in one file: every other 2024 game is an NFL game (the sport filter), the rest have none (read as cfb).
    const games = league.games.map((g, i) => (g.season === 2024 && i % 2 === 0 ? { ...g, sport: 'nfl' as const } : g));
    const setup = await openWarehouse(path);
    await setup.load({ games, lines: league.lines, teamGames: league.teamGames }, { source: 'test', params: {} });
    await setup.close();
    const filters = [{ seasons: [2024] }, { seasons: [2023, 2024] }, { seasons: [] }, { sport: 'cfb' as const }, { sport: 'nfl' as const }, { seasons: [2024], sport: 'cfb' as const }];
    const direct = await openWarehouse(path, { readOnly: true });
    const expected: Awaited<ReturnType<typeof direct.readDataset>>[] = [];
    for (const f of filters) expected.push(await direct.readDataset(f));
    await direct.close();
    assert.ok(expected[4]!.games.length > 0 && expected[4]!.lines.length > 0 && expected[0]!.teamGames.length > 0, 'the filters select rows');
    await withWarehouseSession(async () => {
      const wh = await openWarehouse(path, { readOnly: true });
      const all = await wh.readDataset();
      const rowsOfAll = new Set<object>([...all.games, ...all.lines, ...all.teamGames]);
      for (const [i, f] of filters.entries()) {
        const got = await wh.readDataset(f);
        assert.deepEqual(got, expected[i], `filter ${JSON.stringify(f)}: the rows DuckDB reads, in its order`);
        for (const r of [...got.games, ...got.lines, ...got.teamGames]) assert.ok(rowsOfAll.has(r), `filter ${JSON.stringify(f)}: served from the rows already read`);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
