// scripts/test-harness.mjs drops node:test's harness hook's `destroy` callback (loaded by the test
// setup in every test process): the trim must still apply, and an error thrown or rejected
// outside a test's own call stack must still fail that test, named, as node:test reports it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode } from '../helpers/spawn.ts';
import { REPO } from '../helpers/tmp.ts';

const FIXTURE = `import { test } from 'node:test';
test('throws in a timer after an await', async () => {
  await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => { setTimeout(() => { throw new Error('boom in a timer'); }, 5); setTimeout(r, 300); });
});
test('leaves a rejection unhandled', async () => {
  await Promise.resolve();
  void Promise.reject(new Error('rejected, unhandled'));
  await new Promise((r) => setTimeout(r, 100));
});
test('passes', () => {});
`;

test('with the harness hook trimmed, errors outside a test’s call stack still fail that test, and the trim applies', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-harness-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'fixture.test.mjs');
  writeFileSync(file, FIXTURE);
  const setup = join(REPO, 'scripts', 'test-setup.mjs');
  const r = await runNode(['--import', setup, '--test-reporter=tap', file], { env: { EDGELAB_TEST_HARNESS_REPORT: '1', NODE_TEST_CONTEXT: '' }, cwd: dir });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /test-harness: 1 hook\(s\) without destroy/);
  assert.match(r.stdout, /^not ok 1 - throws in a timer after an await$/m);
  assert.match(r.stdout, /error: 'boom in a timer'/);
  assert.match(r.stdout, /^not ok 2 - leaves a rejection unhandled$/m);
  assert.match(r.stdout, /error: 'rejected, unhandled'/);
  assert.match(r.stdout, /^ok 3 - passes$/m);
  assert.match(r.stdout, /^# pass 1$/m);
  assert.match(r.stdout, /^# fail 2$/m);
});
