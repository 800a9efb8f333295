import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse, LoadError } from './warehouse.ts';
import type { Dataset, Game, Line, TeamGame } from './schema.ts';
import { createTableSql, GAMES, LINES } from './warehouse/tables.ts';

function game(id: string, week: number, home: string, away: string, hp: number | null, ap: number | null): Game {
  return {
    game_id: id,
    season: 2024,
    season_type: 'regular',
    week,
    start_date: `2024-09-${String(week + 1).padStart(2, '0')}T19:30:00Z`,
    neutral_site: false,
    conference_game: true,
    home_team: home,
    away_team: away,
    home_conference: 'A',
    away_conference: 'A',
    home_points: hp,
    away_points: ap,
    completed: hp !== null,
    home_rest: null,
    away_rest: 7,
  };
}
const line = (id: string, spread: number): Line => ({
  game_id: id,
  provider: 'consensus',
  spread,
  spread_open: spread + 0.5,
  total: 55.5,
  total_open: null,
  home_moneyline: -150,
  away_moneyline: 130,
  spread_price_home: -110,
  spread_price_away: -110,
  captured_at: null,
});
const tg = (id: string, team: string, opp: string, home: boolean, pts: number): TeamGame => ({
  game_id: id,
  team,
  opponent: opp,
  is_home: home,
  points: pts,
  plays: 70,
  drives: 12,
  yards_per_play: 5.5,
  success_rate: 0.44,
  epa_per_play: 0.05,
  explosiveness: 1.2,
  rush_yards_per_play: 4.4,
  pass_yards_per_play: null,
  points_per_drive: pts / 12,
});

function sample(): Dataset {
  return {
    games: [game('g1', 1, 'Ashford', 'Bellmont', 24, 17), game('g2', 1, 'Carrow', 'Dunmore', 10, 31), game('g3', 2, 'Ashford', 'Carrow', null, null)],
    lines: [line('g1', -3.5), line('g2', 7)],
    teamGames: [tg('g1', 'Ashford', 'Bellmont', true, 24), tg('g1', 'Bellmont', 'Ashford', false, 17)],
  };
}

const meta = { source: 'test', params: { file: 'x.csv' } };

test('load then readDataset round-trips every row exactly', async () => {
  const wh = await openWarehouse(':memory:');
  const d = sample();
  const r = await wh.load(d, meta);
  assert.deepEqual(r.tables.games, { inserted: 3, updated: 0, unchanged: 0, deleted: 0 });
  assert.deepEqual(r.tables.lines, { inserted: 2, updated: 0, unchanged: 0, deleted: 0 });
  assert.equal(r.inserted, 7);
  const back = await wh.readDataset();
  assert.deepEqual(back, d);
  assert.deepEqual((await wh.readDataset({ seasons: [2023] })).games, []);
  await wh.close();
});

test('loading the same data twice changes nothing', async () => {
  const wh = await openWarehouse(':memory:');
  await wh.load(sample(), meta);
  const fp = await wh.seasonFingerprint(2024);
  const r = await wh.load(sample(), meta);
  assert.equal(r.inserted, 0);
  assert.equal(r.updated, 0);
  assert.equal(r.unchanged, 7);
  assert.deepEqual(r.changes, []);
  assert.equal(await wh.seasonFingerprint(2024), fp);
  const log = await wh.query('SELECT id, source, inserted, updated, unchanged FROM ingest_log ORDER BY id');
  assert.deepEqual(log.rows, [
    [1, 'test', 7, 0, 0],
    [2, 'test', 0, 0, 7],
  ]);
  await wh.close();
});

test('a corrected score updates that game only and is logged', async () => {
  const wh = await openWarehouse(':memory:');
  await wh.load(sample(), meta);
  const fp = await wh.seasonFingerprint(2024);
  const d = sample();
  d.games[1]!.home_points = 13;
  const r = await wh.load({ games: d.games }, { source: 'fix', params: null });
  assert.deepEqual(r.tables.games, { inserted: 0, updated: 1, unchanged: 2, deleted: 0 });
  assert.deepEqual(r.changes, [{ table: 'games', key: 'game_id=g2', fields: { home_points: [10, 13] } }]);
  const back = await wh.readDataset();
  assert.equal(back.games.find((g) => g.game_id === 'g2')!.home_points, 13);
  assert.equal(back.lines.length, 2, 'a partial load leaves other tables alone');
  assert.notEqual(await wh.seasonFingerprint(2024), fp);
  const log = await wh.query("SELECT changes FROM ingest_log WHERE source = 'fix'");
  assert.deepEqual(JSON.parse(log.rows[0]![0] as string), r.changes);
  await wh.close();
});

