import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoLeague } from '../../data/sources/demo/league.ts';
import { seasonFingerprintOf } from '../../data/fingerprint.ts';
import type { Dataset } from '../../data/schema.ts';
import { seasonFingerprints } from './season-fingerprints.ts';

const frozen = (d: Dataset): Dataset => ({ ...d, games: d.games.map((r) => Object.freeze({ ...r })), lines: d.lines.map((r) => Object.freeze({ ...r })), teamGames: d.teamGames.map((r) => Object.freeze({ ...r })) });
const fresh = (d: Dataset, seasons: number[]) => Object.fromEntries(seasons.map((s) => [String(s), seasonFingerprintOf(d, s)]));

test('season fingerprints: kept for the same frozen rows, computed again for other rows, never stale for rows that can change', () => {
  // Three seasons cut to the games among the teams of the first 20 (265 of 2,473 games, ≈ 90 a
  // season, every week): what is kept or hashed again does not depend on how many rows there
  // are; hashing the whole league nine times over was most of this file's CPU.
  const full = generateDemoLeague({ seasons: [2021, 2023], seed: 5 }).dataset;
  const teams = new Set(full.games.slice(0, 20).flatMap((g) => [g.home_team, g.away_team]));
  const kept = new Set(full.games.filter((g) => teams.has(g.home_team) && teams.has(g.away_team)).map((g) => g.game_id));
  const dataset: Dataset = { games: full.games.filter((g) => kept.has(g.game_id)), lines: full.lines.filter((l) => kept.has(l.game_id)), teamGames: full.teamGames.filter((t) => kept.has(t.game_id)) };
  const seasons = [2021, 2022, 2023];
  const a = frozen(dataset);
  assert.deepEqual(seasonFingerprints(a, seasons), fresh(a, seasons));
  // The same rows in new arrays (as each session read hands out): the kept fingerprints, equal.
  const again = { ...a, games: [...a.games], lines: [...a.lines], teamGames: [...a.teamGames] };
  assert.deepEqual(seasonFingerprints(again, seasons), fresh(a, seasons));
  // One game's score changed (a new frozen row): that season's fingerprint changes, the others do not.
  const k = a.games.findIndex((g) => g.season === 2022 && g.completed);
  const changed = { ...a, games: a.games.map((g, i) => (i === k ? Object.freeze({ ...g, home_points: g.home_points! + 1 }) : g)) };
  const got = seasonFingerprints(changed, seasons);
  assert.deepEqual(got, fresh(changed, seasons));
  assert.notEqual(got['2022'], fresh(a, seasons)['2022']);
  assert.equal(got['2021'], fresh(a, seasons)['2021']);
  // A dropped line: the data differs, so does its season's fingerprint.
  const fewer = { ...changed, lines: changed.lines.slice(1) };
  assert.deepEqual(seasonFingerprints(fewer, seasons), fresh(fewer, seasons));
  // Rows that are not frozen may change in place between calls: always hashed afresh.
  const loose: Dataset = { ...dataset, games: dataset.games.map((r) => ({ ...r })) };
  const before = seasonFingerprints(loose, seasons);
  const g = loose.games.find((x) => x.season === 2023 && x.completed)!;
  g.away_points = g.away_points! + 3;
  const after = seasonFingerprints(loose, seasons);
  assert.deepEqual(after, fresh(loose, seasons));
  assert.notEqual(after['2023'], before['2023']);
});
