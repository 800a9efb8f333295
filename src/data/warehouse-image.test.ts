// A session's warehouse answers reads from what its loads wrote (warehouse/table-image.ts) and
// stages only changed rows: every load report and every read must equal those of a warehouse
// outside a session, which stages whole batches and reads DuckDB back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse, type DatasetFilter, type LoadMeta, type LoadReport, type Warehouse } from './warehouse.ts';
import { withWarehouseSession } from './warehouse-session.ts';
import { generateDemoLeague, DEMO_ID_PREFIX } from './sources/demo/league.ts';
import { liveView, ALL_REVEALED, NOTHING_REVEALED } from './sources/demo/live.ts';
import type { Dataset, Game } from './schema.ts';

// A part of one demo season: the games among the teams of its first 30 games, and of the games
// whose statistics hold a -0 (the edge case the -0 step below is about): 100-odd games over every
// week, postseason included, instead of 828. The session and the plain warehouse must agree
// whatever the size; the full season only made each load and read slower (≈ 3 s of CPU).
const full = generateDemoLeague({ seasons: [2023, 2023], seed: 11 }).dataset;
const negZero = new Set(full.teamGames.filter((t) => Object.is(t.epa_per_play, -0)).map((t) => t.game_id));
const teams = new Set(full.games.filter((g, i) => i < 30 || negZero.has(g.game_id)).flatMap((g) => [g.home_team, g.away_team]));
const kept = new Set(full.games.filter((g) => teams.has(g.home_team) && teams.has(g.away_team)).map((g) => g.game_id));
const league: Dataset = {
  games: full.games.filter((g) => kept.has(g.game_id)),
  lines: full.lines.filter((l) => kept.has(l.game_id)),
  teamGames: full.teamGames.filter((t) => kept.has(t.game_id)),
};
const scoped: LoadMeta = { source: 'demo', params: {}, scope: { gameIdPrefix: DEMO_ID_PREFIX } };
const game = (id: string, over: Partial<Game>): Game => ({ ...league.games[0]!, game_id: id, ...over });

// The demo's weekly reveal, a game dropped from the scope, changed values, then rows of another
// source (not in the scope; one NFL game, team names outside ASCII) loaded beside it.
const steps: [Partial<Dataset>, LoadMeta][] = [
  [liveView(league, 2023, NOTHING_REVEALED), scoped],
  [liveView(league, 2023, { regularWeek: 0, postseasonWeek: 0 }), scoped],
  [liveView(league, 2023, { regularWeek: 3, postseasonWeek: 0 }), scoped],
  [{ ...league, games: league.games.slice(1), lines: league.lines.filter((l) => l.game_id !== league.games[0]!.game_id), teamGames: league.teamGames.filter((t) => t.game_id !== league.games[0]!.game_id) }, scoped],
  [{ ...league, games: league.games.map((g, i) => (i % 97 === 5 ? { ...g, home_points: (g.home_points ?? 0) + 3 } : g)) }, scoped],
  // -0 in a DOUBLE: DuckDB keeps it, and a 0 loaded over it is no change (the -0 stays).
  [{ ...league, teamGames: league.teamGames.map((t, i) => (i < 3 ? { ...t, yards_per_play: -0 } : Object.is(t.epa_per_play, -0) ? { ...t, epa_per_play: 0 } : t)) }, scoped],
  [{ games: [game('x_2', { home_team: 'Zürich', sport: 'nfl' }), game('x_10', { home_team: 'Åland', home_points: null, away_points: null, completed: false })], lines: [], teamGames: [] }, { source: 'other', params: {} }],
  [liveView(league, 2023, ALL_REVEALED), scoped],
];
const filters: DatasetFilter[] = [{}, { seasons: [2023] }, { seasons: [] }, { sport: 'cfb' }, { sport: 'nfl' }, { seasons: [2023], sport: 'cfb' }, { seasons: [2024] }];

const comparable = (r: LoadReport) => ({ ...r, changes: r.changes.map((c) => JSON.stringify(c)).sort() });
const image = (wh: Warehouse) => (wh as unknown as { image: unknown }).image;

test('a session warehouse loads and reads from its image exactly as a plain one does from DuckDB', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-image-'));
  try {
    const plain = await openWarehouse(join(dir, 'plain.duckdb'));
    await withWarehouseSession(async () => {
      const wh = await openWarehouse(join(dir, 'session.duckdb'));
      for (const [i, [batch, meta]] of steps.entries()) {
        const [a, b] = [await wh.load(batch, meta), await plain.load(batch, meta)];
        assert.deepEqual(comparable(a), comparable(b), `load ${i}: the same report`);
        assert.ok(image(wh), `load ${i}: the session knows its tables`);
        // Every filter once the other source's rows are in; the whole warehouse after every load.
        for (const f of i >= 5 ? filters : [{}]) {
          // JSON text: the same rows, in the same order, with the same properties in the same order.
          const [x, y] = [await wh.readDataset(f), await plain.readDataset(f)];
          assert.equal(JSON.stringify(x), JSON.stringify(y), `load ${i}, filter ${JSON.stringify(f)}`);
          assert.deepEqual(x, y, `load ${i}, filter ${JSON.stringify(f)}: -0 stays -0`);
        }
      }
      assert.ok(comparable(await wh.load(steps[4]![0], scoped)).updated > 0, 'a load after another source still upserts its changes');
      await plain.load(steps[4]![0], scoped);
      assert.equal(JSON.stringify(await wh.readDataset()), JSON.stringify(await plain.readDataset()));
    });
    await plain.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('what an image cannot mirror exactly (a string with surrogates) is read from DuckDB', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-image-'));
  try {
    await withWarehouseSession(async () => {
      const wh = await openWarehouse(join(dir, 'session.duckdb'));
      await wh.load(liveView(league, 2023, NOTHING_REVEALED), scoped);
      assert.ok(image(wh));
      // '𝔸' sorts before 'ￚ' in UTF-16 but after it in DuckDB's UTF-8 byte order.
      await wh.load({ games: [game('y_\u{1D538}', {}), game('y_\uFFDA', {})], lines: [], teamGames: [] }, { source: 'other', params: {} });
      assert.equal(image(wh), null);
      assert.deepEqual((await wh.readDataset()).games.slice(-2).map((g) => g.game_id), ['y_\uFFDA', 'y_\u{1D538}']);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
