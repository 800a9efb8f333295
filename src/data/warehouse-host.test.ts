// Warehouses attached to the process's one DuckDB instance (warehouse/host.ts) behave as each
// had an instance of its own: the file is written out and unlocked when close() resolves,
// another process's lock is "busy", a warehouse sees only its own tables, the same file (or the
// same catalog name) twice at once works, and a scan's threads do not outlive its warehouse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCommand } from '../../test/helpers/spawn.ts';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse } from './warehouse.ts';
import { cores } from '../util/cores.ts';
import type { Game } from './schema.ts';

const api = createRequire(import.meta.url).resolve('@duckdb/node-api');
// A process's first open gets an instance of its own (warehouse/host.ts): this one, when no file
// before this one in the process opened a warehouse, so that the tests' opens are attachments.
await (await openWarehouse(':memory:')).close();

const game = (id: string, season: number): Game => ({
  game_id: id,
  season,
  season_type: 'regular',
  week: 1,
  start_date: `${season}-09-02T19:30:00Z`,
  neutral_site: false,
  conference_game: true,
  home_team: 'Ashford',
  away_team: 'Bellmont',
  home_conference: 'A',
  away_conference: 'A',
  home_points: 24,
  away_points: 17,
  completed: true,
  home_rest: null,
  away_rest: 7,
});
const meta = { source: 'test', params: {} };

/**
 * Another process opening `path` for writing with DuckDB: `hold` keeps it open until its stdin
 * closes (resolves once it holds the lock), else it opens, closes and exits. Resolves with the
 * exit code (0: it could open the file for writing) and its error output.
 */
function otherProcess(path: string, hold: boolean): { ready: Promise<void>; exit: Promise<{ code: number | null; err: string }>; release: () => void } {
  let release = () => {};
  const released = hold ? new Promise<void>((res) => (release = res)) : Promise.resolve();
  let onReady = () => {};
  const readySeen = new Promise<void>((res) => (onReady = res));
  // Through the test launcher when this process is big (test/helpers/spawn.ts): a fork of it costs it page faults.
  const exit = runCommand(
    process.execPath,
    [
      '-e',
      `const { DuckDBInstance } = require(${JSON.stringify(api)});
       DuckDBInstance.create(${JSON.stringify(path)}).then((inst) => {
         if (!${hold}) return inst.closeSync();
         process.stdout.write('ready\\n');
         process.stdin.on('end', () => inst.closeSync()).resume();
       }, (e) => { console.error(e.message); process.exitCode = 3; });`,
    ],
    { env: process.env, cwd: process.cwd(), stdinUntil: released, onStdout: (d) => d.includes('ready') && onReady() },
  ).then((r) => ({ code: r.code, err: r.stderr }));
  const ready = new Promise<void>((res, rej) => {
    void readySeen.then(res);
    void exit.then((r) => rej(new Error(`the other process ended (${r.code}): ${r.err}`)));
  });
  ready.catch(() => {}); // (awaited only when holding)
  return { ready, exit, release };
}

test('close() resolves with the file written out (no .wal) and unlocked: another process opens it for writing at once; its lock is "busy" here', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-host-'));
  try {
    const path = join(dir, 'wh.duckdb');
    const wh = await openWarehouse(path);
    await wh.load({ games: [game('g1', 2024)] }, meta);
    assert.ok(existsSync(`${path}.wal`), 'the load is in the write-ahead log while the warehouse is open');
    await wh.close();
    assert.deepEqual(readdirSync(dir), ['wh.duckdb'], 'checkpointed: no .wal left behind');
    const opened = await otherProcess(path, false).exit;
    assert.equal(opened.code, 0, opened.err);

    const holder = otherProcess(path, true);
    try {
      await holder.ready;
      await assert.rejects(openWarehouse(path), /warehouse .*wh\.duckdb is busy: another process has it open for writing/);
      await assert.rejects(openWarehouse(path, { readOnly: true }), /warehouse .*wh\.duckdb is busy: another process has it open for writing/);
    } finally {
      holder.release();
    }
    assert.equal((await holder.exit).code, 0);
    // Refused attachments leave nothing behind: the file opens again once the other process is gone.
    const again = await openWarehouse(path, { readOnly: true });
    assert.equal((await again.readDataset()).games.length, 1);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('warehouses open at once each see their own tables only; the same file twice and two files of one name both work', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-host-'));
  try {
    mkdirSync(join(dir, 'b'));
    const a = await openWarehouse(join(dir, 'warehouse.duckdb'));
    const b = await openWarehouse(join(dir, 'b', 'warehouse.duckdb'));
    const m = await openWarehouse(':memory:');
    await a.load({ games: [game('a1', 2023), game('a2', 2024)] }, meta);
    await b.load({ games: [game('b1', 2024)] }, meta);
    // The catalog has the name DuckDB gives the file opened alone (user SQL may qualify with it).
    assert.deepEqual((await a.query('SELECT current_database()')).rows, [['warehouse']]);
    assert.deepEqual((await a.status()).totals, { games: 2, lines: 0, team_game: 0 });
    assert.deepEqual((await b.status()).totals, { games: 1, lines: 0, team_game: 0 });
    assert.deepEqual((await m.status()).totals, { games: 0, lines: 0, team_game: 0 });
    assert.deepEqual((await b.readDataset()).games.map((g) => g.game_id), ['b1']);
    // The same file opened again while open (read-only beside the writable one).
    const a2 = await openWarehouse(join(dir, '.', 'warehouse.duckdb'), { readOnly: true });
    assert.deepEqual((await a2.readDataset()).games.map((g) => g.game_id), ['a1', 'a2']);
    await a2.close();
    assert.deepEqual((await a.readDataset({ seasons: [2024] })).games.map((g) => g.game_id), ['a2'], 'closing the second open leaves the first');
    for (const wh of [a, b, m]) await wh.close();
    for (const [file, n] of [[join(dir, 'warehouse.duckdb'), 2], [join(dir, 'b', 'warehouse.duckdb'), 1]] as const) {
      const ro = await openWarehouse(file, { readOnly: true });
      assert.equal((await ro.readDataset()).games.length, n, file);
      await ro.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a scan's threads last until its warehouse closes", async () => {
  const pinned = process.env.EDGELAB_DUCKDB_THREADS;
  delete process.env.EDGELAB_DUCKDB_THREADS;
  const threads = async (wh: Awaited<ReturnType<typeof openWarehouse>>) => Number((await wh.query(`SELECT current_setting('threads')`)).rows[0]![0]);
  try {
    const scan = await openWarehouse(':memory:');
    await scan.scanWithAllCores();
    assert.equal(await threads(scan), cores());
    await scan.close();
    const next = await openWarehouse(':memory:');
    assert.equal(await threads(next), 1);
    await next.close();
  } finally {
    if (pinned !== undefined) process.env.EDGELAB_DUCKDB_THREADS = pinned;
  }
});
