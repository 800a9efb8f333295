// Route 7: time order following week labels. CFBD labels the FCS playoffs postseason weeks 13-15
// (played late November to early December) and the bowls postseason week 1 (mid December on).
// Ordered by label, the bowls came "before" the playoffs and their results entered the playoffs'
// features and training windows. Ordered by kickoff, randomising the bowl scores cannot change
// a single FCS-playoff prediction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateSeasons } from '../../src/workflow/train/train.ts';
import type { Dataset } from '../../src/data/schema.ts';
import type { MarketPredictions } from '../../src/evaluation/backtest.ts';
import { silentProgress } from '../../src/util/progress.ts';
import { cfbdShapedLeague, isBowl, isFcsPlayoff } from '../support/cfbd-shaped-league.ts';
import { integrityConfig } from '../support/integrity-config.ts';

const league = cfbdShapedLeague([2020, 2021, 2022, 2023], 5);
const config = integrityConfig(['features.elo.enabled=true']);

function withScores(d: Dataset, pick: (g: Dataset['games'][number]) => boolean, scores: number[]): Dataset {
  let k = 0;
  return { ...d, games: d.games.map((g) => (g.season === 2023 && pick(g) ? { ...g, home_points: scores[k++ % scores.length]!, away_points: scores[k++ % scores.length]! } : g)) };
}

/** Each market's prediction and predictive spread of the games `pick` selects, by game id. */
function predictionsOf(markets: MarketPredictions[], pick: (r: MarketPredictions['design']['rows'][number]) => boolean): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const m of markets) m.design.rows.forEach((r, i) => pick(r) && out.set(`${m.design.market}:${r.game_id}`, [m.oos[i]!, m.sigma[i]!]));
  return out;
}

test('randomising the bowl scores (postseason week 1, played last) leaves every FCS-playoff prediction bit-identical', async () => {
  const base = predictionsOf((await evaluateSeasons(league, config, [2023], silentProgress)).predictions, (r) => r.season === 2023 && isFcsPlayoff(r));
  assert.equal(base.size, 2 * 7, 'seven FCS-playoff games, two markets');
  for (const [, [p]] of base) assert.ok(Number.isFinite(p));
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 70 }), { minLength: 2, maxLength: 12 }), async (scores) => {
      const ev = await evaluateSeasons(withScores(league, isBowl, scores), config, [2023], silentProgress);
      const got = predictionsOf(ev.predictions, (r) => r.season === 2023 && isFcsPlayoff(r));
      for (const [id, [p, s]] of base) {
        assert.ok(Object.is(got.get(id)![0], p), `${id}: prediction ${got.get(id)![0]} vs ${p}`);
        assert.ok(Object.is(got.get(id)![1], s), `${id}: predictive spread`);
      }
    }),
    { numRuns: 4 },
  );
});

test('the FCS-playoff predictions do depend on earlier results: changing week-13 playoff scores moves week 14 and 15', async () => {
  const pick = (r: { season: number; season_type: string; week: number }) => r.season === 2023 && r.season_type === 'postseason' && r.week >= 14;
  const a = predictionsOf((await evaluateSeasons(league, config, [2023], silentProgress)).predictions, pick);
  const b = predictionsOf((await evaluateSeasons(withScores(league, (g) => isFcsPlayoff(g) && g.week === 13, [70, 0, 3]), config, [2023], silentProgress)).predictions, pick);
  assert.ok([...a].some(([id, [p]]) => !Object.is(b.get(id)![0], p)));
});
