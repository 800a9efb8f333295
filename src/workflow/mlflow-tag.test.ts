import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setExperimentRunTag, undoTagChanges } from './mlflow-tag.ts';
import { findRunsOf } from '../readers/mlflow-runs.ts';
import { FileStoreTracker } from '../tracking/filestore-tracker.ts';
import { mlflowFixture } from '../../test/support/mlflow-fixture.ts';

// The file store written by a real MLflow 3.11 (read-only in the shared folder: copy it).
const FIXTURE = mlflowFixture();

function writableCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'edgelab-mlflow-')), 'mlruns');
  cpSync(FIXTURE, dir, { recursive: true });
  const walk = (p: string) => {
    chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
    if (statSync(p).isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
  };
  walk(dir);
  return dir;
}

test('on a real MLflow store: the run named v2-001 is tagged archived=true (raw, no newline) and untagged again', { skip: !existsSync(FIXTURE) && 'no MLflow fixture' }, async () => {
  const mlruns = writableCopy();
  assert.deepEqual(findRunsOf(mlruns, 'v2-001').map((d) => d.split('/').at(-1)), ['ac0a87b7e9c6407c8e212d88b2841bef']);
  assert.deepEqual(findRunsOf(mlruns, 'v2-003'), [], '"v2-003-failed" is another run name');
  const tracker = new FileStoreTracker(mlruns);
  const changes = await setExperimentRunTag(tracker, 'v2-002', 'archived', 'true');
  assert.deepEqual(changes.map((c) => [c.runId, c.prior]), [['ba7b77232c3346d2a3862588ca6b5d92', null]]);
  const tag = join(mlruns, '638942671754850245', 'ba7b77232c3346d2a3862588ca6b5d92', 'tags', 'archived');
  assert.equal(readFileSync(tag, 'utf8'), 'true');
  await undoTagChanges(tracker, changes);
  assert.equal(existsSync(tag), false);
});

test('undo restores a tag value that existed before', async () => {
  const mlruns = writableCopy();
  const tag = join(mlruns, '638942671754850245', 'ac0a87b7e9c6407c8e212d88b2841bef', 'tags', 'archived');
  writeFileSync(tag, 'false');
  const tracker = new FileStoreTracker(mlruns);
  const changes = await setExperimentRunTag(tracker, 'v2-001', 'archived', null);
  assert.equal(existsSync(tag), false);
  await undoTagChanges(tracker, changes);
  assert.equal(readFileSync(tag, 'utf8'), 'false');
  assert.deepEqual(await setExperimentRunTag(new FileStoreTracker(join(mlruns, 'nope')), 'v2-001', 'archived', 'true'), [], 'no store: nothing to tag');
});
