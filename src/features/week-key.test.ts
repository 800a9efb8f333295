// One-week builds are kept under the week's point-in-time key (week-key.ts): a week's rows built
// before its results were revealed are reused when the same week is built on later data (monitor's
// drift check of last week). Kept must equal fresh bit for bit: week by week through a live
// season, the week built before and after its results, its statistics and random changes to any
// row (earlier results, statistics and lines, the week's own lines, a new game of the week) are
// revealed. The synthetic league gives no days of rest, so every rest is counted from finished
// games — the path where a result after the cut can change a week's rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildFeaturesForWeeks, weeksOf, type Target } from './index.ts';
import { clearFrameMemo } from './frame-memo.ts';
import { clearBuildMemo } from './build-memo.ts';
import { weekOrdinal, type Dataset, type Game } from '../data/schema.ts';
import { syntheticLeague } from '../../test/support/synthetic-league.ts';
import { cloneDataset, frameDifference, PRESETS } from '../../test/support/features-testkit.ts';
import { loadFeatureSet } from '../workflow/feature-set.ts';

const league = syntheticLeague({ teams: 8, seasons: [2019, 2020, 2021], weeks: 4, postseasonWeeks: 1, seed: 4 });
const freeze = <T extends object>(r: T): T => Object.freeze(r);
const base: Dataset = { games: league.games.map((g) => freeze({ ...g })), lines: league.lines.map((l) => freeze({ ...l })), teamGames: league.teamGames.map((t) => freeze({ ...t })) };
const LIVE = 2021;
const liveWeeks = weeksOf(base, [LIVE]);
const ord = (t: Target) => weekOrdinal(t.season, t.seasonType, t.week);
const configs = Object.fromEntries(PRESETS.map((p) => [p, loadFeatureSet(p)]));
const hidden = new Map<string, Game>(base.games.filter((g) => g.season === LIVE).map((g) => [g.game_id, freeze({ ...g, home_points: null, away_points: null, completed: false })]));

/** The data with live weeks up to `upTo` revealed (the rest scheduled: no result, no statistics). */
function revealed(upTo: number, d: Dataset): Dataset {
  const shown = (g: Game) => weekOrdinal(g.season, g.season_type, g.week) <= upTo || g.season !== LIVE;
  const ids = new Set(d.games.filter(shown).map((g) => g.game_id));
  return { games: d.games.map((g) => (shown(g) ? g : hidden.get(g.game_id) ?? freeze({ ...g, home_points: null, away_points: null, completed: false }))), lines: d.lines, teamGames: d.teamGames.filter((t) => ids.has(t.game_id)) };
}

const change = fc.record({ kind: fc.constantFrom('score', 'stat', 'line', 'extra', 'none', 'none'), row: fc.nat(), value: fc.integer({ min: 1, max: 40 }) });

/** Changed rows are new frozen objects; `week`: an extra game is added to it (a team playing twice). */
function applyChanges(d: Dataset, cs: { kind: string; row: number; value: number }[], week: Target): Dataset {
  const out: Dataset = { games: [...d.games], lines: [...d.lines], teamGames: [...d.teamGames] };
  for (const c of cs) {
    if (c.kind === 'score') {
      const i = c.row % out.games.length;
      out.games[i] = freeze({ ...out.games[i]!, home_points: (out.games[i]!.home_points ?? 0) + c.value });
    } else if (c.kind === 'stat') {
      const i = c.row % out.teamGames.length;
      out.teamGames[i] = freeze({ ...out.teamGames[i]!, yards_per_play: c.value / 7 });
    } else if (c.kind === 'line') {
      const i = c.row % out.lines.length;
      out.lines[i] = freeze({ ...out.lines[i]!, spread: -c.value / 2 });
    } else if (c.kind === 'extra') {
      // Another game of the week, kicked off first (its result after the cut), for a team that plays in it again.
      const inWeek = out.games.filter((g) => g.season === week.season && g.season_type === week.seasonType && g.week === week.week);
      const g = inWeek[c.row % inWeek.length]!;
      const start = new Date(Math.min(...inWeek.map((x) => Date.parse(x.start_date))) - 3_600_000).toISOString();
      const extra = freeze({ ...g, game_id: `extra-${c.row}-${c.value}`, away_team: `Team X${c.value % 2}`, start_date: start, home_points: 20 + c.value, away_points: 10, completed: true });
      out.games.push(extra);
      hidden.set(extra.game_id, freeze({ ...extra, home_points: null, away_points: null, completed: false }));
    }
  }
  return out;
}

