import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { qualitySchema } from '../../config/groups/data.ts';
import { generateDemoLeague } from '../sources/demo/league.ts';
import type { Dataset, Game } from '../schema.ts';
import { runQualityChecks, CHECKS } from './report.ts';
import { validAmerican } from './lines.ts';

const thresholds = qualitySchema.parse(parse(readFileSync(fileURLToPath(new URL('../../../conf/data/quality.yaml', import.meta.url)), 'utf8')));
const league = generateDemoLeague({ seasons: [2023, 2024], seed: 11 }).dataset;
const SEASON = 2024;
const WEEK = 8;

// Rows hold only strings, numbers, booleans and nulls: a copy of each row is a deep copy (structuredClone
// of two seasons cost most of this file's CPU).
const clone = (d: Dataset): Dataset => ({ games: d.games.map((r) => ({ ...r })), lines: d.lines.map((r) => ({ ...r })), teamGames: d.teamGames.map((r) => ({ ...r })) });
const weekGames = (d: Dataset) => d.games.filter((g) => g.season === SEASON && g.season_type === 'regular' && g.week === WEEK);
/** A week-8 game with a line and both team-game rows (so every mutation has something to bite on). */
function target(d: Dataset): Game {
  const priced = new Set(d.lines.map((l) => l.game_id));
  return weekGames(d).find((g) => priced.has(g.game_id))!;
}
function run(d: Dataset, t = thresholds) {
  return runQualityChecks({ season: SEASON, seasonType: 'regular', week: WEEK, data: d, thresholds: t, now: new Date(0) });
}
function check(d: Dataset, id: string, t = thresholds) {
  const r = run(d, t);
  return { report: r, c: r.checks.find((c) => c.id === id)! };
}

/** The clean league, with every line present in week 8 (the generator leaves a few out). */
function clean(): Dataset {
  const d = clone(league);
  const ids = new Set(weekGames(d).map((g) => g.game_id));
  const have = new Set(d.lines.map((l) => l.game_id));
  const template = d.lines[0]!;
  for (const id of ids) if (!have.has(id)) d.lines.push({ ...template, game_id: id });
  return d;
}

test('a clean demo week passes every check', () => {
  const r = run(clean());
  assert.equal(r.status, 'pass', JSON.stringify(r.checks.filter((c) => c.status !== 'pass')));
  assert.equal(r.checks.length, CHECKS.length);
  assert.deepEqual(r.counts.games, weekGames(league).length);
  assert.equal(r.generated_at, '1970-01-01T00:00:00.000Z');
  for (const c of r.checks) assert.deepEqual([c.count, c.examples], [0, []], c.id);
});

