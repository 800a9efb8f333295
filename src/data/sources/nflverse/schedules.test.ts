import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importNflverseSchedules } from './schedules.ts';
import { easternToUtc } from './eastern.ts';
import { rejectMessage } from '../csv/checks.ts';
import { NFLVERSE_SAMPLE, sharedFixture, skipWithout } from '../../../../test/shared-fixtures.ts';

const local = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../test/fixtures/nflverse/${name}`, import.meta.url)), 'utf8');

test('Eastern kickoff → UTC across daylight saving', () => {
  assert.equal(new Date(easternToUtc(2023, 9, 7, 20, 20)).toISOString(), '2023-09-08T00:20:00.000Z');
  assert.equal(new Date(easternToUtc(2024, 1, 13, 20, 0)).toISOString(), '2024-01-14T01:00:00.000Z');
  // 2023-11-05: clocks fall back at 02:00 EDT; 13:00 that day is EST.
  assert.equal(new Date(easternToUtc(2023, 11, 5, 13, 0)).toISOString(), '2023-11-05T18:00:00.000Z');
  assert.equal(new Date(easternToUtc(2023, 11, 4, 13, 0)).toISOString(), '2023-11-04T17:00:00.000Z');
});

test('the shared nflverse sample: 32 games, 32 lines, no team stats', skipWithout(NFLVERSE_SAMPLE), () => {
  const path = sharedFixture(NFLVERSE_SAMPLE)!;
  const r = importNflverseSchedules(readFileSync(path, 'utf8'), 'games.csv');
  assert.deepEqual(r.rejects, []);
  assert.equal(r.dataset.games.length, 32);
  assert.equal(r.dataset.lines.length, 32);
  assert.deepEqual(r.dataset.teamGames, []);
  assert.deepEqual(new Set(r.dataset.games.map((g) => g.week)), new Set([1, 2]));
  assert.ok(r.dataset.games.every((g) => g.season_type === 'regular' && g.completed && !g.neutral_site));
  // 2023_01_DET_KC: DET 21 at KC 20, spread_line 4 (KC expected to win by 4), total 53.
  const g = r.dataset.games.find((x) => x.game_id === '2023_01_DET_KC')!;
  assert.deepEqual(g, {
    game_id: '2023_01_DET_KC', season: 2023, season_type: 'regular', week: 1, start_date: '2023-09-08T00:20:00.000Z',
    neutral_site: false, conference_game: false, home_team: 'KC', away_team: 'DET', home_conference: 'AFC',
    away_conference: 'NFC', home_points: 20, away_points: 21, completed: true, home_rest: 7, away_rest: 7, sport: 'nfl',
  });
  assert.deepEqual(r.dataset.lines.find((l) => l.game_id === '2023_01_DET_KC'), {
    game_id: '2023_01_DET_KC', provider: 'nflverse', spread: -4, spread_open: null, total: 53, total_open: null,
    home_moneyline: -198, away_moneyline: 164, spread_price_home: -110, spread_price_away: -110,
    over_price: -110, under_price: -110, captured_at: null,
  });
  // 2023_01_CIN_CLE: spread_line -1 (CIN favoured) → home spread +1; odds -115 home / -105 away; div game.
  const l = r.dataset.lines.find((x) => x.game_id === '2023_01_CIN_CLE')!;
  assert.deepEqual([l.spread, l.spread_price_home, l.spread_price_away, l.total], [1, -115, -105, 46.5]);
  assert.equal(r.dataset.games.find((x) => x.game_id === '2023_01_CIN_CLE')!.conference_game, true);
});

test('postseason types get their own weeks; neutral site; scheduled games; missing lines', () => {
  const r = importNflverseSchedules(local('postseason.csv'), 'post.csv');
  assert.deepEqual(r.rejects, []);
  const byId = new Map(r.dataset.games.map((g) => [g.game_id, g]));
  assert.deepEqual([...byId.values()].map((g) => [g.game_id, g.season_type, g.week]), [
    ['2023_19_MIA_KC', 'postseason', 1],
    ['2023_19_PIT_BUF', 'regular', 18],
    ['2023_22_SF_KC', 'postseason', 4],
    ['2023_20_HOU_BAL', 'postseason', 2],
    ['2023_21_DET_SF', 'postseason', 3],
  ]);
  const sb = byId.get('2023_22_SF_KC')!;
  assert.equal(sb.neutral_site, true);
  assert.equal(sb.start_date, '2024-02-11T23:30:00.000Z');
  const sched = byId.get('2023_19_PIT_BUF')!;
  assert.deepEqual([sched.home_points, sched.away_points, sched.completed, sched.conference_game], [null, null, false, true]);
  // No time of day: midnight Eastern.
  assert.equal(byId.get('2023_21_DET_SF')!.start_date, '2024-01-28T05:00:00.000Z');
  // No line at all for the scheduled game and the CON game; pick'em spread 0 (never -0) for DIV.
  assert.deepEqual(r.dataset.lines.map((l) => l.game_id), ['2023_19_MIA_KC', '2023_22_SF_KC', '2023_20_HOU_BAL']);
  const div = r.dataset.lines[2]!;
  assert.ok(Object.is(div.spread, 0));
  assert.deepEqual([div.total, div.spread_price_home, 'over_price' in div], [null, -110, false]);
  assert.equal(r.dataset.lines[1]!.spread, 2);
});

test('bad rows are named by FILE:LINE and field', () => {
  const r = importNflverseSchedules(local('bad.csv'), 'bad.csv');
  assert.deepEqual(r.rejects.map(rejectMessage).sort(), [
    'bad.csv:2: home_score: not a number: "twenty"',
    'bad.csv:3: gameday: impossible date: "2023-09-31"',
    'bad.csv:4: row: expected 46 columns, found 15',
    'bad.csv:5: home_score: game 2023_01_CIN_CLE appears on lines 5, 6 with different scores (24-3 vs 27-3)',
    'bad.csv:6: home_score: game 2023_01_CIN_CLE appears on lines 5, 6 with different scores (24-3 vs 27-3)',
    'bad.csv:7: game_type: unknown value "PRE" (expected REG, WC, DIV, CON or SB)',
  ]);
  assert.deepEqual(r.dataset.games.map((g) => g.game_id), ['2023_01_TEN_NO']);
  assert.deepEqual(r.dataset.lines.map((l) => l.game_id), ['2023_01_TEN_NO']);
});

test('result must agree with the scores; header must be a schedules header', () => {
  const text = local('postseason.csv').replace(',Home,19,33,', ',Home,18,33,');
  assert.deepEqual(importNflverseSchedules(text, 'p.csv').rejects.map(rejectMessage), ['p.csv:2: result: 18 is not home_score - away_score = 19']);
  assert.throws(() => importNflverseSchedules('game_id,season\nx,2023\n', 'g.csv'), {
    message: 'g.csv:1: header: missing columns game_type, week, gameday, away_team, home_team, away_score, home_score (is this an nflverse schedules file?)',
  });
});
