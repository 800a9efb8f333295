import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barSpec, lineSpec, residualsSpec } from './plots.ts';
import { edgeSpec, edgeTable, gameCalibrationSpec, gameCalibrationTable, importanceSpec, weeklyCumulative, weeklyCumulativeSpec } from './plots-uncertainty.ts';
import { pngSize, renderSvg } from './render.ts';
import { drawPlot } from './plot-threads.ts';
import { scored } from '../../test/support/evaluation-testkit.ts';

// Drawn in this thread: drawPlot is what a plot helper runs for renderPng, and
// experiment-plots.test.ts shows the helpers give its bytes; a helper here would load vega and
// resvg a second time (≈ 0.5 s of CPU) for the same pictures.
const renderPng = (spec: Parameters<typeof drawPlot>[0]['spec'], opts: { scale: number }) => drawPlot({ spec, ...opts });

const BETS = [
  scored({ game_id: 'a', week: 2, edge: 3.2, cover_probability: 0.56, result: 'win', units_won: 1 / 1.1 }),
  scored({ game_id: 'b', week: 1, bet_type: 'total', side: 'over', edge: 4.5, cover_probability: 0.58, result: 'loss', units_won: -1 }),
  scored({ game_id: 'c', week: 1, edge: -11, cover_probability: 0.71, result: 'push', units_won: 0 }),
  scored({ game_id: 'd', week: 3, edge: -4.1, cover_probability: 0.52, recommended_units: 2, result: 'win', units_won: 2 / 1.1 }),
];

test('cumulative units by week in kickoff order: every series has a point each week, so they line up', () => {
  const t = weeklyCumulative(BETS);
  // weeks 1 (b total −1, c push 0), 2 (a +0.909), 3 (d +1.818)
  assert.deepEqual(t.filter((r) => r.series === 'all').map((r) => [r.week, +r.units.toFixed(4)]), [[1, -1], [2, -0.0909], [3, 1.7273]]);
  assert.deepEqual(t.filter((r) => r.series === 'total').map((r) => r.units), [-1, -1, -1]);
  assert.deepEqual(t.filter((r) => r.series === 'spread').map((r) => +r.units.toFixed(4)), [0, 0.9091, 2.7273]);
  assert.deepEqual(t.filter((r) => r.series === 'all').map((r) => r.label), ['2023 W1', '2023 W2', '2023 W3']);
});

test('ROI by edge: every bucket kept (n=0 too), n and a ±1.96 SE interval per bucket', () => {
  const t = edgeTable(BETS);
  assert.deepEqual(t.map((x) => [x.bucket, x.n_bets]), [['0–1', 0], ['1–2', 0], ['2–3', 0], ['3–4', 1], ['4–5', 2], ['5–7', 0], ['7–10', 0], ['≥ 10', 1]]);
  const b = t[4]!; // b: −1 on 1 unit, d: +2/1.1 on 2 units → returns −1 and +0.909
  assert.ok(Math.abs(b.roi! - (2 / 1.1 - 1) / 3) < 1e-12);
  const sd = Math.abs(-1 - 1 / 1.1) / Math.sqrt(2);
  assert.ok(Math.abs(b.hi! - b.roi! - 1.959963984540054 * sd / Math.sqrt(2)) < 1e-9);
  assert.equal(t[0]!.roi, null);
  assert.equal(t[3]!.lo, null, 'one bet: no interval');
});

test('calibration over all games: the favoured side, Wilson intervals, pushes and games without a line dropped', () => {
  const g = (prediction: number, line: number | null, actual: number | null) => ({ bet_type: 'spread' as const, prediction, sigma: 10, line, actual });
  // P(home covers) = Φ((pred + line)/σ): pred 3, line −1 → Φ(0.2) = 0.579 (home favoured); covered when actual − 1 > 0
  const t = gameCalibrationTable([g(3, -1, 7), g(3, -1, 0), g(3, -1, 1), g(-3, 1, -7), g(3, null, 7), g(3, -1, null)]);
  assert.equal(t.length, 1);
  assert.equal(t[0]!.bin, '55–60%');
  assert.equal(t[0]!.n, 3); // the push (actual 1) and the unpriced/unplayed games are dropped
  assert.equal(t[0]!.win_rate, 2 / 3); // home covered once, away (favoured in the 4th) covered once
  assert.ok(t[0]!.lo < 2 / 3 && t[0]!.hi > 2 / 3 && t[0]!.lo > 0 && t[0]!.hi < 1);
});

