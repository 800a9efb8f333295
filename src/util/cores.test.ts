import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { cores, coresPerProcess, CORES_ENV } from './cores.ts';

function withEnv(value: string | undefined, f: () => void): void {
  const old = process.env[CORES_ENV];
  if (value === undefined) delete process.env[CORES_ENV];
  else process.env[CORES_ENV] = value;
  try {
    f();
  } finally {
    if (old === undefined) delete process.env[CORES_ENV];
    else process.env[CORES_ENV] = old;
  }
}

test('cores: the machine’s unless a parent gave this process a share (never more than the machine)', () => {
  const machine = availableParallelism();
  withEnv(undefined, () => assert.equal(cores(), machine));
  withEnv('', () => assert.equal(cores(), machine));
  withEnv('1', () => assert.equal(cores(), 1));
  withEnv(String(machine + 5), () => assert.equal(cores(), machine));
  for (const bad of ['0', '-2', '1.5', 'two']) withEnv(bad, () => assert.equal(cores(), machine, bad));
});

test('coresPerProcess: each side-by-side child gets an equal share, at least one core', () => {
  withEnv('8', () => {
    const c = cores(); // 8 on a machine with ≥ 8 cores, else the machine's
    assert.equal(coresPerProcess(1), c);
    assert.equal(coresPerProcess(2), Math.max(1, Math.floor(c / 2)));
    assert.equal(coresPerProcess(3), Math.max(1, Math.floor(c / 3)));
    assert.equal(coresPerProcess(100), 1);
  });
  withEnv('2', () => {
    // two cores (one on a one-core machine): each of two children gets one; "no children" is all
    assert.equal(coresPerProcess(2), 1);
    assert.equal(coresPerProcess(0), Math.min(2, availableParallelism()));
  });
});
