import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listExperiments, listRuns, readMetricHistory, readRegisteredModel } from './filestore-reader.ts';
import { tempDir } from '../../test/support/mlflow-fixture.ts';
import { runCommand, tsEntry } from '../../test/helpers/spawn.ts';

const worker = fileURLToPath(new URL('../../test/support/concurrent-writer.ts', import.meta.url));

function runWorker(root: string, label: string, n: number): Promise<string> {
  // Through the test launcher when this process is big (test/helpers/spawn.ts): a fork of it costs it page faults.
  return runCommand(process.execPath, [...tsEntry(worker), root, label, String(n)], { env: process.env, cwd: process.cwd() }).then((r) => {
    if (r.code !== 0) throw new Error(`${label} exited ${r.code}: ${r.stderr}`);
    return r.stdout.trim();
  });
}

test('two processes logging to one store at once leave both runs intact', async () => {
  const root = join(tempDir(), 'mlruns');
  const n = 300;
  const [a, b] = await Promise.all([runWorker(root, 'A', n), runWorker(root, 'B', n)]);
  const exps = listExperiments(root).filter((e) => e.name === 'shared-exp');
  assert.equal(exps.length, 1, 'the experiment was created once');
  const runs = listRuns(root, exps[0]!.experimentId);
  assert.deepEqual(runs.map((r) => r.runId).sort(), [a, b].sort());
  for (const r of runs) {
    const label = r.runName;
    assert.equal(r.status, 'FINISHED');
    assert.deepEqual(r.params, { writer: label, n: String(n) });
    assert.equal(r.tags.writer, label);
    assert.equal(r.tags.progress, '275');
    const loss = readMetricHistory(join(root, r.experimentId, r.runId), 'loss');
    assert.deepEqual(loss.map((m) => m.step), Array.from({ length: n }, (_, i) => i));
    assert.ok(loss.every((m) => m.value === m.step / 7));
    assert.equal(readMetricHistory(join(root, r.experimentId, r.runId), `per/${label}`).length, n / 10);
    assert.equal(r.metrics.acc, 290);
  }
  const model = readRegisteredModel(root, 'shared-model')!;
  assert.deepEqual(model.versions.map((v) => v.version), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(model.versions.map((v) => v.tags.writer).sort(), ['A', 'A', 'A', 'B', 'B', 'B']);
});
