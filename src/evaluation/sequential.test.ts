import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrateCusum, cusumPath, operatingCharacteristics, winProbabilityForRoi } from './sequential.ts';

test('win probability for a ROI at a price: break-even at ROI 0, 55% ↔ +5% at −110', () => {
  assert.ok(Math.abs(winProbabilityForRoi(0) - 110 / 210) < 1e-12);
  assert.ok(Math.abs(winProbabilityForRoi(0.05) - 1.05 / (21 / 11)) < 1e-12);
  assert.ok(Math.abs(winProbabilityForRoi(0, 100) - 0.5) < 1e-12);
});

test('cusum path by hand: wins pull toward 0, losses push up, pushes change nothing', () => {
  const d = { dev_roi: 0.05, shift_points: 10, h: 0.3 };
  const p0 = 1.05 / (21 / 11);
  const p1 = 0.95 / (21 / 11);
  const w = Math.log(p1 / p0);
  const l = Math.log((1 - p1) / (1 - p0));
  const r = cusumPath([{ result: 'loss', price: -110 }, { result: 'push', price: -110 }, { result: 'win', price: -110 }, { result: 'loss', price: -110 }, { result: 'loss', price: -110 }, { result: 'loss', price: -110 }], d);
  const want = [l, l, Math.max(0, l + w), 0, 0, 0];
  for (let i = 3; i < 6; i++) want[i] = Math.max(0, want[i - 1]! + l);
  r.path.forEach((x, i) => assert.ok(Math.abs(x - want[i]!) < 1e-12, `${i}: ${x} vs ${want[i]}`));
  assert.equal(r.alarm_at, want.findIndex((x) => x >= 0.3));
});

test('calibration: a champion at its development ROI is advised in ≤ 5% of 17-week seasons (independent check); a 10-point decline far more often', () => {
  const c = { dev_roi: 0.04, shift_points: 10, bets_per_week: 8, weeks: 17, false_alarm: 0.05, seasons: 3000 };
  const d = calibrateCusum(c);
  assert.deepEqual(calibrateCusum(c), d, 'deterministic');
  const nul = operatingCharacteristics(d, { ...c, true_roi: 0.04, seed: 77 });
  // 3000 seasons: the rate is within ±1.2 points (3 SE) of its true value, itself ≤ 5%
  assert.ok(nul.alarm_rate <= 0.05 + 0.012, `null rate ${nul.alarm_rate}`);
  assert.ok(nul.alarm_rate >= 0.02, `not far below either: ${nul.alarm_rate}`);
  const bad = operatingCharacteristics(d, { ...c, true_roi: -0.06, seed: 78 });
  assert.ok(bad.alarm_rate > 3 * nul.alarm_rate, `${bad.alarm_rate} vs ${nul.alarm_rate}`);
  assert.throws(() => calibrateCusum({ ...c, bets_per_week: 0 }), /bets_per_week must be positive/);
});
