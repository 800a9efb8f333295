import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planFolds, seasonRoles, inTrainingWindow, inPredictWeeks, weekSlots } from './walkforward.ts';
import { weekOrdinal, type Game } from '../data/schema.ts';
import type { EvaluationConfig } from '../config/groups/evaluation.ts';

/** Kickoff of a labelled week in this file's calendar: regular weeks from 1 September, postseason from 15 December, a week apart. */
function kickoff(season: number, week: number, seasonType: Game['season_type'] = 'regular'): string {
  const base = seasonType === 'postseason' ? Date.UTC(season, 11, 15, 18) : Date.UTC(season, 8, 1, 18);
  return new Date(base + (week - 1) * 7 * 86_400_000).toISOString();
}

function game(season: number, week: number, opts: Partial<Game> = {}): Game {
  return {
    game_id: `${season}-${opts.season_type ?? 'regular'}-${week}-${opts.home_team ?? 'A'}`,
    season,
    season_type: 'regular',
    week,
    start_date: kickoff(season, week, opts.season_type),
    neutral_site: false,
    conference_game: true,
    home_team: 'A',
    away_team: 'B',
    home_conference: null,
    away_conference: null,
    home_points: 21,
    away_points: 17,
    completed: true,
    ...opts,
  };
}

const cfg: EvaluationConfig = {
  first_season: 2014,
  exclude_seasons: [2020],
  dev_seasons: 3,
  test_season: null,
  max_train_seasons: null,
  refit_every: 1,
  bet_line: 'closing',
  include_postseason: true,
  workers: null,
};

function league(): Game[] {
  const gs: Game[] = [];
  for (let s = 2014; s <= 2025; s++) {
    const done = (w: number) => s < 2025 || w <= 2;
    for (let w = 1; w <= 4; w++)
      gs.push(game(s, w, { completed: done(w), home_points: done(w) ? 20 : null, away_points: done(w) ? 10 : null }));
    gs.push(game(s, 1, { season_type: 'postseason', completed: s < 2025, home_points: s < 2025 ? 3 : null, away_points: s < 2025 ? 0 : null }));
  }
  return gs;
}

test('season roles: last complete season is the test season; dev are the three before, skipping excluded', () => {
  const roles = seasonRoles(league(), cfg);
  assert.equal(roles.test, 2024);
  assert.deepEqual(roles.dev, [2021, 2022, 2023]);
  assert.ok(!roles.trainable.includes(2020));
  const roles2 = seasonRoles(league(), { ...cfg, test_season: 2022 });
  assert.deepEqual(roles2.dev, [2018, 2019, 2021]);
});

test('postseason week 1 sorts after the regular season and never collides with regular week 1', () => {
  const slots = weekSlots(league().filter((g) => g.season === 2015));
  assert.deepEqual(
    slots.map((s) => `${s.season_type}:${s.week}`),
    ['regular:1', 'regular:2', 'regular:3', 'regular:4', 'postseason:1'],
  );
});

test('weeks are ordered by first kickoff, not label: CFBD-style FCS playoffs (postseason 13-15) come before the bowls (postseason 1)', () => {
  const gs = [
    game(2023, 12),
    ...[13, 14, 15].map((w) => game(2023, w, { season_type: 'postseason', start_date: new Date(Date.UTC(2023, 10, 25 + (w - 13) * 7, 18)).toISOString() })),
    game(2023, 1, { season_type: 'postseason', start_date: '2023-12-16T17:00:00Z' }),
  ];
  const slots = weekSlots(gs);
  assert.deepEqual(slots.map((s) => `${s.season_type}:${s.week}`), ['regular:12', 'postseason:13', 'postseason:14', 'postseason:15', 'postseason:1']);
  // The fold predicting FCS playoff week 13 never trains on a bowl; the bowls' fold trains on every playoff game.
  const folds = planFolds(gs, [2023], { ...cfg, first_season: 2023 });
  const bowl = gs[gs.length - 1]!;
  assert.equal(inTrainingWindow(bowl, folds[1]!), false);
  assert.deepEqual(gs.filter((g) => inTrainingWindow(g, folds[4]!)).map((g) => g.week), [12, 13, 14, 15]);
});

test('a game whose result was not yet in at the first kickoff (kicked off < 5 h before) is not trained on', () => {
  const gs = [game(2023, 1, { start_date: '2023-09-02T16:00:00Z' }), game(2023, 2, { start_date: '2023-09-02T20:00:00Z', home_team: 'C' }), game(2023, 3, { start_date: '2023-09-02T21:00:00Z', home_team: 'D' })];
  const folds = planFolds(gs, [2023], { ...cfg, first_season: 2023 });
  assert.deepEqual(gs.filter((g) => inTrainingWindow(g, folds[2]!)).map((g) => g.week), [1]);
});

test('a fold trains only on games finished before the first week it predicts', () => {
  const gs = league();
  const folds = planFolds(gs, [2022, 2023], cfg);
  assert.equal(folds.length, 10); // 4 regular + 1 postseason week, two seasons
  for (const f of folds) {
    const train = gs.filter((g) => inTrainingWindow(g, f));
    const pred = gs.filter((g) => inPredictWeeks(g, f));
    assert.ok(pred.length > 0);
    const minPred = Math.min(...pred.map((g) => weekOrdinal(g.season, g.season_type, g.week)));
    for (const g of train) assert.ok(weekOrdinal(g.season, g.season_type, g.week) < minPred);
    assert.ok(train.every((g) => g.season !== 2020));
  }
  // The first fold of 2022 (week 1) trains on every game of 2014-2021 except 2020: 7 seasons x 5.
  const first = folds[0]!;
  assert.equal(first.trainBefore, Date.parse(kickoff(2022, 1)));
  assert.equal(gs.filter((g) => inTrainingWindow(g, first)).length, 7 * 5);
});

test('refit_every groups weeks within a season; max_train_seasons bounds the window', () => {
  const folds = planFolds(league(), [2023], { ...cfg, refit_every: 2, max_train_seasons: 2 });
  assert.deepEqual(
    folds.map((f) => f.predict.map((s) => `${s.season_type[0]}${s.week}`)),
    [['r1', 'r2'], ['r3', 'r4'], ['p1']],
  );
  assert.equal(folds[0]!.trainFromSeason, 2021);
});

test('property: no fold ever trains on a game at or after a week it predicts', () => {
  const gs = league();
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }), (refit, maxSeasons) => {
      const c = { ...cfg, refit_every: refit, max_train_seasons: maxSeasons };
      for (const f of planFolds(gs, [2021, 2022, 2023, 2024], c)) {
        const first = Math.min(...f.predict.map((s) => s.ordinal));
        const firstKickoff = Math.min(...gs.filter((g) => inPredictWeeks(g, f)).map((g) => Date.parse(g.start_date)));
        for (const g of gs) {
          if (!inTrainingWindow(g, f)) continue;
          assert.ok(weekOrdinal(g.season, g.season_type, g.week) < first);
          assert.ok(Date.parse(g.start_date) < firstKickoff);
        }
      }
    }),
    { numRuns: 30 },
  );
});
