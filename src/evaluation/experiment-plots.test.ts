import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experimentPlotSpecs, importanceLabels, PLOT_NAMES, startExperimentPlots } from './experiment-plots.ts';
import { renderPng } from './plot-threads.ts';
import type { Spec } from './plots.ts';
import { rasterise, renderSvg } from './render.ts';
import { plotBets, plotRecords } from '../../test/support/plot-records.ts';

const IMPORTANCE = [
  { market: 'spread', feature: 'elo_diff', importance: 0.6 },
  { market: 'spread', feature: 'rest_days', importance: 0.4 },
  { market: 'total', feature: 'pace', importance: 1 },
];

test('experiment plots drawn on the helper threads are byte for byte those drawn in one thread', async () => {
  const rs = plotRecords(8, 6); // 96 records, 32 bets
  const bs = plotBets(rs);
  assert.ok(bs.length > 20 && bs.some((b) => b.result === 'push'));
  const started = startExperimentPlots('v9-001', rs, bs);
  const aside = await started.finish(IMPORTANCE);
  assert.deepEqual(Object.keys(aside), PLOT_NAMES.map((n) => `${n}.png`));
  // The path before the helpers: every spec drawn and rasterised here, one after the other.
  const played = rs.map((r) => ({ bet_type: r.market, prediction: r.prediction, actual: r.actual, sigma: r.sigma, line: r.line }));
  const specs = experimentPlotSpecs('v9-001', played, bs, importanceLabels(IMPORTANCE));
  for (const name of PLOT_NAMES) {
    const here = await rasterise(await renderSvg(specs[name]!), { scale: 2 });
    assert.ok(here.length > 5000, `${name}: ${here.length} bytes`);
    assert.ok(Buffer.from(aside[`${name}.png`]!).equals(Buffer.from(here)), `${name}.png differs`);
  }
});

test('a plot that cannot be drawn rejects with a message naming the rendering; the helpers keep working', async () => {
  const bad = { mark: 'point', encoding: { x: { field: 'a', type: 'no-such-type' } }, data: { values: [{ a: 1 }] } } as unknown as Spec;
  await assert.rejects(renderPng(bad, { scale: 1 }), /^Error: rendering a plot: /);
  const png = await renderPng({ mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } }, data: { values: [{ a: 1 }] } } as Spec, { scale: 1 });
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
});
