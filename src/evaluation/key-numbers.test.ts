import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { keyMultipliers, keyNumberMasses, keyNumberOutcome, type KeyNumbers } from './key-numbers.ts';
import { coverProbability, outcomeProbabilities } from './cover.ts';
import { decide, type Candidate } from './policy.ts';
import { normalCdf } from './normal.ts';
import { gameCalibrationTable } from './plots-uncertainty.ts';
import { loadConfig } from '../config/load.ts';
import { PACKAGE_CONF } from '../../test/helpers/tmp.ts';

const near = (x: number, y: number, tol = 1e-9) => assert.ok(Math.abs(x - y) < tol, `${x} ≈ ${y}`);
const NFL: KeyNumbers = loadConfig({ confDir: PACKAGE_CONF, overrides: ['league=nfl'] }).config.betting.key_numbers!;

test('one key number, hand-computed: its multiplier, and cover/push of a pick-em game at 2.5, 3 and 3.5', () => {
  // Population N(0, 14): the smooth share of |margin| = 3 is s = 2(Φ(3.5/14) − Φ(2.5/14)); the
  // published share f = 0.15 of it; the other margins share 1 − f in their smooth proportions.
  const key: KeyNumbers = { population_sd: 14, margins: [{ margin: 3, share: 0.15 }] };
  const s = 2 * (normalCdf(3.5 / 14) - normalCdf(2.5 / 14));
  const m = (0.15 / s) * ((1 - s) / (1 - 0.15));
  near(keyMultipliers(key).get(3)!, m);
  // A game with predicted margin 0 (symmetric, so the re-centring does not move it), sigma 13:
  // mass at ±3 is q·m, everything else smooth; Z normalises.
  const q = normalCdf(3.5 / 13) - normalCdf(2.5 / 13);
  const Z = 1 + 2 * (m - 1) * q;
  const tail35 = 1 - normalCdf(3.5 / 13); // P(M ≥ 4) under the smooth model
  const [a25, p25] = keyNumberOutcome(0, 13, 2.5, key); // home +2.5 dog... t = −line = 2.5: home covers when margin ≥ 3
  near(a25, (tail35 + m * q) / Z);
  assert.equal(p25, 0);
  const [a3, p3, b3] = keyNumberOutcome(0, 13, 3, key);
  near(a3, tail35 / Z);
  near(p3, (m * q) / Z);
  near(a3 + p3 + b3, 1);
  const [a35, p35] = keyNumberOutcome(0, 13, 3.5, key);
  near(a35, tail35 / Z);
  assert.equal(p35, 0);
});

test('the NFL profile reproduces its published shares on its population, and keeps each game\'s mean at the prediction', () => {
  const { lo, p } = keyNumberMasses(0, NFL.population_sd, NFL);
  const at = (k: number) => (k === 0 ? p[-lo]! : p[k - lo]! + p[-k - lo]!);
  for (const { margin, share } of NFL.margins) near(at(margin), share, 1e-9);
  // Between the keys, the rare margins stay rare: 5 and 8 below 4 %, 3 about 4× its neighbours.
  assert.ok(at(5) < 0.045 && at(8) < 0.04 && at(3) > 3 * at(2), `${at(5)} ${at(8)} ${at(3)} ${at(2)}`);
  fc.assert(
    fc.property(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: 8, max: 20, noNaN: true }), (mean, sigma) => {
      const d = keyNumberMasses(mean, sigma, NFL);
      let sum = 0;
      let m = 0;
      d.p.forEach((v, i) => {
        assert.ok(v >= 0);
        sum += v;
        m += (d.lo + i) * v;
      });
      near(sum, 1, 1e-9);
      near(m, mean, 1e-7);
    }),
    { numRuns: 40 },
  );
});

test('properties: probabilities add to 1, a half-point line never pushes, home cover never falls as the line grows', () => {
  fc.assert(
    fc.property(fc.double({ min: -17, max: 17, noNaN: true }), fc.double({ min: 9, max: 17, noNaN: true }), fc.integer({ min: -30, max: 30 }), (mean, sigma, k) => {
      let last = -1;
      for (const line of [k - 0.5, k, k + 0.5, k + 1]) {
        const p = outcomeProbabilities('spread', 'home', mean, line, sigma, NFL);
        near(p.p_win + p.p_push + p.p_loss, 1, 1e-9);
        if (!Number.isInteger(line)) assert.equal(p.p_push, 0);
        assert.ok(p.p_win >= last - 1e-12);
        last = p.p_win;
        const away = outcomeProbabilities('spread', 'away', mean, line, sigma, NFL);
        near(away.p_win, p.p_loss);
      }
    }),
    { numRuns: 60 },
  );
  // Totals are not margins: the key numbers leave them as they were.
  assert.deepEqual(outcomeProbabilities('total', 'over', 44.2, 44, 10, NFL), outcomeProbabilities('total', 'over', 44.2, 44, 10));
});

