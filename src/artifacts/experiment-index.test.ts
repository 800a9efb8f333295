import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createLayout } from './layout.ts';
import { markStatus, readIndex, upsertIndexRow, STATUS_MARK } from './experiment-index.ts';
import { readTestLedger, recordTestLook } from './test-ledger.ts';

test('index rows are upserted by id and keep prose around the table', () => {
  const layout = createLayout(mkdtempSync(join(tmpdir(), 'edgelab-idx-')));
  mkdirSync(dirname(layout.experimentsIndex), { recursive: true });
  writeFileSync(layout.experimentsIndex, '# Mine\n\nnotes\n\n| ID | Phase | Date | Model | Features | RMSE | Hit rate | ROI | Status |\n|---|---|---|---|---|---|---|---|---|\n\nfooter\n');
  upsertIndexRow(layout, { ID: 'v2-001', Phase: '1', Model: 'ridge', RMSE: '15.61', Status: 'trained' });
  upsertIndexRow(layout, { ID: 'v2-002', Phase: '2', Model: 'ridge' });
  upsertIndexRow(layout, { ID: 'v2-001', RMSE: '15.58' });
  const rows = readIndex(layout);
  assert.deepEqual(rows.map((r) => [r.ID, r.RMSE, r.Model]), [['v2-001', '15.58', 'ridge'], ['v2-002', '', 'ridge']]);
  const text = readFileSync(layout.experimentsIndex, 'utf8');
  assert.match(text, /^# Mine\n\nnotes\n/);
  assert.match(text, /footer\n$/);
  // An index from before the League column is widened, and the column is filled.
  assert.match(text, /^\| ID \| Phase \| Date \| Model \| Features \| RMSE \| Hit rate \| ROI \| Status \| League \|\n\|---\|---\|---\|---\|---\|---\|---\|---\|---\|---\|$/m);
  upsertIndexRow(layout, { ID: 'v2-002', League: 'nfl' });
  assert.equal(readIndex(layout)[1]!.League, 'nfl');
  markStatus(layout, 'v2-001', 'champion');
  markStatus(layout, 'v2-002', 'champion');
  assert.deepEqual(readIndex(layout).map((r) => r.Status), [STATUS_MARK.promoted, STATUS_MARK.champion]);
});

test('the test ledger counts earlier looks at the same season', () => {
  const layout = createLayout(mkdtempSync(join(tmpdir(), 'edgelab-ledger-')));
  const look = (id: string, season: number) => ({ experiment_id: id, season, at: '2026-01-01T00:00:00Z', metrics: { roi: 0.01 } });
  assert.equal(recordTestLook(layout, look('v2-001', 2024)), 0);
  assert.equal(recordTestLook(layout, look('v2-004', 2024)), 1);
  assert.equal(recordTestLook(layout, look('v2-004', 2023)), 0);
  assert.equal(readTestLedger(layout).looks.length, 3);
});
