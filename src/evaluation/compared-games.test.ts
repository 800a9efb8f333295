// The promotion test's headline shows each model's own figures on the compared games; a baseline
// the gates judge as standing aside (too few bets) keeps its real ROI in the headline and in the
// performance gate's detail (the NFL walkthrough printed "ROI 0.00%" for a baseline at −13%).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { gatesSchema, type GatesConfig } from '../config/groups/gates.ts';
import { promotionTest, type ModelRun } from './gates.ts';
import { baselineRoiLabel, comparedGames, comparisonLines } from './compared-games.ts';
import type { EvaluatedGame } from './metrics.ts';
import type { ScoredBet } from './types.ts';
import { scored } from '../../test/support/evaluation-testkit.ts';

const P3base = gatesSchema.parse(parse(readFileSync(new URL('../../conf/gates/phase3.yaml', import.meta.url), 'utf8')));
const P3: GatesConfig = { ...P3base, significance: { ...P3base.significance, n_bootstrap: 500 } };

/** 2 seasons × 10 weeks × 6 games; `bet(i)` → a home bet at −110 that wins when `win(i)`. */
function run(id: string, bet: (i: number) => boolean, win: (i: number) => boolean, seasons = [2021, 2022]): ModelRun {
  const predictions: EvaluatedGame[] = [];
  const bets: ScoredBet[] = [];
  let i = 0;
  for (const season of seasons) {
    for (let week = 1; week <= 10; week++) {
      for (let k = 0; k < 6; k++, i++) {
        const g = { game_id: `${season}_${week}_${k}`, season, season_type: 'regular' as const, week };
        predictions.push({ ...g, bet_type: 'spread', prediction: 3, actual: 1 });
        predictions.push({ ...g, bet_type: 'total', prediction: 44, actual: 40 });
        if (bet(i)) bets.push(scored({ ...g, result: win(i) ? 'win' : 'loss', units_won: win(i) ? 100 / 110 : -1 }));
      }
    }
  }
  return { id, predictions, bets };
}

test('a baseline standing aside keeps its real ROI on the compared games in the headline and the performance detail', () => {
  // baseline: 22 bets (every 5th game, 22 of them), 10 wins 12 losses → (10/1.1 − 12)/22 = −13.22%
  const base = run('v2-002', (i) => i % 5 === 0 && i < 110, (i) => i % 10 === 0 && i < 100);
  // candidate: 25 bets, 12 wins 13 losses → (12/1.1 − 13)/25
  const cand = run('v2-004', (i) => i % 4 === 1 && i < 100, (i) => i % 8 === 1 && i < 90);
  // the candidate also predicted a season the baseline did not: it is not compared
  cand.predictions = [...cand.predictions, { game_id: '2023_1_0', season: 2023, season_type: 'regular', week: 1, bet_type: 'spread', prediction: 1, actual: 0 }];
  const t = promotionTest({ baseline: base, candidate: cand, market: 'spread', created_at: '2026-12-05T00:00:00Z' }, P3);
  assert.equal(t.baseline_convention, 'stands_aside');
  assert.equal(t.baseline_roi, 0, 'the gates judge the convention: ROI 0');
  const c = comparedGames(base, cand, 'spread');
  const baseRoi = (10 / 1.1 - 12) / 22;
  const candRoi = (12 / 1.1 - 13) / 25;
  assert.deepEqual([c.games, c.seasons, c.baseline.bets, c.candidate.bets], [120, [2021, 2022], 22, 25]);
  assert.ok(Math.abs(c.baseline.roi! - baseRoi) < 1e-12);
  assert.ok(Math.abs(c.candidate.roi! - candRoi) < 1e-12);
  assert.ok(Math.abs(t.candidate_roi! - candRoi) < 1e-12);
  assert.ok(Math.abs(c.baseline.hit_rate! - 10 / 22) < 1e-12);
  assert.deepEqual(comparisonLines(t, c), [
    'compared on 120 common games (spread, seasons 2021–2022), phase 3 gates:',
    '  baseline  v2-002: 22 bets, ROI -13.22%, hit rate 45.45%',
    '            (under 100 bets: the gates judge it as standing aside, ROI 0)',
    '  candidate v2-004: 25 bets, ROI -8.36%, hit rate 48.00%',
  ]);
  assert.match(t.gates.performance.detail, /\(v2-002 placed 22 bets < 100, ROI -13\.22% on them: it stands aside, ROI 0\)/);
  // one-line summaries (decision log, demo, dashboard) name the convention instead of "0.00%"
  const fmt = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(2)}%`);
  assert.equal(baselineRoiLabel(t, fmt), 'stands aside (too few bets: 0 by convention)');
});

test('a baseline that bets enough is compared as it is; no bets at all reads n/a, never 0%', () => {
  const base = run('v2-001', () => true, (i) => i % 2 === 0);
  const cand = run('v2-002', () => true, (i) => i % 2 === 0 || i % 10 === 1);
  const t = promotionTest({ baseline: base, candidate: cand, market: 'spread', created_at: '2026-12-05T00:00:00Z' }, P3);
  const c = comparedGames(base, cand, 'spread');
  assert.equal(t.baseline_convention, 'bets');
  assert.ok(Math.abs(c.baseline.roi! - t.baseline_roi!) < 1e-12);
  assert.equal(comparisonLines(t, c).length, 3);
  assert.equal(baselineRoiLabel(t, (v) => (v === null ? 'n/a' : v.toFixed(6))), t.baseline_roi!.toFixed(6));
  // a test recorded before the convention existed has no baseline_convention: its ROI as recorded
  assert.equal(baselineRoiLabel({ baseline_roi: 0.0123 }, (v) => String(v)), '0.0123');
  const none = comparedGames(run('v2-001', () => false, () => false), cand, 'spread');
  assert.deepEqual([none.baseline.bets, none.baseline.roi, none.baseline.hit_rate], [0, null, null]);
  const tn = promotionTest({ baseline: run('v2-001', () => false, () => false), candidate: cand, market: 'spread', created_at: '2026-12-05T00:00:00Z' }, P3);
  assert.match(tn.gates.performance.detail, /\(v2-001 placed 0 bets < 100: it stands aside, ROI 0\)/);
  assert.equal(comparisonLines(tn, none)[1], '  baseline  v2-001: 0 bets, ROI n/a, hit rate n/a');
});
