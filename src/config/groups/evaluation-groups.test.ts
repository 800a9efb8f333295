// The shipped conf/ files of the groups owned by evaluation/ parse with their schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { bettingSchema } from './betting.ts';
import { evaluationSchema } from './evaluation.ts';
import { gatesSchema } from './gates.ts';
import { monitoringSchema } from './monitoring.ts';

const load = (file: string): unknown => parse(readFileSync(new URL(`../../../conf/${file}`, import.meta.url), 'utf8'));

test('conf/betting, gates, monitoring and evaluation parse', () => {
  assert.equal(bettingSchema.parse(load('betting/default.yaml')).limits.max_weekly_exposure, 0.15);
  assert.equal(gatesSchema.parse(load('gates/phase2.yaml')).significance.min_confidence, 0.9);
  assert.equal(gatesSchema.parse(load('gates/phase3.yaml')).performance.min_roi_lift, 1.5);
  assert.equal(monitoringSchema.parse(load('monitoring/alerts.yaml')).yellow.drift_p_value, 0.01);
  assert.equal(evaluationSchema.parse(load('evaluation/default.yaml')).first_season, 2014);
});

test('a misspelt key is refused', () => {
  const bad = { ...(load('gates/phase2.yaml') as object), volumes: { min_bets: 1 } };
  assert.throws(() => gatesSchema.parse(bad), /volumes/);
});
