import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { buildProgram } from './main.ts';

const sub = (c: Command, name: string) => c.commands.find((x) => x.name() === name)!;

test('data import/pull/export subcommands are registered under data with their options', async () => {
  const data = sub(await buildProgram(), 'data');
  const opts = (c: Command) => c.options.map((o) => o.long);
  assert.deepEqual(opts(sub(sub(data, 'import'), 'csv')), ['--table', '--map', '--skip-bad-rows', '--keep-weeks', '--json']);
  assert.deepEqual(opts(sub(sub(data, 'import'), 'nflverse')), ['--skip-bad-rows', '--json']);
  assert.deepEqual(opts(sub(sub(data, 'import'), 'nflverse-pbp')), ['--skip-bad-rows', '--json']);
  assert.match(sub(sub(data, 'import'), 'nflverse-pbp').helpInformation(), /Usage: edgelab data import nflverse-pbp \[options\] <files\.\.\.>/);
  assert.deepEqual(opts(sub(sub(data, 'pull'), 'nflverse')), ['--seasons', '--pbp', '--format', '--base-url', '--refresh', '--skip-bad-rows', '--json']);
  assert.deepEqual(opts(sub(sub(data, 'pull'), 'cfbd')), ['--season', '--week', '--season-type', '--refresh', '--no-box-scores', '--skip-bad-rows', '--json']);
  assert.deepEqual(opts(sub(sub(data, 'export'), 'csv')), ['--season', '--json']);
  assert.match(sub(sub(data, 'import'), 'csv').helpInformation(), /Usage: edgelab data import csv \[options\] <file>/);
});
