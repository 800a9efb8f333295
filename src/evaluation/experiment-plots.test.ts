import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PredictionRecord } from './backtest.ts';
import { experimentPlotSpecs, importanceLabels, PLOT_NAMES, startExperimentPlots } from './experiment-plots.ts';
import { renderPng } from './plot-threads.ts';
import type { Spec } from './plots.ts';
import { rasterise, renderSvg } from './render.ts';
import { scored } from '../../test/support/evaluation-testkit.ts';
import type { ScoredBet } from './types.ts';

// A small season of both markets: predictions, lines and outcomes from a fixed LCG.
function records(): PredictionRecord[] {
  let s = 12345;
  const u = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out: PredictionRecord[] = [];
  for (let week = 1; week <= 8; week++) {
    for (let g = 0; g < 6; g++) {
      for (const market of ['spread', 'total'] as const) {
        const line = market === 'spread' ? Math.round((u() - 0.5) * 20) / 2 : 40 + Math.round(u() * 20) / 2;
        const prediction = market === 'spread' ? (u() - 0.5) * 16 : 40 + u() * 12;
        const actual = week === 8 && g === 5 ? null : market === 'spread' ? Math.round((u() - 0.5) * 40) : Math.round(25 + u() * 40);
        out.push({
          game_id: `g${week}-${g}`, season: 2023, season_type: 'regular', week, home_team: 'A', away_team: 'B', market, prediction,
          sigma: market === 'spread' ? 13 : 14, line, closing_line: line, edge: null, cover_probability: null, expected_value: null,
          bet_side: 'none', price: null, stake: 0, actual, result: null, units_won: 0, eligible: true, reason: null,
        });
      }
    }
  }
  return out;
}

function bets(rs: readonly PredictionRecord[]): ScoredBet[] {
  return rs
    .filter((r, i) => r.actual !== null && i % 3 === 0)
    .map((r, i) => {
      const result = i % 5 === 4 ? 'push' : i % 2 === 0 ? 'win' : 'loss';
      return scored({ game_id: r.game_id, week: r.week, bet_type: r.market, side: r.market === 'spread' ? 'home' : 'over', edge: 1 + (i % 9), cover_probability: 0.53 + (i % 7) / 100, result, units_won: result === 'win' ? 1 / 1.1 : result === 'loss' ? -1 : 0 });
    });
}

const IMPORTANCE = [
  { market: 'spread', feature: 'elo_diff', importance: 0.6 },
  { market: 'spread', feature: 'rest_days', importance: 0.4 },
  { market: 'total', feature: 'pace', importance: 1 },
];

test('experiment plots drawn on the helper threads are byte for byte those drawn in one thread', async () => {
  const rs = records();
  const bs = bets(rs);
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
