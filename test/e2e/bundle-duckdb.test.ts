// What a command pays for DuckDB (scripts/bundle.mjs, src/data/warehouse/duck-api.ts): the
// bundled CLI runs DuckDB's JavaScript API from its own chunk, not the 181 CommonJS files of
// node_modules/@duckdb/node-api (only the native @duckdb/node-bindings loads from node_modules);
// a read-only open runs DuckDB on one thread; and a command that only reads leaves the
// warehouse file byte for byte as it was (no write, no checkpoint, no WAL left behind).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWarehouse } from '../../src/data/warehouse.ts';
import { REPO, tempDir } from '../helpers/tmp.ts';
import { runNode } from '../helpers/spawn.ts';

test('the bundled CLI reads the warehouse with DuckDB from the bundle, on one thread, and leaves the file unchanged', async () => {
  assert.ok(existsSync(join(REPO, 'dist', 'bundle', 'main.js')), 'npm ci / run-tests bundle the CLI');
  const dir = tempDir('edgelab-bundle-duckdb-');
  const file = join(dir, 'data', 'warehouse.duckdb');
  const wh = await openWarehouse(file);
  const game = { game_id: 'g1', season: 2023, season_type: 'regular', week: 1, start_date: '2023-09-07T20:00:00Z', neutral_site: false, conference_game: false, home_team: 'A', away_team: 'B', home_conference: null, away_conference: null, home_points: 20, away_points: 17, completed: true } as const;
  await wh.load({ games: [game] }, { source: 'test', params: {} });
  await wh.close();
  const before = readFileSync(file);
  // At exit, the CommonJS files this process loaded (one module cache, whoever required them).
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, "process.on('exit', () => process.stderr.write('CJS ' + JSON.stringify(Object.keys(require('node:module')._cache)) + '\\n'));\n");
  const cli = (...args: string[]) => runNode(['--require', probe, join(REPO, 'bin', 'edgelab.js'), '--project', dir, ...args]);

  // Read-only: the warehouse's own database (it is attached to the process's DuckDB instance,
  // warehouse/host.ts, whose access_mode is the instance's, not the file's).
  const r = await cli('data', 'query', "SELECT count(*) AS n, current_setting('threads') AS threads, (SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()) AS read_only FROM games");
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n').pop()!.trim().split(/\s+/), ['1', '1', 'true']);
  const cjs = JSON.parse(r.stderr.split('\n').find((l) => l.startsWith('CJS '))!.slice(4)) as string[];
  assert.ok(cjs.some((f) => f.includes(join('@duckdb', 'node-bindings'))), 'the native bindings load from node_modules');
  assert.deepEqual(cjs.filter((f) => f.includes(join('@duckdb', 'node-api'))), [], 'DuckDB’s JavaScript API comes from the bundle');

  const s = await cli('data', 'status', '--json');
  assert.equal(s.code, 0, s.stderr);
  assert.equal(JSON.parse(s.stdout).totals.games, 1);
  assert.ok(readFileSync(file).equals(before), 'reading commands leave the warehouse file as it was');
  assert.ok(!existsSync(`${file}.wal`));
});
