import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectLeague } from './league-filter.ts';
import type { Dataset, Game } from './schema.ts';

const game = (id: string, home: string, away: string, hc: string | null, ac: string | null, sport?: 'cfb' | 'nfl'): Game => ({
  game_id: id, season: 2024, season_type: 'regular', week: 1, start_date: '2024-08-31T16:00:00.000Z', neutral_site: false,
  conference_game: false, home_team: home, away_team: away, home_conference: hc, away_conference: ac,
  home_points: 30, away_points: 10, completed: true, ...(sport ? { sport } : {}),
});

const data: Dataset = {
  games: [
    game('g1', 'Georgia', 'Clemson', 'SEC', 'ACC'),
    game('g2', 'Georgia', 'Austin Peay', 'SEC', 'UAC'), // FBS vs FCS
    game('g3', 'North Dakota State', 'Montana', 'MVFC', 'Big Sky'), // FCS playoff
    game('g4', 'KC', 'DET', 'AFC', 'NFC', 'nfl'),
    game('g5', 'Notre Dame', 'Army', 'FBS Independents', 'American Athletic'),
  ],
  lines: [{ game_id: 'g2', provider: 'x', spread: -40, spread_open: null, total: 50, total_open: null, home_moneyline: null, away_moneyline: null, spread_price_home: -110, spread_price_away: -110, captured_at: null }],
  teamGames: [],
};

test('fbs_only keeps games between two FBS teams of the sport and drops their lines with them', () => {
  const out = selectLeague(data, { sport: 'cfb', fbs_only: true, fbs_conferences: ['SEC', 'ACC', 'FBS Independents', 'American Athletic'] });
  assert.deepEqual(out.data.games.map((g) => g.game_id), ['g1', 'g5']);
  assert.equal(out.droppedFcs, 2);
  assert.deepEqual(out.data.lines, []);
});

test('the sport selects games; nfl never filters by division', () => {
  const out = selectLeague(data, { sport: 'nfl', fbs_only: true, fbs_conferences: ['SEC'] });
  assert.deepEqual(out.data.games.map((g) => g.game_id), ['g4']);
  const cfb = selectLeague(data, { sport: 'cfb', fbs_only: false, fbs_conferences: [] });
  assert.equal(cfb.data.games.length, 4);
});

test('a schedule without conferences keeps every game (nothing says FCS)', () => {
  const bare: Dataset = { games: [game('a', 'X', 'Y', null, null), game('b', 'X', 'Z', null, null)], lines: [], teamGames: [] };
  assert.equal(selectLeague(bare, { sport: 'cfb', fbs_only: true, fbs_conferences: ['SEC'] }).data.games.length, 2);
});
