import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFilesAtomicBatch } from './atomic-batch.ts';
import { tempDir } from '../../test/helpers/tmp.ts';
import { FAULT_ENV } from '../util/fault.ts';

async function withFault<T>(step: string, fn: () => Promise<T>): Promise<T> {
  process.env[FAULT_ENV] = step;
  try {
    return await fn();
  } finally {
    delete process.env[FAULT_ENV];
  }
}

test('writeFilesAtomicBatch writes more files than one chunk across directories, replaces old ones, leaves no temp file', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'a'));
  writeFileSync(join(dir, 'a', 'k0'), 'old');
  const files = Array.from({ length: 150 }, (_, i) => ({ target: join(dir, i % 2 ? 'b/sub' : 'a', `k${i}`), data: i % 3 ? `v${i}` : Buffer.from(`bytes ${i}`) }));
  await writeFilesAtomicBatch(files);
  assert.equal(readFileSync(join(dir, 'a', 'k0'), 'utf8'), 'bytes 0');
  assert.equal(readFileSync(join(dir, 'b', 'sub', 'k149'), 'utf8'), 'v149');
  assert.equal(readFileSync(join(dir, 'a', 'k148'), 'utf8'), 'v148');
  assert.equal(readdirSync(join(dir, 'a')).length, 75);
  assert.equal(readdirSync(join(dir, 'b', 'sub')).length, 75);
  assert.ok(readdirSync(join(dir, 'a')).every((n) => /^k\d+$/.test(n)));
});

test('a full disk fails the batch naming the file, old files intact, no temp file left', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'x'), 'old x');
  const err = await withFault('atomic-write@enospc', () =>
    writeFilesAtomicBatch([{ target: join(dir, 'x'), data: 'new x' }, { target: join(dir, 'y'), data: 'new y' }]).then(
      () => null,
      (e: unknown) => e as NodeJS.ErrnoException,
    ),
  );
  assert.equal(err?.code, 'ENOSPC');
  assert.match(err!.message, new RegExp(`writing ${join(dir, 'x').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; its previous version, if any, is intact`));
  assert.deepEqual(readdirSync(dir), ['x']);
  assert.equal(readFileSync(join(dir, 'x'), 'utf8'), 'old x');
});

test('a failure before the files are placed leaves every file old, and a custom commit places them', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'x'), 'old x');
  await assert.rejects(withFault('atomic-before-rename@throw', () => writeFilesAtomicBatch([{ target: join(dir, 'x'), data: 'new x' }, { target: join(dir, 'y'), data: 'y' }])), /injected fault after atomic-before-rename/);
  assert.deepEqual(readdirSync(dir), ['x']);
  assert.equal(readFileSync(join(dir, 'x'), 'utf8'), 'old x');
  const placed: string[] = [];
  await writeFilesAtomicBatch([{ target: join(dir, 'z'), data: 'z' }], (tmp, target) => {
    placed.push(readFileSync(tmp, 'utf8')); // complete before it is placed
    renameSync(tmp, target);
  });
  assert.deepEqual(placed, ['z']);
  assert.deepEqual(readdirSync(dir).sort(), ['x', 'z']);
});
