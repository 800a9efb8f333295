import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeSampleTree, snapshotTree } from '../../test/helpers/artifacts-tree.ts';
import { archiveExperiment, restoreExperiment } from './archive.ts';
import { readIndex, STATUS_MARK } from '../artifacts/experiment-index.ts';
import { readManifest } from '../artifacts/archive-manifest.ts';
import { UsageError, UserError } from '../util/errors.ts';
import { applyMove, writeArchiveJournal } from './archive-journal.ts';
import { runDoctor } from './doctor.ts';
import { completeInterruptedWork } from './doctor-repair.ts';

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
  for (const step of ['journal', 'move:models/candidates/v2-002', 'move:experiments/phase2_features/v2-002', 'mlflow', 'index', 'manifest']) {
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

test('a journalled archive / restore interrupted after any step is completed by the next archive command or doctor --fix, same records as an uninterrupted one', async () => {
  const at = new Date('2026-11-29T04:00:00.000Z');
  // The reference: an archive that was not interrupted.
  const ref = writeSampleTree();
  await archiveExperiment(ref.layout, 'v2-002', 'superseded', at);
  // Every path, and the bytes of the records archive writes (two sample trees differ in their time stamps).
  const RECORDS = /MANIFEST\.md$|index\.md$|\/tags\//;
  const contents = (dir: string) => new Map([...snapshotTree(dir)].map(([k, v]) => [k, RECORDS.test(k) ? v.slice(v.indexOf(':') + 1) : '']));
  const differing = (a: Map<string, string>, b: Map<string, string>) => [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
  const want = contents(ref.dir);
  const moves = [
    { from: 'models/candidates/v2-002', to: 'archive/deprecated/v2-002' },
    { from: 'experiments/phase2_features/v2-002', to: 'archive/deprecated/v2-002_outputs' },
  ];
  // A kill after the journal and after 0, 1 or 2 moves (the records are idempotent after that).
  for (const done of [0, 1, 2]) {
    for (const completer of ['doctor', 'archive'] as const) {
      const t = writeSampleTree();
      const L = t.layout;
      writeArchiveJournal(L, { version: 1, id: 'v2-002', action: 'archived', at: at.toISOString(), reason: 'superseded', previous_status: STATUS_MARK.rejected, status: STATUS_MARK.archived, moves, tag: 'true' });
      for (const m of moves.slice(0, done)) applyMove(L, m);
      const named = runDoctor(L);
      // (The sample tree's summaries name no MLflow run, so `experiments` is flagged too.)
      assert.match(named.state, /^interrupted: .*archive-change/, `${done} moves`);
      assert.match(named.checks.find((c) => c.name === 'archive-change')!.message, /an archive of v2-002 was interrupted/);
      if (completer === 'doctor') {
        const msgs = await completeInterruptedWork(L);
        assert.match(msgs.map((m) => m.message).join(), /completed the interrupted archive of v2-002 from its journal \(2 move\(s\), 1 MLflow run\(s\)/);
      } else {
        await assert.rejects(() => archiveExperiment(L, 'v2-002', 'again'), /v2-002 is already archived on 2026-11-29T04:00:00\.000Z/);
      }
      assert.equal(existsSync(L.pendingArchiveChange), false);
      assert.deepEqual(differing(contents(t.dir), want), [], `${done} moves, completed by ${completer}`);
      assert.doesNotMatch(runDoctor(L).state, /archive-change/);
    }
  }
  // A restore interrupted after its first move is completed the same way.
  const t = writeSampleTree();
  const L = t.layout;
  await archiveExperiment(L, 'v2-002', 'superseded', at);
  const back = moves.map((m) => ({ from: m.to, to: m.from }));
  writeArchiveJournal(L, { version: 1, id: 'v2-002', action: 'restored', at: '2026-11-30T00:00:00.000Z', reason: 'restored', previous_status: STATUS_MARK.archived, status: STATUS_MARK.rejected, moves: back, tag: null });
  applyMove(L, back[0]!);
  assert.match(runDoctor(L).checks.find((c) => c.name === 'archive-change')!.message, /a restore of v2-002 was interrupted/);
  await completeInterruptedWork(L);
  assert.equal(status(t, 'v2-002'), STATUS_MARK.rejected);
  assert.ok(existsSync(join(L.experimentDir('v2-002', 2), 'summary.json')));
  assert.equal(existsSync(join(t.mlflowRuns['v2-002']!, 'tags', 'archived')), false);
  assert.deepEqual(readManifest(L).map((e) => `${e.id} ${e.action}`), ['v2-002 archived', 'v2-002 restored']);
});

test('a corrupt archive journal is named by doctor and by the archive command; nothing is moved', async () => {
  const t = writeSampleTree();
  const L = t.layout;
  mkdirSync(dirname(L.pendingArchiveChange), { recursive: true });
  writeFileSync(L.pendingArchiveChange, '{"version":1,"id":"v2-0');
  const before = snapshotTree(t.dir);
  const check = runDoctor(L).checks.find((c) => c.name === 'archive-change')!;
  assert.equal(check.status, 'fail');
  assert.match(check.message, /pending_archive\.json: not a readable archive journal/);
  await assert.rejects(() => archiveExperiment(L, 'v2-002', 'x'), (e: unknown) => e instanceof UserError && /pending_archive\.json: not a readable archive journal/.test(e.message));
  assert.deepEqual(snapshotTree(t.dir), before);
});
