import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DirectoryExistsError, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from './atomic.ts';
import { REPO, tempDir } from '../../test/helpers/tmp.ts';
import { runTs } from '../../test/helpers/spawn.ts';

test('writeFileAtomic creates parents and replaces the target, leaving no temp file', () => {
  const dir = tempDir();
  const f = join(dir, 'a', 'b', 'x.txt');
  writeFileAtomic(f, 'one');
  writeFileAtomic(f, 'two');
  assert.equal(readFileSync(f, 'utf8'), 'two');
  assert.deepEqual(readdirSync(join(dir, 'a', 'b')), ['x.txt']);
  writeJsonAtomic(f, { a: 1 });
  assert.equal(readFileSync(f, 'utf8'), '{\n  "a": 1\n}\n');
});

test('a writer killed mid-write leaves the old file intact', async () => {
  const dir = tempDir();
  const f = join(dir, 'summary.json');
  writeFileSync(f, '{"old": true}\n');
  const r = await runTs(join(REPO, 'test', 'fixtures', 'write-atomic.ts'), [f, '{"new": true}\n'], {
    env: { EDGELAB_FAULT: 'atomic-before-rename' },
  });
  assert.equal(r.signal, 'SIGKILL');
  assert.equal(readFileSync(f, 'utf8'), '{"old": true}\n');
  // the complete temp file is left beside it (doctor --fix removes such leftovers)
  const names = readdirSync(dir).sort();
  assert.equal(names.length, 2);
  assert.match(names[0]!, /^\.summary\.json\.tmp-\d+-[0-9a-f]{8}$/);
  assert.equal(readFileSync(join(dir, names[0]!), 'utf8'), '{"new": true}\n');
  // without the fault the same writer replaces the file
  const ok = await runTs(join(REPO, 'test', 'fixtures', 'write-atomic.ts'), [f, '{"new": true}\n']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(readFileSync(f, 'utf8'), '{"new": true}\n');
});

test('writeDirAtomic creates a directory whole, refuses to replace one (no window of absence), and a failing build leaves nothing', () => {
  const dir = tempDir();
  const target = join(dir, 'bundle');
  assert.throws(() =>
    writeDirAtomic(target, (tmp) => {
      writeFileSync(join(tmp, 'model.json'), '2');
      throw new Error('fit failed');
    }),
  /fit failed/);
  assert.deepEqual(readdirSync(dir), []);
  writeDirAtomic(target, (tmp) => writeFileSync(join(tmp, 'model.json'), '1'));
  assert.throws(() => writeDirAtomic(target, (tmp) => writeFileSync(join(tmp, 'metadata.json'), '{}')), (e: unknown) => e instanceof DirectoryExistsError && e.target === target);
  assert.equal(readFileSync(join(target, 'model.json'), 'utf8'), '1');
  assert.deepEqual(readdirSync(target), ['model.json']);
  assert.deepEqual(readdirSync(dir), ['bundle'], 'the refused build leaves no temporary directory');
});
