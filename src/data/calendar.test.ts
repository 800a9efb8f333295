import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { calendarWeek, collegeCalendar } from './calendar.ts';
import { runQualityChecks } from './quality/report.ts';
import type { Game } from './schema.ts';
import type { QualityConfig } from '../config/groups/data.ts';

let n = 0;
const G = (type: Game['season_type'], week: number, kickoff: string, home: string, away: string, sport?: 'nfl'): Game => ({
  game_id: `g${++n}`, season: 2024, season_type: type, week, start_date: new Date(kickoff).toISOString(), neutral_site: false,
  conference_game: false, home_team: home, away_team: away, home_conference: null, away_conference: null,
  home_points: 24, away_points: 17, completed: true, ...(sport ? { sport } : {}),
});

// 2024 as CFBD labels it: the week-0 games inside week 1, FCS playoff rounds as late regular
// weeks, and every bowl and playoff round as postseason week 1.
const season = (): Game[] => [
  G('regular', 1, '2024-08-24T11:30:00Z', 'Georgia Tech', 'Florida State'), // Dublin, "week 0"
  G('regular', 1, '2024-08-24T23:00:00Z', 'SMU', 'Nevada'),
  G('regular', 1, '2024-08-31T16:00:00Z', 'Georgia Tech', 'Georgia State'),
  G('regular', 1, '2024-08-31T19:30:00Z', 'Clemson', 'Georgia'),
  G('regular', 1, '2024-09-03T00:00:00Z', 'Florida State', 'Boston College'), // Monday night (Eastern)
  G('regular', 1, '2024-08-31T23:00:00Z', 'SMU', 'Houston Christian'),
  G('regular', 2, '2024-09-07T16:00:00Z', 'Georgia', 'Tennessee Tech'),
  G('regular', 16, '2024-12-07T19:00:00Z', 'North Dakota State', 'Tennessee Tech'), // FCS playoff round 2
  G('regular', 17, '2024-12-14T19:00:00Z', 'North Dakota State', 'Mercer'), // FCS quarterfinal
  G('postseason', 1, '2024-12-14T17:00:00Z', 'Jackson State', 'South Carolina State'), // first bowl
  G('postseason', 1, '2024-12-21T01:00:00Z', 'Notre Dame', 'Indiana'), // playoff round 1
  G('postseason', 1, '2024-12-21T17:00:00Z', 'Penn State', 'SMU'),
  G('postseason', 1, '2024-12-28T20:00:00Z', 'Navy', 'Oklahoma'), // a bowl
  G('postseason', 1, '2025-01-01T00:30:00Z', 'Boise State', 'Penn State'), // quarterfinal
  G('postseason', 1, '2025-01-03T01:00:00Z', 'Georgia', 'Notre Dame'),
  G('postseason', 1, '2025-01-10T00:30:00Z', 'Penn State', 'Notre Dame'), // semifinal
  G('postseason', 1, '2025-01-21T00:30:00Z', 'Ohio State', 'Notre Dame'), // final, Monday night
];

const weekOf = (gs: Game[], home: string, away: string) => gs.find((g) => g.home_team === home && g.away_team === away)!.week;

test('week 0 is its own week; playoff rounds get the calendar weeks they are played in, in order', () => {
  const { games, relabelled } = collegeCalendar(season());
  assert.equal(weekOf(games, 'Georgia Tech', 'Florida State'), 0);
  assert.equal(weekOf(games, 'SMU', 'Nevada'), 0);
  assert.equal(weekOf(games, 'Florida State', 'Boston College'), 1);
  assert.equal(weekOf(games, 'Georgia Tech', 'Georgia State'), 1);
  assert.equal(weekOf(games, 'North Dakota State', 'Mercer'), 17);
  assert.deepEqual(
    [['Jackson State', 'South Carolina State'], ['Notre Dame', 'Indiana'], ['Penn State', 'SMU'], ['Navy', 'Oklahoma'], ['Boise State', 'Penn State'], ['Georgia', 'Notre Dame'], ['Penn State', 'Notre Dame'], ['Ohio State', 'Notre Dame']].map(([h, a]) => weekOf(games, h!, a!)),
    [1, 2, 2, 3, 4, 4, 5, 6],
  );
  assert.equal(relabelled.length, 2 + 7);
  // Idempotent: relabelled games are left alone the second time.
  assert.equal(collegeCalendar(games).relabelled.length, 0);
});

