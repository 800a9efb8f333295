import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../test/helpers/tmp.ts';
import { faultPoint, FAULT_COPY_ENV, FAULT_ENV } from './fault.ts';

// The fault matrix (test/reliability/fault-matrix.ts) checks every copied kill point's tree as
// the tree a kill there leaves, and compares one copy per case with a real kill's tree; this is
// what the copy must keep, on a tree small enough to name every entry.
test('faultPoint STEP@snapshot copies the tree as it is: bytes, modes, file times, links as written (relative, absolute, dangling)', () => {
  const dir = join(tempDir('edgelab-fault-'), 'project');
  mkdirSync(join(dir, 'artifacts', 'models', 'baseline', 'v1'), { recursive: true });
  writeFileSync(join(dir, 'artifacts', 'models', 'baseline', 'v1', 'model.json'), '{"a":1}\n');
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\n');
  chmodSync(join(dir, 'run.sh'), 0o750);
  writeFileSync(join(dir, 'secret.txt'), 'x');
  chmodSync(join(dir, 'secret.txt'), 0o600);
  utimesSync(join(dir, 'secret.txt'), new Date('2026-01-02T03:04:05Z'), new Date('2026-02-03T04:05:06Z'));
  chmodSync(join(dir, 'artifacts', 'models'), 0o700);
  symlinkSync('../baseline/v1', join(dir, 'artifacts', 'models', 'current'));
  symlinkSync('/nowhere/at/all', join(dir, 'dangling'));
  symlinkSync(join(dir, 'run.sh'), join(dir, 'absolute'));

  const saved = { fault: process.env[FAULT_ENV], copy: process.env[FAULT_COPY_ENV] };
  process.env[FAULT_ENV] = 'fault-test:other,fault-test:copy@snapshot';
  process.env[FAULT_COPY_ENV] = dir;
  try {
    faultPoint('fault-test:copy');
  } finally {
    for (const [k, v] of [[FAULT_ENV, saved.fault], [FAULT_COPY_ENV, saved.copy]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }

  const copy = `${dir}.fault-1`; // the entry's place in the list
  assert.equal(readFileSync(join(copy, 'artifacts', 'models', 'baseline', 'v1', 'model.json'), 'utf8'), '{"a":1}\n');
  assert.equal(statSync(join(copy, 'run.sh')).mode & 0o7777, 0o750);
  assert.equal(statSync(join(copy, 'secret.txt')).mode & 0o7777, 0o600);
  assert.equal(statSync(join(copy, 'secret.txt')).mtime.toISOString(), '2026-02-03T04:05:06.000Z');
  assert.equal(statSync(join(copy, 'artifacts', 'models')).mode & 0o7777, 0o700);
  assert.equal(readlinkSync(join(copy, 'artifacts', 'models', 'current')), '../baseline/v1');
  assert.equal(readlinkSync(join(copy, 'dangling')), '/nowhere/at/all');
  assert.equal(readlinkSync(join(copy, 'absolute')), join(dir, 'run.sh'));
  assert.ok(lstatSync(join(copy, 'absolute')).isSymbolicLink());
});
