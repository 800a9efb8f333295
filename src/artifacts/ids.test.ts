import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocateId, formatId, nextFreeId, readLedger, registerId } from './ids.ts';
import { createLayout } from './layout.ts';
import { REPO, tempDir } from '../../test/helpers/tmp.ts';
import { runCommand, runTs } from '../../test/helpers/spawn.ts';

test('formatId pads to three digits and grows past 999', () => {
  assert.equal(formatId(1), 'v2-001');
  assert.equal(formatId(42), 'v2-042');
  assert.equal(formatId(1000), 'v2-1000');
});

test('ids are sequential across phases and recorded in the ledger', () => {
  const layout = createLayout(tempDir());
  assert.equal(nextFreeId(layout), 'v2-001');
  assert.equal(allocateId(layout, { phase: 1, name: 'baseline' }), 'v2-001');
  assert.equal(allocateId(layout, { phase: 2, name: 'elo' }), 'v2-002');
  assert.equal(allocateId(layout, { phase: 3, name: 'gbdt' }), 'v2-003');
  assert.equal(nextFreeId(layout), 'v2-004');
  const ledger = readLedger(layout);
  assert.deepEqual(
    ledger.ids.map((e) => [e.id, e.phase, e.name, e.source]),
    [
      ['v2-001', 1, 'baseline', 'allocated'],
      ['v2-002', 2, 'elo', 'allocated'],
      ['v2-003', 3, 'gbdt', 'allocated'],
    ],
  );
});

test('ids are never reused: archived dirs, experiment dirs and conf files count even without a ledger', () => {
  const layout = createLayout(tempDir());
  mkdirSync(join(layout.deprecatedDir, 'v2-007_outputs'), { recursive: true });
  assert.equal(nextFreeId(layout), 'v2-008');
  mkdirSync(layout.experimentDir('v2-009', 3), { recursive: true });
  assert.equal(nextFreeId(layout), 'v2-010');
  mkdirSync(join(layout.confDir, 'experiment'), { recursive: true });
  writeFileSync(join(layout.confDir, 'experiment', 'elo_sweep.yaml'), 'experiment:\n  id: v2-012\n  phase: 2\n  name: elo\n');
  assert.equal(nextFreeId(layout), 'v2-013');
  writeFileSync(join(layout.confDir, 'experiment', 'v2-020.yaml'), '');
  assert.equal(allocateId(layout, { phase: 2, name: 'next' }), 'v2-021');
});

test('registerId records a declared id once; another name for it is an error', () => {
  const layout = createLayout(tempDir());
  const e = registerId(layout, 'v2-005', { phase: 2, name: 'opponent_adjusted' });
  assert.equal(e.source, 'registered');
  assert.equal(registerId(layout, 'v2-005', { phase: 2, name: 'opponent_adjusted' }).at, e.at);
  assert.throws(() => registerId(layout, 'v2-005', { phase: 2, name: 'other' }), {
    message: `experiment id v2-005 already belongs to 'opponent_adjusted' (phase 2) in ${layout.idLedger}; ids are never reused — the next free id is v2-006`,
  });
  assert.throws(() => registerId(layout, 'v3-1', { phase: 2, name: 'x' }), { message: "bad experiment id 'v3-1': ids look like v2-001" });
  assert.equal(allocateId(layout, { phase: 3, name: 'after' }), 'v2-006');
});

test('a malformed ledger is an error naming the file, and nothing is allocated', () => {
  const layout = createLayout(tempDir());
  mkdirSync(join(layout.project, 'docs', 'experiments'), { recursive: true });
  writeFileSync(layout.idLedger, '{"ids": [{"id": "x"}]}');
  assert.throws(() => allocateId(layout, { phase: 1, name: 'a' }), {
    message: `the id ledger ${layout.idLedger} is malformed: expected {"version":1,"ids":[{"id":"v2-001",...}]}`,
  });
  assert.equal(readFileSync(layout.idLedger, 'utf8'), '{"ids": [{"id": "x"}]}');
  assert.throws(() => allocateId(layout, { phase: 4 as 1, name: 'a' }), { message: 'experiment phase must be 1, 2 or 3, not 4' });
});

test('20 concurrent processes get 20 distinct, consecutive ids', async () => {
  const project = tempDir();
  const layout = createLayout(project);
  allocateId(layout, { phase: 1, name: 'first' }); // v2-001 exists before the race
  // A lock left by a dead process: every child must wait, and exactly one may take it over.
  const dead = (await runCommand(process.execPath, ['--version'], { env: process.env, cwd: process.cwd() })).pid!;
  writeFileSync(layout.idLedgerLock, `${dead}\n`);
  const go = join(project, 'go');
  let ready = 0;
  const children = Array.from({ length: 20 }, (_, i) =>
    runTs(join(REPO, 'test', 'fixtures', 'allocate-id.ts'), [project, `exp${i}`, go], {
      onStdout: (s) => {
        ready += (s.match(/ready/g) ?? []).length;
        if (ready === 20) writeFileSync(go, '');
      },
    }),
  );
  const results = await Promise.all(children);
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  const ids = results.map((r) => r.stdout.trim().split('\n').pop()!).sort();
  assert.deepEqual(ids, Array.from({ length: 20 }, (_, i) => formatId(i + 2)));
  const ledger = readLedger(layout);
  assert.ok(!existsSync(layout.idLedgerLock) && !existsSync(layout.idLedgerLock + '.takeover'));
  assert.equal(ledger.ids.length, 21);
  assert.equal(new Set(ledger.ids.map((e) => e.id)).size, 21);
  assert.deepEqual(new Set(ledger.ids.slice(1).map((e) => e.name)), new Set(Array.from({ length: 20 }, (_, i) => `exp${i}`)));
});