const thresholds: QualityConfig = { max_abs_spread: 60, total_min: 20, total_max: 100, max_points: 120, outlier_sd: 5, max_null_rate: {}, missing_line: 'warn' };
const check = (games: Game[], seasonType: Game['season_type'], week: number, id: string) =>
  runQualityChecks({ season: 2024, seasonType, week, data: { games, lines: [], teamGames: [] }, thresholds, now: new Date('2025-02-01T00:00:00Z') }).checks.find((c) => c.id === id)!;

test('validate: no team twice in a week for the relabelled real calendar; as labelled it fails', () => {
  const raw = season();
  assert.equal(check(raw, 'regular', 1, 'team_twice_in_week').status, 'fail');
  assert.equal(check(raw, 'postseason', 1, 'team_twice_in_week').status, 'fail');
  const { games } = collegeCalendar(raw);
  for (const [t, w] of [['regular', 0], ['regular', 1], ['postseason', 2], ['postseason', 4], ['postseason', 5], ['postseason', 6]] as const) {
    assert.equal(check(games, t, w, 'team_twice_in_week').status, 'pass', `${t} ${w}`);
    assert.equal(check(games, t, w, 'week_order').status, 'pass', `${t} ${w}`);
  }
});

test('validate reports a week whose label contradicts kickoff order', () => {
  const { games } = collegeCalendar(season());
  const moved = games.map((g) => (g.home_team === 'Georgia' && g.week === 2 ? { ...g, start_date: '2024-12-10T17:00:00.000Z' } : g));
  const r = check(moved, 'regular', 2, 'week_order');
  assert.equal(r.status, 'warn');
  assert.match(r.examples[0]!.detail, /week 2 kicks off 2024-12-10, after week 16's g\d+ \(2024-12-07\)/);
});

test('NFL games are never relabelled', () => {
  const nfl = [G('postseason', 1, '2025-01-11T21:30:00Z', 'HOU', 'LAC', 'nfl'), G('postseason', 1, '2025-01-18T21:30:00Z', 'KC', 'HOU', 'nfl')];
  assert.equal(collegeCalendar(nfl).relabelled.length, 0);
});

test('property: after relabelling, a postseason never has a team twice in a week when its games are ≥ 7 days apart per team', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 40 })), { minLength: 2, maxLength: 12 }), (spec) => {
      const teams = ['A', 'B', 'C', 'D', 'E', 'F'];
      const games = spec.filter(([h, a]) => h !== a).map(([h, a, d]) => G('postseason', 1, new Date(Date.parse('2024-12-14T18:00:00Z') + d * 86400000).toISOString(), teams[h]!, teams[a]!));
      const days = new Map<string, number[]>();
      for (const g of games) for (const t of [g.home_team, g.away_team]) days.set(t, [...(days.get(t) ?? []), calendarWeek(g.start_date)]);
      const spaced = [...days.values()].every((ws) => new Set(ws).size === ws.length);
      const out = collegeCalendar(games).games;
      // Chronological: a later kickoff never gets an earlier week.
      for (const a of out) for (const b of out) if (a.start_date < b.start_date) assert.ok(a.week <= b.week);
      if (spaced) {
        const seen = new Set<string>();
        for (const g of out) for (const t of [g.home_team, g.away_team]) {
          assert.ok(!seen.has(`${g.week}|${t}`));
          seen.add(`${g.week}|${t}`);
        }
      }
    }),
  );
});
