// What feature builds keep for later builds (build-memo.ts: indexed history, market lines, season
// end states) must be invisible: week by week through a live season, with random changes to
// earlier seasons' games, team statistics and lines and a new team, a build that reuses them
// equals a fresh build bit for bit; and with everything kept warm, nothing on or after a target's
// week reaches its features (the point-in-time guarantee).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { betLines, buildFeaturesForWeeks, weeksOf, type Target } from './index.ts';
import { clearFrameMemo } from './frame-memo.ts';
import { clearBuildMemo, historyOf } from './build-memo.ts';
import { preferredLines } from '../data/line-preference.ts';
import { weekOrdinal, type Dataset, type Game } from '../data/schema.ts';
import { syntheticLeague } from '../../test/support/synthetic-league.ts';
import { cloneDataset, frameDifference, PRESETS } from '../../test/support/features-testkit.ts';
import { loadFeatureSet } from '../workflow/feature-set.ts';

const league = syntheticLeague({ teams: 8, seasons: [2018, 2019, 2020, 2021], weeks: 4, postseasonWeeks: 1, seed: 9 });
const freeze = <T extends object>(r: T): T => Object.freeze(r);
const base: Dataset = { games: league.games.map((g) => freeze({ ...g })), lines: league.lines.map((l) => freeze({ ...l })), teamGames: league.teamGames.map((t) => freeze({ ...t })) };
const LIVE = 2021;
const liveWeeks = weeksOf(base, [LIVE]);
const ord = (t: Target) => weekOrdinal(t.season, t.seasonType, t.week);
const configs = Object.fromEntries(PRESETS.map((p) => [p, loadFeatureSet(p)]));
// Each live game's hidden form, made once: the same object every week, as the demo's reveal.
const hidden = new Map<string, Game>(base.games.filter((g) => g.season === LIVE).map((g) => [g.game_id, freeze({ ...g, home_points: null, away_points: null, completed: false })]));

/** The data as of live week `upTo` (its results and the ones before it known). */
function revealed(upTo: number, changes: Dataset): Dataset {
  const ordOf = new Map(base.games.map((g) => [g.game_id, weekOrdinal(g.season, g.season_type, g.week)]));
  const shown = (id: string) => ordOf.get(id)! <= upTo || !hidden.has(id);
  return {
    games: changes.games.map((g) => (shown(g.game_id) ? g : hidden.get(g.game_id) ?? g)),
    lines: changes.lines,
    teamGames: changes.teamGames.filter((t) => shown(t.game_id)),
  };
}

const change = fc.record({
  kind: fc.constantFrom('score', 'stat', 'line', 'team', 'none'),
  row: fc.nat(),
  value: fc.integer({ min: 0, max: 45 }),
});

/** Changed rows are new frozen objects; every other row stays the same object. */
function applyChanges(d: Dataset, cs: { kind: string; row: number; value: number }[]): Dataset {
  const out: Dataset = { games: [...d.games], lines: [...d.lines], teamGames: [...d.teamGames] };
  for (const c of cs) {
    if (c.kind === 'score') {
      const i = c.row % out.games.length;
      out.games[i] = freeze({ ...out.games[i]!, home_points: c.value });
    } else if (c.kind === 'stat') {
      const i = c.row % out.teamGames.length;
      out.teamGames[i] = freeze({ ...out.teamGames[i]!, yards_per_play: c.value / 7, success_rate: c.value / 50 });
    } else if (c.kind === 'line') {
      const i = c.row % out.lines.length;
      out.lines[i] = freeze({ ...out.lines[i]!, spread: -c.value / 3, total: 30 + c.value });
    } else if (c.kind === 'team') {
      const g = out.games[c.row % out.games.length]!;
      out.games.push(freeze({ ...g, game_id: `extra-${c.row}`, home_team: `Team Z${c.value % 3}` }));
    }
  }
  return out;
}

