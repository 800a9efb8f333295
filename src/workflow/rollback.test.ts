import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createLayout } from '../artifacts/layout.ts';
import { readChampion, setChampion } from '../artifacts/champion.ts';
import { writeBundle } from '../artifacts/bundle.ts';
import { rollback } from './champion-change.ts';

test('rollback walks down the registry history; --to jumps; a model rolled back from needs --force --reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-rollback-'));
  const layout = createLayout(dir);
  try {
    const ids = ['v2-001', 'v2-002', 'v2-004'];
    for (const id of ids) writeBundle(layout.modelBundle(id, id === 'v2-001' ? 1 : 2), { model: { experiment_id: id }, metadata: {}, importance: { columns: [], rows: [] } });
    for (const id of ids) setChampion(layout, { id, bundle: layout.modelBundle(id, id === 'v2-001' ? 1 : 2) }, 'test');
    const state = () => [readChampion(layout).current?.id ?? null, readChampion(layout).previous?.id ?? null];
    assert.deepEqual(state(), ['v2-004', 'v2-002']);

    let c = await rollback({ layout, reason: 'sequential test' });
    assert.equal(c.current.id, 'v2-002');
    assert.equal(c.previous?.id, 'v2-004');
    // champion_previous now points at the next target on the stack, not at the model rolled back from
    assert.deepEqual(state(), ['v2-002', 'v2-001']);
    c = await rollback({ layout, reason: 'sequential test again' });
    assert.deepEqual(state(), ['v2-001', null]);
    await assert.rejects(rollback({ layout, reason: 'third' }), /no previous champion to roll back to \(the champion is v2-001\)/);
    // --to a model rolled back from: refused without --force, nothing changes
    await assert.rejects(rollback({ layout, reason: 'try', to: 'v2-004' }), /v2-004 was rolled back from and not promoted since; reinstating it needs --force --reason/);
    assert.deepEqual(state(), ['v2-001', null]);
    await assert.rejects(rollback({ layout, reason: 'x', force: true }), /--force applies to --to/);
    c = await rollback({ layout, reason: 'the data error that sank it is fixed', to: 'v2-004', force: true });
    assert.deepEqual(state(), ['v2-004', null]);
    await assert.rejects(rollback({ layout, reason: 'x', to: 'v2-004' }), /v2-004 is already the champion/);
    const log = readFileSync(layout.decisionLog, 'utf8');
    assert.match(log, /Roll back to v2-002[\s\S]*v2-002 is the champion again; v2-004 was rolled back from; the next rollback target is v2-001\./);
    assert.match(log, /Roll back to v2-004[\s\S]*the data error that sank it is fixed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