test('the half point around 3 and 7 is worth what the margins say; bet selection changes accordingly', () => {
  // A 3-point favourite (sigma 13.2): moving from −2.5 to −3.5 costs the mass at exactly 3.
  const win = (mean: number, line: number, key?: KeyNumbers) => outcomeProbabilities('spread', 'home', mean, line, 13.2, key).p_win;
  const smoothHalf = win(3, -2.5) - win(3, -3.5);
  const keyHalf = win(3, -2.5, NFL) - win(3, -3.5, NFL);
  near(keyHalf, outcomeProbabilities('spread', 'home', 3, -3, 13.2, NFL).p_push, 1e-12);
  assert.ok(smoothHalf > 0.025 && smoothHalf < 0.035, `smooth ${smoothHalf}`);
  assert.ok(keyHalf > 0.08 && keyHalf < 0.09, `key numbers ${keyHalf}`);
  // Around 7 as well; around 5 (no key number) the half point is worth less than the smooth one.
  assert.ok(win(7, -6.5, NFL) - win(7, -7.5, NFL) > 1.8 * (win(7, -6.5) - win(7, -7.5)));
  assert.ok(win(5, -4.5, NFL) - win(5, -5.5, NFL) < win(5, -4.5) - win(5, -5.5));

  // The same 1.1-point edge: laying 3.5 with a 4.6-point prediction is a bet under the smooth model
  // (cover 0.533 > 0.524) and not under key numbers (0.517: the many 3-point wins lose); taking
  // −2.5 with 3.6 is a bet under both, a stronger one with key numbers.
  const betting = loadConfig({ confDir: PACKAGE_CONF, overrides: ['league=nfl'] }).config.betting;
  const smooth = { ...betting, key_numbers: undefined };
  const c = (prediction: number, line: number): Candidate => ({
    game_id: 'g', season: 2024, season_type: 'regular', week: 5, bet_type: 'spread', prediction, line, sigma: 13.2, home_prior_games: 4, away_prior_games: 4,
  });
  const lay35 = [decide(c(4.6, -3.5), smooth), decide(c(4.6, -3.5), betting)];
  near(lay35[0]!.cover_probability, coverProbability(outcomeProbabilities('spread', 'home', 4.6, -3.5, 13.2)));
  assert.ok(lay35[0]!.bet !== null && lay35[0]!.cover_probability > 0.53);
  assert.equal(lay35[1]!.bet, null);
  assert.match(lay35[1]!.reason!, /cover probability 0\.51\d < 0\.524/);
  const lay25 = [decide(c(3.6, -2.5), smooth), decide(c(3.6, -2.5), betting)];
  assert.ok(lay25[0]!.bet !== null && lay25[1]!.bet !== null && lay25[1]!.expected_value > lay25[0]!.expected_value + 0.05);
});

test('a league profile whose shares leave nothing for the other margins is refused', () => {
  assert.throws(() => keyMultipliers({ population_sd: 14, margins: [{ margin: 3, share: 0.6 }, { margin: 7, share: 0.5 }] }), /betting\.key_numbers: the shares add up to 1\.1/);
});

test('the calibration plot of an NFL experiment uses the probabilities its bets used', () => {
  const game = { bet_type: 'spread' as const, prediction: 3.6, sigma: 13.2, line: -2.5, actual: 7 };
  const [withKeys] = gameCalibrationTable([game], 0.05, NFL);
  const [smooth] = gameCalibrationTable([game], 0.05);
  near(withKeys!.mean_probability, coverProbability(outcomeProbabilities('spread', 'home', 3.6, -2.5, 13.2, NFL)));
  assert.ok(withKeys!.mean_probability > 0.55 && smooth!.mean_probability < 0.55, `${withKeys!.mean_probability} ${smooth!.mean_probability}`);
});