const cases: [string, 'fail' | 'warn', (d: Dataset, g: Game) => void, RegExp][] = [
  ['required_fields', 'fail', (d, g) => { (g as unknown as Record<string, unknown>).home_team = ''; }, /home_team is missing/],
  ['unique_keys', 'fail', (d, g) => { d.lines.push({ ...d.lines.find((l) => l.game_id === g.game_id)! }); }, /duplicate key/],
  ['score_values', 'fail', (d, g) => { g.home_points = 140; }, /home_points = 140 exceeds max_points 100/],
  ['score_values', 'fail', (d, g) => { g.away_points = -7; }, /away_points = -7 is not a non-negative integer/],
  ['completed_scores', 'fail', (d, g) => { g.away_points = null; }, /completed but a score is missing/],
  ['line_coverage', 'warn', (d, g) => { d.lines = d.lines.filter((l) => l.game_id !== g.game_id); }, /no spread for/],
  ['line_values', 'fail', (d, g) => { d.lines.find((l) => l.game_id === g.game_id)!.spread = -75; }, /spread = -75 outside ±70/],
  ['line_values', 'fail', (d, g) => { d.lines.find((l) => l.game_id === g.game_id)!.total = 14.5; }, /total = 14.5 outside 20-100/],
  ['line_values', 'fail', (d, g) => { d.lines.find((l) => l.game_id === g.game_id)!.spread_price_home = -50; }, /spread_price_home = -50 is not valid American odds/],
  ['orphan_rows', 'fail', (d) => { d.lines.push({ ...d.lines[0]!, game_id: 'ghost' }); }, /line for an unknown game/],
  ['duplicate_games', 'fail', (d, g) => { d.games.push({ ...g, game_id: 'copy', home_team: g.away_team, away_team: g.home_team }); }, /same teams as/],
  ['team_twice_in_week', 'fail', (d, g) => {
    const other = weekGames(d).find((x) => x.game_id !== g.game_id)!;
    other.away_team = g.home_team;
  }, /also plays in another game this week/],
  ['team_game_consistency', 'fail', (d, g) => { d.teamGames.find((t) => t.game_id === g.game_id && t.is_home)!.points = g.home_points! + 3; }, /but the game's score says/],
  ['team_game_consistency', 'fail', (d, g) => { d.teamGames = d.teamGames.filter((t) => !(t.game_id === g.game_id && !t.is_home)); }, /has 1 team-game rows \(expected 2\)/],
  ['null_rates', 'fail', (d) => {
    for (const g of weekGames(d)) for (const t of d.teamGames) if (t.game_id === g.game_id) t.epa_per_play = null;
  }, /epa_per_play|100\.0% null/],
  ['outliers', 'warn', (d, g) => { d.teamGames.find((t) => t.game_id === g.game_id)!.yards_per_play = 19; }, /yards_per_play = 19 is \d+\.\d sd from the history mean/],
];

for (const [id, severity, mutate, detail] of cases) {
  test(`${id} ${severity}s on a crafted bad row (${detail.source.slice(0, 40)})`, () => {
    const d = clean();
    mutate(d, target(d));
    const { report, c } = check(d, id);
    assert.equal(c.status, severity);
    assert.equal(c.severity, severity);
    assert.ok(c.count >= 1);
    assert.ok(c.examples.length >= 1 && c.examples.length <= 5);
    assert.match(c.examples.map((e) => e.detail).join(' | '), detail);
    assert.equal(report.status, severity === 'fail' ? 'fail' : report.checks.some((x) => x.status === 'fail') ? 'fail' : 'warn');
  });
}

test('missing_line: fail makes line coverage a failure; examples stop at five', () => {
  const d = clean();
  const ids = new Set(weekGames(d).map((g) => g.game_id));
  d.lines = d.lines.filter((l) => !ids.has(l.game_id));
  const { report, c } = check(d, 'line_coverage', { ...thresholds, missing_line: 'fail' });
  assert.equal(c.status, 'fail');
  assert.equal(c.count, ids.size);
  assert.equal(c.examples.length, 5);
  assert.equal(report.status, 'fail');
});

test('a source without team-game statistics (nflverse) passes team_game_consistency: unavailable, not inconsistent', () => {
  const d = clean();
  d.teamGames = [];
  const { c } = check(d, 'team_game_consistency');
  assert.equal(c.status, 'pass');
  assert.equal(c.count, 0);
});

test('null_rates: a column the source never carries (college CSV without yards per play) is unavailable, not a failure', () => {
  const d = clean();
  for (const t of d.teamGames) t.yards_per_play = null;
  assert.equal(check(d, 'null_rates').c.status, 'pass');
  // The same column filled in one earlier week of the seasons read: now this week's nulls are bad.
  const earlier = new Set(d.games.filter((g) => g.season === SEASON && g.week === 3).map((g) => g.game_id));
  for (const t of d.teamGames) if (earlier.has(t.game_id)) t.yards_per_play = 5.2;
  const { c } = check(d, 'null_rates');
  assert.equal(c.status, 'fail');
  assert.match(c.examples[0]!.detail, /^100\.0% null/);
  assert.equal(c.examples[0]!.key, 'column=yards_per_play');
});

test('validAmerican', () => {
  assert.deepEqual([-110, 100, -100, 250, -99, 99, 0, 1.5, NaN].map(validAmerican), [true, true, true, true, false, false, false, false, false]);
});
