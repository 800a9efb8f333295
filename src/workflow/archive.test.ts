import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleTree, snapshotTree } from '../../test/helpers/artifacts-tree.ts';
import { archiveExperiment, restoreExperiment } from './archive.ts';
import { readIndex, STATUS_MARK } from '../artifacts/experiment-index.ts';
import { readManifest } from '../artifacts/archive-manifest.ts';
import { UsageError, UserError } from '../util/errors.ts';

const NOT_MANIFEST = (rel: string) => rel === join('artifacts', 'archive', 'MANIFEST.md');
const status = (t: ReturnType<typeof writeSampleTree>, id: string) => readIndex(t.layout).find((r) => r.ID === id)?.Status;

test('archive moves bundle and outputs, records the manifest, marks index and MLflow; restore puts every file back exactly', async () => {
  const t = writeSampleTree();
  const L = t.layout;
  const before = snapshotTree(t.dir);
  const ledger = readFileSync(L.idLedger, 'utf8');
  const at = new Date('2026-11-29T04:00:00.000Z');
  const r = await archiveExperiment(L, 'v2-002', 'superseded by v2-004', at);

  assert.deepEqual(r.moves, [
    { from: 'models/candidates/v2-002', to: 'archive/deprecated/v2-002' },
    { from: 'experiments/phase2_features/v2-002', to: 'archive/deprecated/v2-002_outputs' },
  ]);
  assert.equal(existsSync(L.modelBundle('v2-002', 2)), false);
  assert.equal(existsSync(L.experimentDir('v2-002', 2)), false);
  assert.ok(existsSync(join(L.deprecatedBundle('v2-002'), 'model.json')));
  assert.ok(existsSync(join(L.deprecatedOutputs('v2-002'), 'plots', 'residuals.png')));
  assert.equal(status(t, 'v2-002'), STATUS_MARK.archived);
  assert.deepEqual(r.mlflow_runs, ['b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2']);
  assert.equal(readFileSync(join(t.mlflowRuns['v2-002']!, 'tags', 'archived'), 'utf8'), 'true', 'raw MLflow tag, no newline');
  assert.equal(readFileSync(L.idLedger, 'utf8'), ledger, 'the id ledger is untouched');
  const manifest = readFileSync(L.archiveManifest, 'utf8');
  assert.match(manifest, /^## v2-002 — archived 2026-11-29T04:00:00\.000Z$/m);
  assert.match(manifest, /^- reason: superseded by v2-004$/m);
  assert.match(manifest, /^- previous status: ❌ rejected$/m);
  assert.match(manifest, /^- moved: `models\/candidates\/v2-002` → `archive\/deprecated\/v2-002`$/m);

  const back = await restoreExperiment(L, 'v2-002', undefined, new Date('2026-11-30T00:00:00.000Z'));
  assert.equal(back.status, STATUS_MARK.rejected);
  assert.deepEqual(snapshotTree(t.dir, NOT_MANIFEST), new Map([...before].filter(([k]) => !NOT_MANIFEST(k))));
  assert.deepEqual(readManifest(L).map((e) => `${e.id} ${e.action}`), ['v2-002 archived', 'v2-002 restored']);
});

test('a phase-1 experiment comes from models/baseline; its run is found by the experiment_id tag too', async () => {
  const t = writeSampleTree();
  const r = await archiveExperiment(t.layout, 'v2-001', 'replaced', new Date(t.now));
  assert.equal(r.moves[0]!.from, 'models/baseline/v2-001');
  assert.equal(r.moves[1]!.from, 'experiments/phase1_baseline/v2-001');
  assert.deepEqual(r.mlflow_runs, ['a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1']);
  await restoreExperiment(t.layout, 'v2-001');
  assert.ok(existsSync(join(t.layout.modelBundle('v2-001', 1), 'model.json')));
  assert.equal(existsSync(join(t.mlflowRuns['v2-001']!, 'tags', 'archived')), false);
});

test('refusals name the reason and change nothing: current champion, previous champion, unknown id, already archived', async () => {
  const t = writeSampleTree();
  const L = t.layout;
  const refuse = async (fn: () => Promise<unknown>, re: RegExp) => {
    const before = snapshotTree(t.dir);
    await assert.rejects(fn, (e: unknown) => e instanceof UserError && e.exitCode === 1 && re.test(e.message));
    assert.deepEqual(snapshotTree(t.dir), before);
  };
  await refuse(() => archiveExperiment(L, 'v2-004', 'x'), /^v2-004 is the current champion/);
  await refuse(() => archiveExperiment(L, 'v2-003', 'x'), /^v2-003 is the previous champion .*rollback target/);
  await refuse(() => archiveExperiment(L, 'v2-099', 'x'), /^unknown experiment id "v2-099"/);
  await refuse(() => archiveExperiment(L, 'v2-0002', 'x'), /did you mean v2-002\?/);
  await refuse(() => restoreExperiment(L, 'v2-002'), /^v2-002 is not archived/);
  await archiveExperiment(L, 'v2-002', 'superseded', new Date('2026-11-29T04:00:00.000Z'));
  await refuse(() => archiveExperiment(L, 'v2-002', 'again'), /^v2-002 is already archived on 2026-11-29T04:00:00\.000Z .*--restore v2-002/);
  await assert.rejects(() => archiveExperiment(L, 'v2-001', '  '), UsageError);
});

test('all-or-nothing: a failure after any step undoes the earlier ones', async () => {
  for (const step of ['move:models/candidates/v2-002', 'move:experiments/phase2_features/v2-002', 'mlflow', 'index', 'manifest']) {
    const t = writeSampleTree();
    const before = snapshotTree(t.dir);
    process.env.EDGELAB_FAULT = `archive:${step}@throw`;
    try {
      await assert.rejects(() => archiveExperiment(t.layout, 'v2-002', 'x'), (e: unknown) => e instanceof UserError && /injected fault .*nothing was changed/.test(e.message), step);
    } finally {
      delete process.env.EDGELAB_FAULT;
    }
    // Directories created on the way (archive/deprecated exists already) aside, the tree is as before.
    assert.deepEqual(snapshotTree(t.dir), before, step);
  }
});

test('restore refuses when the original place is taken, and falls back to summary.json without a manifest', async () => {
  const t = writeSampleTree();
  const L = t.layout;
  await archiveExperiment(L, 'v2-002', 'x');
  mkdirSync(L.experimentDir('v2-002', 2), { recursive: true });
  await assert.rejects(() => restoreExperiment(L, 'v2-002'), /cannot restore v2-002: experiments\/phase2_features\/v2-002 exists already/);
  rmSync(L.experimentDir('v2-002', 2), { recursive: true });
  rmSync(L.archiveManifest);
  const r = await restoreExperiment(L, 'v2-002');
  assert.deepEqual(r.moves.map((m) => m.to), ['models/candidates/v2-002', 'experiments/phase2_features/v2-002']);
  assert.ok(existsSync(join(L.experimentDir('v2-002', 2), 'summary.json')));
});
