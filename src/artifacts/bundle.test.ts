import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle, writeBundle } from './bundle.ts';
import { createLayout } from './layout.ts';
import { appendDecision } from './decision-log.ts';

test('a bundle round-trips and holds exactly its three files', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'edgelab-bundle-')), 'v2-001');
  writeBundle(dir, {
    model: { markets: { spread: { coef: [1.5, -0.25] } } },
    metadata: { id: 'v2-001', rmse: 15.6 },
    importance: { columns: ['market', 'feature', 'importance'], rows: [{ market: 'spread', feature: 'rating_diff', importance: 0.9 }] },
  });
  assert.deepEqual(readdirSync(dir).sort(), ['feature_importance.csv', 'metadata.json', 'model.json']);
  const b = readBundle<{ markets: unknown }, { rmse: number }>(dir);
  assert.deepEqual(b.model.markets, { spread: { coef: [1.5, -0.25] } });
  assert.equal(b.metadata.rmse, 15.6);
  assert.equal(readFileSync(join(dir, 'feature_importance.csv'), 'utf8'), 'market,feature,importance\nspread,rating_diff,0.9\n');
});

test('a bundle of another schema version is refused with the path in the message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-bundle-'));
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ schema_version: 99 }));
  assert.throws(() => readBundle(dir), /model\.json: bundle schema version 99 is not supported/);
  assert.throws(() => readBundle(join(dir, 'nope')), /has no model\.json/);
});

test('decisions are appended, never rewritten', () => {
  const layout = createLayout(mkdtempSync(join(tmpdir(), 'edgelab-dec-')));
  const e = (title: string) => ({ at: '2026-11-29T10:00:00Z', title, context: 'c', decision: 'd', reasoning: ['ROI +2.1 points', 'P = 0.96'], impact: 'i' });
  appendDecision(layout, e('Promote v2-004'));
  appendDecision(layout, e('Roll back to v2-002'));
  const text = readFileSync(layout.decisionLog, 'utf8');
  assert.match(text, /^# Decision log/);
  assert.ok(text.indexOf('Promote v2-004') < text.indexOf('Roll back to v2-002'));
  assert.match(text, /- ROI \+2\.1 points\n- P = 0\.96/);
});
