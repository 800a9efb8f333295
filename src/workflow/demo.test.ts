import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MARKER, prepareDemoDir } from './demo.ts';
import { UserError } from '../util/errors.ts';

const root = mkdtempSync(join(tmpdir(), 'edgelab-demo-dir-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('prepareDemoDir: a new directory is marked; an earlier demo is replaced; a foreign one refused untouched', () => {
  const dir = join(root, 'demo');
  assert.equal(prepareDemoDir(dir), false);
  assert.deepEqual(readdirSync(dir), [DEMO_MARKER]);
  mkdirSync(join(dir, 'artifacts', 'models'), { recursive: true });
  writeFileSync(join(dir, 'artifacts', 'models', 'x.json'), '{}');
  writeFileSync(join(dir, 'README.md'), 'old');
  assert.equal(prepareDemoDir(dir), true);
  assert.deepEqual(readdirSync(dir), [DEMO_MARKER]);

  const foreign = join(root, 'foreign');
  mkdirSync(foreign);
  writeFileSync(join(foreign, 'notes.txt'), 'mine');
  assert.throws(() => prepareDemoDir(foreign), (e: unknown) => e instanceof UserError && /not empty and was not made by edgelab demo/.test((e as Error).message));
  assert.deepEqual(readdirSync(foreign), ['notes.txt']);
});
