import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvToObjects } from '../../src/util/csv.ts';
import { cliInProcess } from '../helpers/cli-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'edgelab-features-e2e-'));
// The CLI in this process (test/helpers/cli-in-process.ts): a process start per command adds
// nothing here (test/e2e/cli.test.ts runs the real bin/edgelab.js).
const cli = async (...args: string[]) => {
  const r = await cliInProcess(['--project', dir, ...args]);
  return { code: r.code, out: r.stdout, err: r.stderr };
};

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('features list: every shipped set with id, columns and tables', async () => {
  const r = await cli('features', 'list', '--json');
  assert.equal(r.code, 0, r.err);
  const sets = JSON.parse(r.out) as { name: string; id: string; columns: string[]; tables: string[] }[];
  assert.deepEqual(sets.map((s) => s.name), ['elo', 'full', 'matchup', 'minimal', 'opponent_adjusted', 'ratings_adjusted', 'recency_weighted']);
  const minimal = sets.find((s) => s.name === 'minimal')!;
  assert.deepEqual(minimal.columns, ['home_rating', 'away_rating', 'rating_margin', 'home', 'neutral_site', 'diff_rating']);
  assert.deepEqual(minimal.tables, ['games']);
  assert.deepEqual(sets.find((s) => s.name === 'opponent_adjusted')!.tables, ['games', 'team_game']);
  assert.deepEqual(sets.find((s) => s.name === 'ratings_adjusted')!.tables, ['games', 'team_game']);
  assert.equal(new Set(sets.map((s) => s.id)).size, 7);
});

test('features build through the real CLI: table, CSV, JSON, errors', async () => {
  let r = await cli('features', 'build', '--season', '2024', '--week', '5');
  assert.equal(r.code, 1);
  assert.match(r.err, /error: no warehouse at .*: load data first/);

  r = await cli('data', 'demo', '--seasons', '2023-2024', '--seed', '3', '--live-season', '2024', '--reveal-week', '4');
  assert.equal(r.code, 0, r.err);

  // Week 5 of the live season: results after week 4 are unknown, features exist for every game.
  r = await cli('features', 'build', '--season', '2024', '--week', '5');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^feature set minimal \(id [0-9a-f]{12}\): \d+ games, \d+ eligible, 6 features/);
  assert.match(r.out, /home_rating +away_rating +rating_margin/);

  const csv = join(dir, 'out', 'w5.csv');
  r = await cli('features', 'build', '--season', '2024', '--week', '5', 'features=opponent_adjusted', '--out', csv);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /wrote .*w5\.csv/);
  const rows = csvToObjects(readFileSync(csv, 'utf8'));
  assert.ok(rows.length > 20);
  assert.deepEqual(Object.keys(rows[0]!).slice(0, 11), [
    'game_id', 'season', 'season_type', 'week', 'home_team', 'away_team', 'eligible', 'ineligible_reason',
    'home_prior_games', 'away_prior_games', 'home_off_epa_per_play',
  ]);
  assert.ok(rows.every((x) => x.season === '2024' && x.week === '5' && Number.isFinite(Number(x.home_off_epa_per_play))));

  r = await cli('features', 'build', '--season', '2024', '--week', '5', 'features=opponent_adjusted', 'features.min_games=5', '--json');
  assert.equal(r.code, 0, r.err);
  const frame = JSON.parse(r.out);
  assert.equal(frame.feature_set, 'opponent_adjusted');
  assert.equal(frame.rows.length, rows.length);
  // Five weeks (0-4) at most: teams with fewer than 5 games are flagged, not dropped.
  assert.ok(frame.rows.some((x: { eligible: boolean; ineligible_reason?: string }) => !x.eligible && /min_games 5/.test(x.ineligible_reason ?? '')));
  const i = frame.columns.indexOf('home_off_epa_per_play');
  assert.equal(frame.rows[0].values[i], Number(rows[0]!.home_off_epa_per_play));
  assert.ok(frame.meta.adjustment.length === 2);

  // Without --week: every week of the season in one batch, equal to the single-week rows.
  const season = join(dir, 'out', 's2024.csv');
  r = await cli('features', 'build', '--season', '2024', 'features=opponent_adjusted', '--out', season);
  assert.equal(r.code, 0, r.err);
  const all = csvToObjects(readFileSync(season, 'utf8'));
  assert.deepEqual(all.filter((x) => x.week === '5' && x.season_type === 'regular'), rows);
  assert.ok(new Set(all.map((x) => x.week)).size >= 10);

  r = await cli('features', 'build', '--season', '2023', '--postseason', '--json', 'features=full');
  assert.equal(r.code, 0, r.err);
  const post = JSON.parse(r.out);
  assert.ok(post.rows.length > 0 && post.rows.every((x: { season_type: string }) => x.season_type === 'postseason'));
  const pi = post.columns.indexOf('postseason');
  assert.ok(post.rows.every((x: { values: number[] }) => x.values[pi] === 1));

  r = await cli('features', 'build', '--season', '2024', '--week', '40');
  assert.equal(r.code, 1);
  assert.match(r.err, /no cfb games in the warehouse for season 2024 regular week 40; weeks of that season: 0, 1, 2/);
  r = await cli('features', 'build', '--season', '2024', '--week', 'x');
  assert.equal(r.code, 2);
  assert.match(r.err, /--week: expected a non-negative integer \(got x\)/);
  r = await cli('features', 'build', '--season', '2024', '--week', '5', 'features=minimul', '--out', join(dir, 'bad.csv'));
  assert.equal(r.code, 2);
  assert.match(r.err, /did you mean features=minimal\?/);
  assert.equal(existsSync(join(dir, 'bad.csv')), false);
});
