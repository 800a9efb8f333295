import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closePool, runPool } from './pool.ts';
import { seededSum } from '../../test/support/pool-fixture.ts';
import { UserError } from './errors.ts';
import { runCommand } from '../../test/helpers/spawn.ts';

// The task module in the workers: its compiled twin when this test runs compiled (a worker then
// starts without tsx, ≈ 0.3 s of CPU less each), the TypeScript source when it runs from its
// sources. Workers loading TypeScript through tsx are tested either way, by the spawned entries
// below, which always hand the pool the .ts source.
const compiled = import.meta.url.endsWith('.js');
const fixture = new URL(`../../test/support/pool-fixture.${compiled ? 'js' : 'ts'}`, import.meta.url);
const tsFixture = new URL('../../test/support/pool-fixture.ts', import.meta.url);

test('pool: results in task order, identical for 1, 2 and 3 workers', async () => {
  const args = Array.from({ length: 7 }, (_, k) => ({ seed: k + 1, count: 1000 }));
  const expected = args.map(seededSum);
  for (const workers of [1, 2, 3]) {
    assert.deepEqual(await runPool(args, { module: fixture, fn: 'seededSum', workers }), expected);
  }
  assert.deepEqual(await runPool([], { module: fixture, fn: 'seededSum', workers: 2 }), []);
});

test('pool: a failing task rejects with its error (UserError keeps its class)', async () => {
  await assert.rejects(runPool([1, 2, 3, 4], { module: fixture, fn: 'failOn', workers: 2 }), (e: Error) => {
    assert.ok(e instanceof UserError);
    assert.equal(e.message, 'task three is bad input');
    return true;
  });
  await assert.rejects(runPool([1, 2], { module: fixture, fn: 'nope', workers: 2 }), /no exported function 'nope'/);
});

test('pool: works when launched through bin/edgelab.js-style tsx register() and plain node', async () => {
  // A plain .mjs entry that registers tsx the way bin/edgelab.js does, then uses the pool.
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-pool-'));
  const entry = join(dir, 'entry.mjs');
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const pool = new URL('./pool.ts', import.meta.url).href;
  writeFileSync(
    entry,
    `import { register } from ${JSON.stringify(tsxApi)};\nregister();\n` +
      `const { runPool } = await import(${JSON.stringify(pool)});\n` +
      `const r = await runPool([{ seed: 1, count: 10 }, { seed: 2, count: 10 }], { module: ${JSON.stringify(tsFixture.href)}, fn: 'seededSum', workers: 2 });\n` +
      `console.log(JSON.stringify(r));\n`,
  );
  const expected = JSON.stringify([seededSum({ seed: 1, count: 10 }), seededSum({ seed: 2, count: 10 })]);
  // Through the test launcher when this process is big (test/helpers/spawn.ts): a fork of it costs it page faults.
  const viaRegister = await runCommand(process.execPath, [entry], { env: process.env, cwd: process.cwd() });
  assert.equal(viaRegister.code, 0, viaRegister.stderr);
  assert.equal(viaRegister.stdout.trim(), expected);
  const script = join(dir, 'entry2.mts');
  writeFileSync(script, `import { runPool } from ${JSON.stringify(fileURLToPath(pool))};\nconsole.log(JSON.stringify(await runPool([{ seed: 1, count: 10 }, { seed: 2, count: 10 }], { module: ${JSON.stringify(tsFixture.href)}, fn: 'seededSum', workers: 2 })));\n`);
  const viaImport = await runCommand(process.execPath, ['--import', 'tsx', script], { env: process.env, cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  assert.equal(viaImport.code, 0, viaImport.stderr);
  assert.equal(viaImport.stdout.trim(), expected);
  rmSync(dir, { recursive: true, force: true });
});

test('pool: workers are kept between calls (start-up paid once), replaced after a failure, and ended by closePool', async () => {
  const ids = async () => new Set(await runPool<number, number>([1, 2, 3, 4], { module: fixture, fn: 'threadIdOf', workers: 2 }));
  const first = await ids();
  assert.equal(first.size, 2);
  assert.deepEqual(await ids(), first);
  await assert.rejects(runPool([1, 3], { module: fixture, fn: 'failOn', workers: 2 }), /task three/);
  const after = await ids();
  assert.equal(after.size, 2);
  assert.equal([...after].filter((id) => first.has(id)).length, 0, 'workers of a failed call are not reused');
  await closePool();
  assert.equal([...(await ids())].filter((id) => after.has(id)).length, 0);
  await closePool();
});
