import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { commandOf, commands } from './commands.ts';

test('each command file registers exactly the commands whose entries name it', async () => {
  const names = commands.map((c) => c.name);
  assert.equal(new Set(names).size, names.length, 'no name twice');
  for (const load of new Set(commands.map((c) => c.load))) {
    const program = new Command('edgelab');
    (await load())(program);
    const expected = commands.filter((c) => c.load === load).map((c) => c.name);
    assert.deepEqual(program.commands.map((x) => x.name()).sort(), expected.sort());
  }
  for (const c of commands) assert.ok(c.summary.length > 0 && c.summary.length <= 80 && !c.summary.includes('\n'), `${c.name}: a one-line summary`);
});

test('commandOf finds the command an argument list runs, past global options and `help`', () => {
  const of = (...argv: string[]) => commandOf(argv)?.name;
  assert.equal(of('train', 'experiment=v2-001'), 'train');
  assert.equal(of('-q', '--project', 'train', 'list'), 'list', "--project's value is not the command");
  assert.equal(of('--artifacts', '/tmp/a', '--no-color', 'where', 'champion'), 'where');
  assert.equal(of('--project=/x', 'show', 'v2-001'), 'show');
  assert.equal(of('help', 'promote-test'), 'promote-test');
  assert.equal(of('--help'), undefined);
  assert.equal(of('--version'), undefined);
  assert.equal(of('frobnicate'), undefined);
  assert.equal(of(), undefined);
  assert.equal(of('--', 'train'), undefined);
});
