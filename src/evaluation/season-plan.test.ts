import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planDevSeasons, SeasonPlanError } from './season-plan.ts';

const roles = (complete: number[], test: number, trainable: number[]) => ({ complete, test, dev: [], trainable });

test('college odds from 2020 with 2020 excluded: two development seasons, and the note says why', () => {
  const plan = planDevSeasons(roles([2020, 2021, 2022, 2023, 2024, 2025], 2025, [2021, 2022, 2023, 2024, 2025]), { first_season: 2014, exclude_seasons: [2020], dev_seasons: 3 }, 'cfb');
  assert.deepEqual(plan.dev, [2023, 2024]);
  assert.match(plan.note, /2 development seasons \(evaluation.dev_seasons asks 3\).*start at 2021.*excluded seasons .*league profile cfb\): 2020/);
});

test('enough history: the last dev_seasons seasons before the test season, no note', () => {
  const plan = planDevSeasons(roles([2014, 2015, 2016, 2017, 2018, 2019], 2019, [2014, 2015, 2016, 2017, 2018, 2019]), { first_season: 2002, exclude_seasons: [], dev_seasons: 3 });
  assert.deepEqual(plan.dev, [2016, 2017, 2018]);
  assert.equal(plan.note, '');
});

test('too little history names the excluded season and the next step', () => {
  assert.throws(
    () => planDevSeasons(roles([2020, 2021, 2022], 2022, [2021, 2022]), { first_season: 2014, exclude_seasons: [2020], dev_seasons: 3 }, 'cfb'),
    (e: unknown) => e instanceof SeasonPlanError && /excluded seasons .*2020/.test(e.message) && /load earlier seasons/.test(e.message),
  );
});

test('property: every planned dev season has a burn-in season before it that has training games before it', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 2000, max: 2025 }), { minLength: 1, maxLength: 15 }), fc.integer({ min: 1, max: 4 }), fc.subarray([2020, 2010]), (seasons, n, excl) => {
      const complete = [...seasons].sort((a, b) => a - b);
      const test = complete[complete.length - 1]!;
      const trainable = complete.filter((y) => !excl.includes(y));
      try {
        const { dev } = planDevSeasons(roles(complete, test, trainable), { first_season: 1990, exclude_seasons: excl, dev_seasons: n });
        assert.ok(dev.length >= 1 && dev.length <= n);
        for (const d of dev) {
          assert.ok(d < test && !excl.includes(d));
          assert.ok(complete.some((b) => b < d && !excl.includes(b) && trainable.some((t) => t < b)));
        }
      } catch (e) {
        if (!(e instanceof SeasonPlanError)) throw e;
      }
    }),
  );
});
