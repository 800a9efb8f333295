import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  calibrationSpec,
  cumulativeUnitsSpec,
  cumulativeUnitsTable,
  featureImportanceSpec,
  reliabilityTable,
  residualsSpec,
  roiByEdgeSpec,
  roiByEdgeTable,
} from './plots.ts';
import { pngSize, renderPng, renderSvg } from './render.ts';
import { scored } from '../../test/support/evaluation-testkit.ts';

const BETS = [
  scored({ game_id: 'a', week: 2, edge: 3.2, cover_probability: 0.56, result: 'win', units_won: 1 / 1.1 }),
  scored({ game_id: 'b', week: 1, bet_type: 'total', side: 'over', edge: 4.5, cover_probability: 0.58, result: 'loss', units_won: -1 }),
  scored({ game_id: 'c', week: 1, edge: -11, cover_probability: 0.71, result: 'push', units_won: 0 }),
  scored({ game_id: 'd', week: 3, edge: -4.1, cover_probability: 0.52, recommended_units: 2, result: 'win', units_won: 2 / 1.1 }),
];

test('reliability table: bins, pushes excluded', () => {
  assert.deepEqual(reliabilityTable(BETS, 10), [{ bin_low: 0.5, bin_high: 0.6, n: 3, mean_probability: (0.56 + 0.58 + 0.52) / 3, win_rate: 2 / 3 }]);
  const t = reliabilityTable([...BETS, scored({ cover_probability: 1, result: 'win', units_won: 1 })], 4);
  assert.deepEqual(t.map((x) => [x.bin_low, x.n]), [[0.5, 3], [0.75, 1]]); // p = 1 goes into the last bin
});

test('ROI by |edge| bucket', () => {
  const t = roiByEdgeTable(BETS);
  assert.deepEqual(t.map((x) => [x.bucket, x.n_bets, x.staked]), [['3–4', 1, 1], ['4–5', 2, 3], ['≥ 10', 1, 1]]);
  assert.ok(Math.abs(t[1]!.roi - (2 / 1.1 - 1) / 3) < 1e-12);
  assert.equal(t[2]!.roi, 0);
});

test('cumulative units per market and overall, chronological', () => {
  const t = cumulativeUnitsTable(BETS);
  // order: b (wk1, total), c (wk1), a (wk2), d (wk3)
  assert.deepEqual(t.filter((r) => r.series === 'all').map((r) => +r.cumulative_units.toFixed(4)), [-1, -1, -0.0909, 1.7273]);
  assert.deepEqual(t.filter((r) => r.series === 'total').map((r) => r.cumulative_units), [-1]);
  assert.deepEqual(t.filter((r) => r.series === 'spread').map((r) => r.bet), [1, 2, 3]);
});

test('specs carry their data and titles', () => {
  const r = residualsSpec([{ bet_type: 'spread', prediction: 3, actual: 10 }, { bet_type: 'spread', prediction: 3, actual: null }]) as { data: { values: unknown[] } };
  assert.deepEqual(r.data.values, [{ market: 'spread', prediction: 3, residual: 7 }]);
  const f = featureImportanceSpec([{ feature: 'a', importance: 1 }, { feature: 'b', importance: 3 }, { feature: 'c', importance: 2 }], 2) as { data: { values: { feature: string }[] } };
  assert.deepEqual(f.data.values.map((v) => v.feature), ['b', 'c']);
});

test('rendering: SVG with text, PNG with signature, size and dimensions', async () => {
  const svg = await renderSvg(roiByEdgeSpec(roiByEdgeTable(BETS)));
  assert.match(svg, /^<svg/);
  assert.match(svg, /ROI by edge/);
  const specs = [
    residualsSpec(BETS.map((b) => ({ bet_type: b.bet_type, prediction: b.edge, actual: b.edge + 3 }))),
    calibrationSpec(reliabilityTable(BETS)),
    featureImportanceSpec([{ feature: 'elo', importance: 2 }, { feature: 'ypp', importance: 1 }]),
    cumulativeUnitsSpec(BETS),
    roiByEdgeSpec(roiByEdgeTable(BETS)),
  ];
  for (const spec of specs) {
    const png = await renderPng(spec, { scale: 1 });
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 5000, `png of ${png.length} bytes`);
    const { width, height } = pngSize(png);
    assert.ok(width >= 560 && width < 900, `width ${width}`);
    assert.ok(height >= 150 && height < 500, `height ${height}`);
  }
  // scale 2 doubles the pixels
  const one = pngSize(await renderPng(specs[4]!, { scale: 1 }));
  const two = pngSize(await renderPng(specs[4]!, { scale: 2 }));
  assert.equal(two.width, 2 * one.width);
});

test('text is drawn (a system font is found): a long title adds pixels', async () => {
  const t = roiByEdgeTable(BETS);
  const plain = await renderPng(roiByEdgeSpec(t, ''), { scale: 1 });
  const titled = await renderPng(roiByEdgeSpec(t, 'A long title that must be drawn with a real font, glyph by glyph'), { scale: 1 });
  assert.ok(titled.length > plain.length + 1000, `${titled.length} vs ${plain.length} bytes`);
});