test('a bad row rolls the whole load back and names table, key and field', async () => {
  const wh = await openWarehouse(':memory:');
  await wh.load(sample(), meta);
  const before = await wh.readDataset();
  const d = sample();
  d.games[0]!.home_points = 99; // a valid change that must not survive
  d.games.push(game('g4', 3, 'Dunmore', 'Bellmont', -3, 7));
  await assert.rejects(wh.load(d, meta), (e: unknown) => {
    assert.ok(e instanceof LoadError);
    assert.equal(e.message, 'load refused, nothing changed: table games, key game_id=g4, field home_points: points cannot be negative (got -3)');
    return true;
  });
  const cases: [Partial<Dataset>, RegExp][] = [
    [{ lines: [line('nope', 3)] }, /table lines, key game_id=nope, provider=consensus, field game_id: refers to unknown game nope/],
    [{ games: [{ ...game('g5', 1, 'X', 'X', 1, 2) }] }, /table games, key game_id=g5, field away_team: a team cannot play itself/],
    [{ games: [{ ...game('g5', 1, 'X', 'Y', 1, 2), season_type: 'bowl' as 'regular' }] }, /key game_id=g5, field season_type: must be regular or postseason/],
    [{ games: [game('g1', 1, 'X', 'Y', 1, 2), game('g1', 1, 'X', 'Y', 1, 2)] }, /key game_id=g1, field game_id: duplicate key within the batch/],
    [{ teamGames: [{ ...tg('g1', 'Ashford', 'Bellmont', true, 24), plays: 70.5 }] }, /table team_game, key game_id=g1, team=Ashford, field plays: must be an integer/],
    [{ lines: [{ ...line('g1', 3), spread_price_home: null as unknown as number }] }, /field spread_price_home: is required but missing/],
    [{ games: [{ ...game('g6', 1, 'X', 'Y', 1, 2), start_date: 'soon' }] }, /key game_id=g6, field start_date: not an ISO date-time/],
  ];
  for (const [batch, msg] of cases) await assert.rejects(wh.load(batch, meta), msg);
  assert.deepEqual(await wh.readDataset(), before);
  assert.equal((await wh.query('SELECT COUNT(*) FROM ingest_log')).rows[0]![0], 1);
  await wh.close();
});

test('a scoped load deletes rows of its scope that the batch no longer has', async () => {
  const wh = await openWarehouse(':memory:');
  await wh.load(sample(), { ...meta, scope: { gameIdPrefix: 'g' } });
  const d = sample();
  d.games.pop();
  d.lines.pop();
  const r = await wh.load(d, { ...meta, scope: { gameIdPrefix: 'g' } });
  assert.equal(r.tables.games.deleted, 1);
  assert.equal(r.tables.lines.deleted, 1);
  assert.deepEqual((await wh.readDataset()).games.map((g) => g.game_id), ['g1', 'g2']);
  await wh.close();
});

