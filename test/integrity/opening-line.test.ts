// Route 1: opening-line bets with closing-line features. With evaluation.bet_line=opening, the
// bet is placed when the opener is published; the closing numbers (and every line of a later
// game) are published after that. Property: mutating every such line leaves the features and
// the walk-forward predictions bit-identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildFeaturesForWeeks, weeksOf } from '../../src/features/index.ts';
import { evaluateSeasons } from '../../src/workflow/train/train.ts';
import type { Dataset } from '../../src/data/schema.ts';
import { silentProgress } from '../../src/util/progress.ts';
import { cfbdShapedLeague } from '../support/cfbd-shaped-league.ts';
import { integrityConfig } from '../support/integrity-config.ts';

const league = cfbdShapedLeague([2020, 2021, 2022], 9);
const opening = integrityConfig(['evaluation.bet_line=opening']);

/** Replace every closing-line number (and the capture time and moneylines, all set at close) with arbitrary values. */
function mutateClosing(d: Dataset, values: number[]): Dataset {
  let k = 0;
  const next = () => values[k++ % values.length]!;
  return {
    ...d,
    lines: d.lines.map((l) => ({
      ...l,
      spread: k % 7 === 3 ? (next(), null) : next(),
      total: next() + 40,
      home_moneyline: Math.round(next() * 30),
      away_moneyline: null,
      captured_at: new Date(Date.UTC(2030, 0, 1) + next() * 1e6).toISOString(),
    })),
  };
}

function bitsOf(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
}

test('opening-line bets: the market features are the opening numbers of the provider that has them', () => {
  const frame = buildFeaturesForWeeks(league, opening.features, weeksOf(league, [2022]).slice(3, 4), { lineProviders: ['Bovada'], betLine: 'opening' });
  const row = frame.rows[0]!;
  const line = league.lines.find((l) => l.game_id === row.game_id && l.provider === 'Bovada')!;
  assert.equal(row.values[frame.columns.indexOf('spread')], line.spread_open);
  assert.equal(row.values[frame.columns.indexOf('total')], line.total_open);
  assert.notEqual(line.spread_open, line.spread, 'fixture: opener and closer differ for this game');
});

test('property: mutating every line published after an opening-line bet leaves features and predictions bit-identical', async () => {
  const base = await evaluateSeasons(league, opening, [2022], silentProgress);
  const baseFrame = buildFeaturesForWeeks(league, opening.features, weeksOf(league), { lineProviders: opening.data.line_provider_preference, betLine: 'opening' });
  await fc.assert(
    fc.asyncProperty(fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 20 }), async (values) => {
      const mutated = mutateClosing(league, values);
      const frame = buildFeaturesForWeeks(mutated, opening.features, weeksOf(mutated), { lineProviders: opening.data.line_provider_preference, betLine: 'opening' });
      assert.equal(frame.rows.length, baseFrame.rows.length);
      frame.rows.forEach((r, i) => assert.equal(bitsOf(r.values), bitsOf(baseFrame.rows[i]!.values), `features of ${r.game_id}`));
      const ev = await evaluateSeasons(mutated, opening, [2022], silentProgress);
      ev.predictions.forEach((p, m) => {
        assert.equal(bitsOf(p.oos), bitsOf(base.predictions[m]!.oos), `${p.design.market} predictions`);
        assert.equal(bitsOf(p.sigma), bitsOf(base.predictions[m]!.sigma), `${p.design.market} predictive spread`);
      });
    }),
    { numRuns: 6 },
  );
});

test('closing-line bets do read the closing numbers (the property above is not vacuous)', async () => {
  const closing = integrityConfig(['evaluation.bet_line=closing']);
  const a = await evaluateSeasons(league, closing, [2022], silentProgress);
  const b = await evaluateSeasons(mutateClosing(league, [1.5, -4, 7]), closing, [2022], silentProgress);
  assert.notEqual(bitsOf(a.predictions[0]!.oos), bitsOf(b.predictions[0]!.oos));
});
