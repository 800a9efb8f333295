// The acceptance run through the real CLI: import the nflverse sample, `data status`
// shows 32 NFL games with lines, a re-import changes nothing, bad input exits 1 with FILE:LINE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliInProcess } from '../helpers/cli-in-process.ts';
import { NFLVERSE_SAMPLE, sharedFixture, skipWithout } from '../shared-fixtures.ts';

const FIX = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The CLI in this process (test/helpers/cli-in-process.ts). */
async function edgelab(project: string, ...args: string[]) {
  const r = await cliInProcess(['--project', project, '--no-color', ...args], { env: { CFBD_API_KEY: '' } });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

test('data import nflverse + data status: 32 NFL games with lines; re-import is idempotent', skipWithout(NFLVERSE_SAMPLE), async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-e2e-import-'));
  try {
    const sample = sharedFixture(NFLVERSE_SAMPLE)!;
    const first = await edgelab(dir, 'data', 'import', 'nflverse', sample);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /read games 32, lines 32, team_game 0; 64 inserted, 0 updated, 0 unchanged/);
    const status = await edgelab(dir, 'data', 'status', '--json');
    assert.equal(status.code, 0, status.err);
    const s = JSON.parse(status.out) as { seasons: { season: number; season_type: string; games: number; with_lines: number; weeks: number }[] };
    assert.deepEqual(s.seasons.map((x) => [x.season, x.season_type, x.weeks, x.games, x.with_lines]), [[2023, 'regular', 2, 32, 32]]);
    const again = await edgelab(dir, 'data', 'import', 'nflverse', sample);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /0 inserted, 0 updated, 64 unchanged/);
    const exp = await edgelab(dir, 'data', 'export', 'csv', join(dir, 'out'), '--season', '2023', '--json');
    assert.equal(exp.code, 0, exp.err);
    assert.deepEqual((JSON.parse(exp.out) as { files: { rows: number }[] }).files.map((f) => f.rows), [32, 32, 0]);
    assert.match(readFileSync(join(dir, 'out', 'lines.csv'), 'utf8'), /\n2023_01_DET_KC,nflverse,-4,,53,,-198,164,-110,-110,-110,-110,\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: exit 1, FILE:LINE message, nothing written; a usage mistake exits 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-e2e-bad-'));
  try {
    const bad = await edgelab(dir, 'data', 'import', 'csv', join(FIX, 'csv', 'games_bad.csv'), '--table', 'games');
    assert.equal(bad.code, 1);
    assert.equal(
      bad.err,
      `error: ${join(FIX, 'csv', 'games_bad.csv')}:3: home_points: not a number: "abc" (and 4 more bad rows); nothing was loaded (--skip-bad-rows loads the rest)\n`,
    );
    assert.equal(existsSync(join(dir, 'data')), false);
    const usage = await edgelab(dir, 'data', 'import', 'csv', join(FIX, 'csv', 'games.csv'), '--table', 'gmes');
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--table: unknown table "gmes" \(did you mean games\?\)/);
    assert.equal(existsSync(join(dir, 'data')), false);
    const nokey = await edgelab(dir, 'data', 'pull', 'cfbd', '--season', '2023');
    assert.equal(nokey.code, 1);
    assert.match(nokey.err, /^error: CFBD_API_KEY is not set: get a free key at https:\/\/collegefootballdata\.com\/key/);
    assert.equal(existsSync(join(dir, 'data', 'warehouse.duckdb')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