test('specs carry their data and titles', () => {
  const r = residualsSpec([{ bet_type: 'spread', prediction: 3, actual: 10 }, { bet_type: 'spread', prediction: 3, actual: null }]) as { data: { values: unknown[] } };
  assert.deepEqual(r.data.values, [{ market: 'spread', prediction: 3, residual: 7 }]);
  const f = importanceSpec([{ feature: 'a', importance: 1 }, { feature: 'b', importance: 3 }, { feature: 'c', importance: 2 }], 'imp', 2) as { data: { values: { feature: string }[] }; encoding: { y: { axis: { labelLimit: number } } }; title: { subtitle: string[] } };
  assert.deepEqual(f.data.values.map((v) => v.feature), ['b', 'c']);
  assert.equal(f.encoding.y.axis.labelLimit, 0, 'full feature names');
  assert.match(f.title.subtitle.join(' '), /share of its market's total .*standardised feature.*gain/);
});

test('rendering: SVG with text, PNG with signature, size and dimensions', async () => {
  const svg = await renderSvg(edgeSpec(edgeTable(BETS), 'ROI by edge'));
  assert.match(svg, /^<svg/);
  assert.match(svg, /ROI by edge/);
  const specs = [
    residualsSpec(BETS.map((b) => ({ bet_type: b.bet_type, prediction: b.edge, actual: b.edge + 3 }))),
    gameCalibrationSpec(gameCalibrationTable(BETS.map((b) => ({ bet_type: b.bet_type, prediction: b.edge, sigma: 10, line: 0.5, actual: b.edge + 3 }))), 'calibration'),
    importanceSpec([{ feature: 'elo', importance: 2 }, { feature: 'ypp', importance: 1 }], 'importance'),
    weeklyCumulativeSpec(BETS, 'cumulative units'),
    edgeSpec(edgeTable(BETS), 'ROI by edge'),
  ];
  for (const spec of specs) {
    const png = await renderPng(spec, { scale: 1 });
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 5000, `png of ${png.length} bytes`);
    const { width, height } = pngSize(png);
    assert.ok(width >= 560 && width < 1000, `width ${width}`);
    assert.ok(height >= 150 && height < 500, `height ${height}`);
  }
  // scale 2 doubles the pixels
  const one = pngSize(await renderPng(specs[4]!, { scale: 1 }));
  const two = pngSize(await renderPng(specs[4]!, { scale: 2 }));
  assert.equal(two.width, 2 * one.width);
});

test('text is drawn (a system font is found): a long title adds pixels', async () => {
  const t = edgeTable(BETS);
  const plain = await renderPng(edgeSpec(t, ''), { scale: 1 });
  const titled = await renderPng(edgeSpec(t, 'A long title that must be drawn with a real font, glyph by glyph'), { scale: 1 });
  assert.ok(titled.length > plain.length + 1000, `${titled.length} vs ${plain.length} bytes`);
});

test('the zero rule is drawn once, not once per row of the chart', async () => {
  const rows = BETS.map((b) => ({ bet_type: b.bet_type, prediction: b.edge, actual: b.edge + 3 }));
  const rules = (svg: string) => svg.match(/<line[^>]*stroke="#444"/g)?.length ?? 0;
  assert.equal(rules(await renderSvg(residualsSpec([...rows, ...rows, ...rows]))), 1, 'residuals');
  assert.equal(rules(await renderSvg(weeklyCumulativeSpec(BETS, 'units'))), 1, 'cumulative units');
  assert.equal(rules(await renderSvg(edgeSpec(edgeTable(BETS), 'ROI by edge'))), 1, 'ROI by edge');
  assert.equal(rules(await renderSvg(lineSpec(rows, { title: 't', x: 'prediction', xTitle: 'x', y: 'actual', yTitle: 'y', zeroRule: true }))), 1, 'line chart');
  assert.equal(rules(await renderSvg(barSpec(rows, { title: 't', x: 'prediction', xTitle: 'x', y: 'actual', yTitle: 'y' }))), 1, 'bar chart');
});