test('a week built before its results and rebuilt after them (its rows kept under its point-in-time key) equals a fresh build', () => {
  clearBuildMemo();
  fc.assert(
    fc.property(
      fc.constantFrom(...PRESETS),
      fc.array(fc.tuple(fc.array(change, { maxLength: 2 }), fc.array(change, { maxLength: 2 })), { minLength: 2, maxLength: 4 }),
      fc.constantFrom<'closing' | 'opening'>('closing', 'opening'),
      fc.boolean(),
      (name, steps, betLine, withMarket) => {
        let d = base;
        steps.forEach(([before, after], i) => {
          const target = liveWeeks[(i + 1) % liveWeeks.length]!;
          const opts = { betLine, lineProviders: ['book b'] };
          const cfg = withMarket ? { ...configs[name]!, market: { ...configs[name]!.market, enabled: true } } : configs[name]!;
          d = applyChanges(d, before, target);
          clearFrameMemo();
          const predicted = buildFeaturesForWeeks(revealed(ord(target) - 1, d), cfg, [target], opts);
          // The week's results come in (and whatever else changed meanwhile).
          d = applyChanges(d, after, target);
          const later = revealed(ord(target), d);
          clearFrameMemo();
          const kept = buildFeaturesForWeeks(later, cfg, [target], opts);
          const fresh = buildFeaturesForWeeks(cloneDataset(later), cfg, [target], opts); // unfrozen: nothing kept
          assert.ok(kept.rows.length > 0 && predicted.rows.length > 0);
          assert.equal(frameDifference(kept, fresh), null, `${name} step ${i}: ${JSON.stringify(after)}`);
          assert.deepEqual(kept.meta, fresh.meta);
        });
      },
    ),
    { numRuns: 30, seed: 12 },
  );
});

test('with nothing but the week revealed, the rebuilt week is the kept one (and the check can fail)', () => {
  clearBuildMemo();
  const target = liveWeeks[2]!;
  clearFrameMemo();
  const before = buildFeaturesForWeeks(revealed(ord(target) - 1, base), configs.full!, [target]);
  clearFrameMemo();
  const after = buildFeaturesForWeeks(revealed(ord(target), base), configs.full!, [target]);
  assert.equal(frameDifference(before, after), null);
  // A result before the cut changes: the week is built again, and differs.
  const prev = base.games.findIndex((g) => g.season === LIVE && weekOrdinal(g.season, g.season_type, g.week) === ord(liveWeeks[1]!));
  const games = [...base.games];
  games[prev] = freeze({ ...games[prev]!, home_points: (games[prev]!.home_points ?? 0) + 25 });
  clearFrameMemo();
  const changed = buildFeaturesForWeeks(revealed(ord(target), { ...base, games }), configs.full!, [target]);
  assert.notEqual(frameDifference(before, changed), null);
  assert.equal(frameDifference(changed, buildFeaturesForWeeks(cloneDataset(revealed(ord(target), { ...base, games })), configs.full!, [target])), null);
  // The week's own lines move: built again (market features on).
  const withMarket = { ...configs.full!, market: { ...configs.full!.market, enabled: true } };
  clearFrameMemo();
  const priced = buildFeaturesForWeeks(revealed(ord(target), base), withMarket, [target]);
  const ids = new Set(base.games.filter((g) => weekOrdinal(g.season, g.season_type, g.week) === ord(target)).map((g) => g.game_id));
  const lines = base.lines.map((l) => (ids.has(l.game_id) ? freeze({ ...l, spread: (l.spread ?? 0) - 3.5, total: (l.total ?? 40) + 4 }) : l));
  clearFrameMemo();
  const moved = buildFeaturesForWeeks(revealed(ord(target), { ...base, lines }), withMarket, [target]);
  assert.notEqual(frameDifference(priced, moved), null);
  assert.equal(frameDifference(moved, buildFeaturesForWeeks(cloneDataset(revealed(ord(target), { ...base, lines })), withMarket, [target])), null);
});
