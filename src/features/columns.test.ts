import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFeatures } from './build.ts';
import { valueOf } from './frame.ts';
import { featureColumns } from './registry.ts';
import { game } from '../../test/support/features-testkit.ts';
import { loadFeatureSet } from '../workflow/feature-set.ts';
import type { Dataset } from '../data/schema.ts';

const at = (iso: string) => ({ start_date: iso });
// A: week 1 on Sep 5, week 2 on Sep 10 (5 days), postseason week 1 on Sep 30 (20 days).
// B: week 1 on Sep 5, then postseason (25 days: capped at 21). C: first game in postseason.
const data: Dataset = {
  games: [
    game('w1', 2020, 1, 'A', 'B', 21, 14, at('2020-09-05T18:00:00Z')),
    game('w2', 2020, 2, 'A', 'D', 28, 3, { ...at('2020-09-10T23:00:00Z'), conference_game: true }),
    game('w3', 2020, 3, 'D', 'E', 10, 13, at('2020-09-19T18:00:00Z')),
    { ...game('p1', 2020, 1, 'A', 'B', 0, 0, { ...at('2020-09-30T18:00:00Z'), neutral_site: true }), season_type: 'postseason', completed: false, home_points: null, away_points: null },
    { ...game('p2', 2020, 1, 'C', 'E', 0, 0, at('2020-09-30T18:00:00Z')), season_type: 'postseason', completed: false, home_points: null, away_points: null },
  ],
  lines: [],
  teamGames: [],
};

test('situational columns: rest (capped at 21, 21 before a first game), week, postseason, neutral, conference', () => {
  const cfg = { ...loadFeatureSet('minimal'), min_games: 0, situational: ['rest', 'week', 'postseason', 'neutral_site', 'home', 'conference_game'] as const };
  const post = buildFeatures(data, { ...cfg, situational: [...cfg.situational] }, { season: 2020, seasonType: 'postseason', week: 1 });
  const [p1, p2] = post.rows;
  assert.equal(p1!.game_id, 'p1');
  assert.equal(valueOf(post, p1!, 'home_rest'), 20);
  assert.equal(valueOf(post, p1!, 'away_rest'), 21); // 25 days, capped
  assert.equal(valueOf(post, p2!, 'home_rest'), 21); // C has not played
  assert.equal(valueOf(post, p2!, 'away_rest'), 11); // E played Sep 19
  assert.equal(valueOf(post, p1!, 'diff_rest'), -1);
  assert.equal(valueOf(post, p1!, 'week'), 4); // postseason week 1 follows regular week 3
  assert.equal(valueOf(post, p1!, 'postseason'), 1);
  assert.equal(valueOf(post, p1!, 'neutral_site'), 1);
  assert.equal(valueOf(post, p1!, 'home'), 0);
  // C has no game and no previous season: its rating is missing, and the row says so.
  assert.ok(Number.isNaN(valueOf(post, p2!, 'home_rating')));
  assert.match(p2!.ineligible_reason!, /missing: home_rating, rating_margin, diff_rating/);
  const w2 = buildFeatures(data, { ...cfg, situational: [...cfg.situational] }, { season: 2020, seasonType: 'regular', week: 2 });
  assert.equal(valueOf(w2, w2.rows[0]!, 'home_rest'), 5);
  assert.equal(valueOf(w2, w2.rows[0]!, 'conference_game'), 1);
  assert.equal(valueOf(w2, w2.rows[0]!, 'week'), 2);
  assert.equal(w2.rows[0]!.home_prior_games, 1);
  assert.equal(w2.rows[0]!.away_prior_games, 0);
});

test('given rest days (home_rest/away_rest on the game) win over kickoff dates', () => {
  const d: Dataset = { ...data, games: data.games.map((g) => (g.game_id === 'w2' ? { ...g, home_rest: 9, away_rest: 30 } : g)) };
  const f = buildFeatures(d, { ...loadFeatureSet('minimal'), situational: ['rest'] }, { season: 2020, seasonType: 'regular', week: 2 });
  assert.equal(valueOf(f, f.rows[0]!, 'home_rest'), 9);
  assert.equal(valueOf(f, f.rows[0]!, 'away_rest'), 21);
});

test('column order: families, then differences, then products', () => {
  assert.deepEqual(featureColumns(loadFeatureSet('minimal')), ['home_rating', 'away_rating', 'rating_margin', 'home', 'neutral_site', 'diff_rating']);
  const m = featureColumns(loadFeatureSet('matchup'));
  assert.deepEqual(m.slice(-2), ['home_off_epa_per_play_x_away_def_epa_per_play', 'away_off_epa_per_play_x_home_def_epa_per_play']);
  assert.ok(m.indexOf('diff_off_epa_per_play') > m.indexOf('away_def_pass_yards_per_play'));
});