test('features built with kept history, lines and season ends equal a fresh build, week by week, for random changes', () => {
  clearBuildMemo();
  fc.assert(
    fc.property(fc.constantFrom(...PRESETS), fc.array(fc.array(change, { maxLength: 2 }), { minLength: 3, maxLength: 5 }), fc.constantFrom<'closing' | 'opening'>('closing', 'opening'), (name, steps, betLine) => {
      let d = base;
      steps.forEach((cs, i) => {
        d = applyChanges(d, cs);
        const target = liveWeeks[i % liveWeeks.length]!;
        const data = revealed(ord(target) - 1, d);
        const opts = { betLine, lineProviders: ['book b'] };
        clearFrameMemo(); // the frame memo would hide what is under test
        const kept = buildFeaturesForWeeks(data, configs[name]!, [target], opts);
        const fresh = buildFeaturesForWeeks(cloneDataset(data), configs[name]!, [target], opts); // unfrozen: nothing kept
        assert.ok(kept.rows.length > 0);
        assert.equal(frameDifference(kept, fresh), null, `${name} step ${i}`);
        assert.deepEqual(kept.meta, fresh.meta);
        for (const m of ['spread', 'total'] as const) {
          assert.deepEqual(betLines(data.lines, opts.lineProviders, m, betLine), preferredLines(cloneDataset(data).lines, opts.lineProviders, betLine === 'opening' ? `${m}_open` : m));
        }
      });
    }),
    { numRuns: 18, seed: 31 },
  );
});

test('with everything kept warm, results on or after a target week never reach its features', () => {
  clearBuildMemo();
  const all = weeksOf(base);
  fc.assert(
    fc.property(fc.constantFrom(...PRESETS), fc.integer({ min: 1, max: all.length - 1 }), fc.integer({ min: 1, max: 30 }), (name, wi, bump) => {
      const target = all[wi]!;
      clearFrameMemo();
      buildFeaturesForWeeks(base, configs[name]!, all); // every season end and the history kept
      const before = buildFeaturesForWeeks(base, configs[name]!, [target]);
      // Results and statistics of the target's week and later change (new frozen rows).
      const late = new Set(base.games.filter((g) => weekOrdinal(g.season, g.season_type, g.week) >= ord(target)).map((g) => g.game_id));
      const changed: Dataset = {
        games: base.games.map((g) => (late.has(g.game_id) ? freeze({ ...g, home_points: (g.home_points ?? 0) + bump }) : g)),
        lines: base.lines,
        teamGames: base.teamGames.map((t) => (late.has(t.game_id) ? freeze({ ...t, yards_per_play: (t.yards_per_play ?? 0) + bump }) : t)),
      };
      buildFeaturesForWeeks(changed, configs[name]!, all);
      clearFrameMemo();
      const after = buildFeaturesForWeeks(changed, configs[name]!, [target]);
      assert.ok(before.rows.length > 0);
      assert.equal(frameDifference(before, after), null, `${name} ${JSON.stringify(target)}`);
    }),
    { numRuns: 20, seed: 5 },
  );
  // The check can fail: a change the week before does reach the features.
  const target = all[8]!;
  const prev = base.games.findIndex((g) => weekOrdinal(g.season, g.season_type, g.week) === ord(all[7]!));
  clearFrameMemo();
  const before = buildFeaturesForWeeks(base, configs.minimal!, [target]);
  const games = [...base.games];
  games[prev] = freeze({ ...games[prev]!, home_points: (games[prev]!.home_points ?? 0) + 20 });
  assert.notEqual(frameDifference(before, buildFeaturesForWeeks({ ...base, games }, configs.minimal!, [target])), null);
});

test('the history is kept for the same frozen rows, rebuilt for a changed or unfrozen one', () => {
  clearBuildMemo();
  const h = historyOf(base);
  assert.equal(historyOf({ games: [...base.games], teamGames: [...base.teamGames] }), h);
  const games = [...base.games];
  games[3] = freeze({ ...games[3]! });
  assert.notEqual(historyOf({ games, teamGames: base.teamGames }), h);
  const copy = cloneDataset(base);
  assert.notEqual(historyOf(copy), historyOf(copy));
});

test('target weeks kept from earlier builds over the same rows: overlapping target lists equal fresh builds', () => {
  clearBuildMemo();
  const all = weeksOf(base);
  fc.assert(
    fc.property(fc.constantFrom(...PRESETS), fc.array(fc.subarray(all, { minLength: 1 }), { minLength: 2, maxLength: 4 }), (name, lists) => {
      for (const targets of lists) {
        clearFrameMemo();
        const kept = buildFeaturesForWeeks(base, configs[name]!, targets);
        const fresh = buildFeaturesForWeeks(cloneDataset(base), configs[name]!, targets);
        assert.equal(frameDifference(kept, fresh), null, `${name} ${targets.length} weeks`);
        assert.deepEqual(kept.meta, fresh.meta);
        // The caller's frame is its own: changing it changes nothing kept.
        if (kept.rows[0]) kept.rows[0].values[0] = 999;
      }
    }),
    { numRuns: 15, seed: 3 },
  );
});
