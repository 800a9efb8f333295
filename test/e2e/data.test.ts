import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse } from '../../src/data/warehouse.ts';
import { cliInProcess } from '../helpers/cli-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'edgelab-data-e2e-'));
// The CLI in this process (test/helpers/cli-in-process.ts): a process start per command adds
// nothing here (test/e2e/cli.test.ts runs the real bin/edgelab.js).
const cli = async (...args: string[]) => {
  const r = await cliInProcess(['--project', dir, ...args]);
  return { code: r.code, out: r.stdout, err: r.stderr };
};

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('data demo, reveal, status, query, validate through the real CLI', async () => {
  let r = await cli('data', 'status');
  assert.equal(r.code, 1);
  assert.match(r.err, /error: no warehouse at .*warehouse\.duckdb: load data first/);

  r = await cli('data', 'demo', '--seasons', '2023-2024', '--seed', '5', '--live-season', '2024', '--json');
  assert.equal(r.code, 0, r.err);
  const first = JSON.parse(r.out);
  assert.deepEqual(first.state, { seasons: [2023, 2024], seed: 5, liveSeason: 2024, reveal: { regularWeek: -1, postseasonWeek: 0 } });
  assert.ok(first.load.inserted > 3000);

  r = await cli('data', 'demo', '--reveal-week', '3');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /live season 2024 revealed through 3/);
  assert.match(r.out, /0 inserted|\d+ inserted, \d+ updated/);

  r = await cli('data', 'status', '--json');
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(r.out);
  const live = s.seasons.find((x: { season: number; season_type: string }) => x.season === 2024 && x.season_type === 'regular');
  const weeksUpTo3 = JSON.parse((await cli('data', 'query', "SELECT COUNT(*) AS n FROM games WHERE season = 2024 AND week <= 3", '--json')).out)[0].n;
  assert.equal(live.completed, weeksUpTo3);
  assert.deepEqual(s.lastIngest.map((i: { source: string }) => i.source), ['demo']);

  r = await cli('data', 'query', "SELECT season, COUNT(*) AS games FROM games GROUP BY season ORDER BY season", '--csv');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^season,games\n2023,\d+\n2024,780\n$/);

  r = await cli('data', 'query', 'DELETE FROM games');
  assert.equal(r.code, 1);
  assert.match(r.err, /query refused: DELETE statements may change the warehouse/);

  r = await cli('validate', '--season', '2023', '--week', '8');
  assert.equal(r.code, 0, r.err + r.out);
  const file = join(dir, 'artifacts', 'validation', 'data_quality', '2023', 'week08_validation.json');
  assert.ok(existsSync(file));
  const report = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(report.season, 2023);
  assert.equal(report.week, 8);
  assert.ok(['pass', 'warn'].includes(report.status));
  assert.equal(report.checks.length, 13);
  assert.ok(report.checks.some((c: { id: string }) => c.id === 'week_order'));

  r = await cli('validate', '--season', '2023', '--json');
  assert.equal(r.code, 0, r.err);
  const all = JSON.parse(r.out);
  assert.ok(all.reports.some((x: { season_type: string }) => x.season_type === 'postseason'));
  assert.ok(existsSync(join(dir, 'artifacts', 'validation', 'data_quality', '2023', 'postseason_week02_validation.json')));

  // An implausible score loads (it is possible) but fails validation: exit 1.
  const wh = await openWarehouse(join(dir, 'data', 'warehouse.duckdb'));
  const d = await wh.readDataset({ seasons: [2023] });
  const g = d.games.find((x) => x.week === 8)!;
  await wh.load({ games: [{ ...g, home_points: 150 }] }, { source: 'fix', params: {} });
  await wh.close();
  r = await cli('validate', '--season', '2023', '--week', '8');
  assert.equal(r.code, 1);
  assert.match(r.out, /fail .*score_values \(1\)/);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).checks.find((c: { id: string }) => c.id === 'score_values').examples[0].key, `game_id=${g.game_id}`);

  r = await cli('validate', '--season', '1999');
  assert.equal(r.code, 1);
  assert.match(r.err, /no games for season 1999/);
  r = await cli('validate', '--season', '2023', '--week', 'x');
  assert.equal(r.code, 2);
  r = await cli('data', 'demo', '--reveal-week', '99');
  assert.equal(r.code, 2);
  assert.match(r.err, /--reveal-week: expected a week 0-14, postN, all or none/);
});
