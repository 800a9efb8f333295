import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleTree } from '../../test/helpers/artifacts-tree.ts';
import { applyCleanup } from './cleanup.ts';
import { plotSpecs, regeneratePlots } from './regenerate-plots.ts';
import { csvToObjects } from '../util/csv.ts';
import { pngSize } from '../evaluation/render.ts';
import { smallPredictions } from '../../test/helpers/artifacts-tree.ts';

test('plot data comes from predictions.csv: every game in residuals, settled bets only in the betting plots', () => {
  const rows = csvToObjects(smallPredictions());
  const specs = plotSpecs('predictions.csv', rows, [{ feature: 'elo_diff', importance: 0.7 }]);
  const residuals = (specs.residuals as { data: { values: unknown[] } }).data.values;
  assert.equal(residuals.length, 48);
  const bets = rows.filter((r) => r.side !== 'none');
  assert.equal(bets.length, 16);
  const cum = (specs.cumulative_units as { data: { values: { series: string; units: number }[] } }).data.values;
  const all = cum.filter((v) => v.series === 'all');
  assert.equal(all.length, new Set(bets.map((r) => `${r.season}|${r.week}`)).size, 'one point per week with bets');
  assert.ok(Math.abs(all.at(-1)!.units - bets.reduce((a, r) => a + Number(r.units_won), 0)) < 1e-9);
  assert.ok(specs.feature_importance);
});

test('a bad number names file, line and column', () => {
  const rows = csvToObjects(smallPredictions());
  rows[3]!.prediction = 'abc';
  assert.throws(() => plotSpecs('p.csv', rows, null), /^UserError: p\.csv:5: column prediction: "abc" is not a number$/);
});

test('regenerate-plots rebuilds the five PNGs that cleanup deleted, from predictions.csv and the bundle', async () => {
  const t = writeSampleTree();
  applyCleanup(t.layout, { now: t.now });
  const plots = join(t.layout.experimentDir('v2-004', 3), 'plots');
  assert.equal(existsSync(join(plots, 'residuals.png')), false);
  const r = await regeneratePlots(t.layout, 'v2-004', { scale: 1 });
  assert.deepEqual(r.written.map((w) => w.path), ['residuals', 'calibration', 'feature_importance', 'cumulative_units', 'roi_by_edge'].map((n) => `experiments/phase3_models/v2-004/plots/${n}.png`));
  assert.deepEqual(r.skipped, []);
  for (const w of r.written) {
    const png = readFileSync(join(t.layout.root, w.path));
    assert.equal(png.byteLength, w.bytes);
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.ok(pngSize(png).width > 300, w.path);
  }
  // Without the bundle's importance file that plot is skipped, the others still written.
  rmSync(join(t.layout.modelBundle('v2-004', 3), 'feature_importance.csv'));
  const r2 = await regeneratePlots(t.layout, 'v2-004', { scale: 1 });
  assert.deepEqual(r2.skipped.map((s) => s.plot), ['feature_importance']);
});

test('regenerate-plots without predictions.csv says how to get it back', async () => {
  const t = writeSampleTree();
  rmSync(join(t.layout.experimentDir('v2-004', 3), 'predictions.csv'));
  await assert.rejects(regeneratePlots(t.layout, 'v2-004'), /cannot regenerate the plots of v2-004: .*predictions\.csv is gone \(re-run `edgelab train experiment=v2-004 --force`/);
  await assert.rejects(regeneratePlots(t.layout, 'v2-077'), /unknown experiment id "v2-077"/);
});