test('query runs SELECT and refuses every statement that could write', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-'));
  try {
    const path = join(dir, 'w.duckdb');
    const wh = await openWarehouse(path);
    await wh.load(sample(), meta);
    const r = await wh.query('SELECT home_team, home_points FROM games WHERE completed ORDER BY game_id');
    assert.deepEqual(r, { columns: ['home_team', 'home_points'], rows: [['Ashford', 24], ['Carrow', 10]] });
    for (const sql of [
      "INSERT INTO games SELECT * FROM games",
      'DELETE FROM games',
      "UPDATE games SET home_points = 0",
      'DROP TABLE games',
      'CREATE TABLE x (a INTEGER)',
      `COPY games TO '${join(dir, 'x.csv')}'`,
      'SELECT 1; DELETE FROM games',
      'EXPLAIN ANALYZE DELETE FROM games',
      "ATTACH ':memory:' AS other",
    ])
      await assert.rejects(wh.query(sql), /query( refused|: give exactly one statement)/, sql);
    assert.equal((await wh.query('SELECT COUNT(*) AS n FROM games')).rows[0]![0], 3);
    await wh.close();
    const ro = await openWarehouse(path, { readOnly: true });
    assert.equal((await ro.query('SELECT COUNT(*) FROM lines')).rows[0]![0], 2);
    await assert.rejects(ro.load(sample(), meta), /open read-only/);
    await ro.close();
    await assert.rejects(openWarehouse(join(dir, 'none.duckdb'), { readOnly: true }), /no warehouse at .*none\.duckdb/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('status counts seasons, lines and the last ingest per source', async () => {
  const wh = await openWarehouse(':memory:');
  await wh.load(sample(), meta);
  await wh.load(sample(), { source: 'again', params: {} });
  const s = await wh.status();
  assert.deepEqual(s.seasons, [{ season: 2024, season_type: 'regular', weeks: 2, games: 3, completed: 2, with_lines: 2, team_game_rows: 2 }]);
  assert.deepEqual(s.totals, { games: 3, lines: 2, team_game: 2 });
  assert.deepEqual(s.lastIngest.map((i) => [i.source, i.id, i.inserted, i.unchanged]), [['again', 2, 0, 7], ['test', 1, 7, 0]]);
  await wh.close();
});

test('a warehouse written before the pass/rush split columns keeps loading: read-only reads them empty, a writable open adds them; fingerprints stay', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wh-migrate-'));
  try {
    const path = join(dir, 'old.duckdb');
    // The team_game table as the previous version created it (no split columns) with one row.
    // require, not import(): import() of this CommonJS package scans its sources for named exports (≈ 0.3 s of CPU).
    const { DuckDBInstance } = createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(path);
    const conn = await inst.connect();
    await conn.run(createTableSql(GAMES));
    await conn.run(createTableSql(LINES));
    await conn.run(`INSERT INTO games VALUES ('g1', 2024, 'regular', 1, '2024-09-02T19:30:00Z', false, true, 'Ashford', 'Bellmont', 'A', 'A', 24, 17, true, NULL, 7, NULL)`);
    await conn.run(`CREATE TABLE team_game (game_id VARCHAR NOT NULL, team VARCHAR NOT NULL, opponent VARCHAR NOT NULL, is_home BOOLEAN NOT NULL,
      points INTEGER, plays INTEGER, drives INTEGER, yards_per_play DOUBLE, success_rate DOUBLE, epa_per_play DOUBLE, explosiveness DOUBLE,
      rush_yards_per_play DOUBLE, pass_yards_per_play DOUBLE, points_per_drive DOUBLE, PRIMARY KEY (game_id, team))`);
    await conn.run(`INSERT INTO team_game VALUES ('g1', 'Ashford', 'Bellmont', true, 24, 70, 12, 5.5, 0.44, 0.05, 1.2, 4.4, NULL, 2.0)`);
    conn.closeSync();
    inst.closeSync();

    const ro = await openWarehouse(path, { readOnly: true });
    const before = await ro.readDataset();
    const fpBefore = await ro.seasonFingerprint(2024);
    await ro.close();
    const old = { ...tg('g1', 'Ashford', 'Bellmont', true, 24), points_per_drive: 2 };
    assert.deepEqual(before.teamGames, [old]);

    const wh = await openWarehouse(path);
    try {
      assert.equal(await wh.seasonFingerprint(2024), fpBefore, 'the same rows hash the same after the columns are added');
      const cols = (await wh.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'team_game' ORDER BY ordinal_position`)).rows.map((r) => r[0]);
      assert.deepEqual(cols.slice(-5), ['pass_epa_per_play', 'rush_epa_per_play', 'pass_success_rate', 'rush_success_rate', 'explosive_play_rate']);
      const split = { ...tg('g1', 'Bellmont', 'Ashford', false, 17), pass_epa_per_play: 0.12, rush_epa_per_play: -0.08, pass_success_rate: 0.5, rush_success_rate: 0.4, explosive_play_rate: 0.1 };
      const r = await wh.load({ teamGames: [old, split] }, meta);
      assert.deepEqual([r.inserted, r.updated, r.unchanged], [1, 0, 1]);
      assert.deepEqual((await wh.readDataset()).teamGames, [old, split]);
      assert.notEqual(await wh.seasonFingerprint(2024), fpBefore);
    } finally {
      await wh.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
