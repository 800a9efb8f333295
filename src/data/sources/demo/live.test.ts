import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoLeague, liveView, parseReveal, formatReveal, NOTHING_REVEALED, ALL_REVEALED } from './index.ts';

const league = generateDemoLeague({ seasons: [2024, 2025], seed: 3 });

test('parseReveal and formatReveal', () => {
  assert.deepEqual(parseReveal('5'), { regularWeek: 5, postseasonWeek: 0 });
  assert.deepEqual(parseReveal('post1'), { regularWeek: 14, postseasonWeek: 1 });
  assert.deepEqual(parseReveal('all'), ALL_REVEALED);
  assert.deepEqual(parseReveal('none'), NOTHING_REVEALED);
  assert.equal(parseReveal('15'), undefined);
  assert.equal(parseReveal('week5'), undefined);
  assert.deepEqual(['5', 'post1', 'all', 'none'].map((s) => formatReveal(parseReveal(s)!)), ['5', 'post1', 'all', 'none']);
});

test('live season: results hidden after the reveal week, lines only up to the next week', () => {
  const v = liveView(league.dataset, 2025, { regularWeek: 5, postseasonWeek: 0 });
  const live = v.games.filter((g) => g.season === 2025);
  assert.equal(live.filter((g) => g.season_type === 'postseason').length, 0);
  assert.ok(live.filter((g) => g.week <= 5).every((g) => g.completed && g.home_points !== null));
  assert.ok(live.filter((g) => g.week > 5).every((g) => !g.completed && g.home_points === null && g.away_points === null));
  const weekOf = new Map(live.map((g) => [g.game_id, g.week]));
  const pricedWeeks = new Set(v.lines.filter((l) => weekOf.has(l.game_id)).map((l) => weekOf.get(l.game_id)));
  assert.deepEqual([...pricedWeeks].sort((a, b) => a! - b!), [0, 1, 2, 3, 4, 5, 6]);
  assert.ok(v.teamGames.every((t) => !weekOf.has(t.game_id) || weekOf.get(t.game_id)! <= 5));
  // Earlier seasons untouched.
  assert.equal(v.games.filter((g) => g.season === 2024).length, league.dataset.games.filter((g) => g.season === 2024).length);
});

test('postseason appears once the regular season is revealed', () => {
  const v = liveView(league.dataset, 2025, { regularWeek: 14, postseasonWeek: 0 });
  const post = v.games.filter((g) => g.season === 2025 && g.season_type === 'postseason');
  assert.ok(post.length > 10 && post.every((g) => !g.completed));
  const all = liveView(league.dataset, 2025, ALL_REVEALED);
  assert.deepEqual(all, league.dataset);
});
