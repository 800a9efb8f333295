import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createLayout, type Layout } from '../artifacts/layout.ts';
import { openWarehouse } from '../data/warehouse.ts';
import { importFile } from './data-import.ts';
import { importPbpFiles } from './data-import-pbp.ts';
import { tempDir } from '../../test/helpers/tmp.ts';
import { writePbp, type PbpPlay } from '../../test/support/pbp-fixture.ts';
import { writeSchedule, type ScheduleGame } from '../../test/support/nflverse-schedule-fixture.ts';

const game = (id: string, home: string, away: string, hs: number | null, as: number | null, week = 1): ScheduleGame => ({
  game_id: id, season: 2023, game_type: 'REG', week, gameday: '2023-09-10', gametime: '13:00', home_team: home, away_team: away,
  home_score: hs, away_score: as, spread_line: 3, total_line: 45.5,
});

// Game 1, KC (home) offense: pass +7y epa 0.5, pass (sack) −8y epa −1.2, run +4y epa 0.1, run +12y epa 1.0.
// DET offense: pass +25y epa 2.0, run −1y epa −0.6. Plus rows no aggregate may count: a kickoff,
// a row without possession, a pass with no EPA.
const P = (posteam: string | null, play_type: PbpPlay['play_type'], yards: number | null, epa: number | null, drive: number | null = 1): PbpPlay => ({
  game_id: '2023_01_DET_KC', season: 2023, week: 1, home_team: 'KC', away_team: 'DET', posteam, play_type, yards_gained: yards, epa, drive,
});
const PLAYS: PbpPlay[] = [
  P(null, null, null, null, null),
  P('KC', 'kickoff', 0, 0.3),
  P('KC', 'pass', 7, 0.5, 1),
  P('KC', 'pass', -8, -1.2, 1),
  P('KC', 'run', 4, 0.1, 2),
  P('KC', 'run', 12, 1.0, 3),
  P('KC', 'pass', 0, null, 3),
  P('DET', 'pass', 25, 2.0, 2),
  P('DET', 'run', -1, -0.6, 4),
];

// The schedule is imported once per file (a first load and its checkpoint cost ≈ 0.2 s of CPU)
// and each test gets a copy of that project.
let template: Promise<string> | undefined;
async function importedSchedule(): Promise<string> {
  const dir = tempDir('pbp-template-');
  const layout = createLayout(join(dir, 'proj'));
  const sched = join(dir, 'games.csv');
  writeSchedule(sched, [game('2023_01_DET_KC', 'KC', 'DET', 20, 21), game('2023_02_KC_JAX', 'JAX', 'KC', null, null, 2)]);
  await importFile(layout, { kind: 'nflverse', file: sched });
  return layout.project;
}

async function project(): Promise<{ layout: Layout; dir: string }> {
  const dir = tempDir('pbp-');
  cpSync(await (template ??= importedSchedule()), join(dir, 'proj'), { recursive: true });
  return { layout: createLayout(join(dir, 'proj')), dir };
}

async function teamGames(layout: Layout) {
  const wh = await openWarehouse(layout.warehouse, { readOnly: true });
  try {
    return (await wh.readDataset()).teamGames;
  } finally {
    await wh.close();
  }
}

const close = (a: number | null | undefined, b: number) => assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-9, `${a} ≈ ${b}`);

test('play-by-play aggregates into team_game with hand-computed values, from csv, csv.gz and parquet alike', async () => {
  const { layout, dir } = await project();
  const csv = join(dir, 'play_by_play_2023.csv');
  writePbp(csv, PLAYS);
  const out = await importPbpFiles(layout, [csv]);
  assert.equal(out.rows.team_game, 2);
  assert.equal(out.load!.inserted, 2);
  const [det, kc] = await teamGames(layout);
  assert.equal(kc!.team, 'KC');
  assert.equal(kc!.opponent, 'DET');
  assert.equal(kc!.is_home, true);
  assert.equal(kc!.plays, 4);
  close(kc!.epa_per_play, (0.5 - 1.2 + 0.1 + 1.0) / 4);
  close(kc!.success_rate, 3 / 4);
  close(kc!.yards_per_play, (7 - 8 + 4 + 12) / 4);
  close(kc!.pass_yards_per_play, (7 - 8) / 2);
  close(kc!.rush_yards_per_play, (4 + 12) / 2);
  close(kc!.explosiveness, (0.5 + 0.1 + 1.0) / 3);
  assert.equal(kc!.drives, 3);
  assert.equal(kc!.points, 20);
  close(kc!.points_per_drive, 20 / 3);
  // Splits: KC passes 0.5, −1.2 (one success); rushes 0.1, 1.0 (both); the 12-yard rush is
  // explosive (rush ≥ 10), the 7-yard pass is not (pass ≥ 20).
  close(kc!.pass_epa_per_play, (0.5 - 1.2) / 2);
  close(kc!.rush_epa_per_play, (0.1 + 1.0) / 2);
  close(kc!.pass_success_rate, 1 / 2);
  close(kc!.rush_success_rate, 1);
  close(kc!.explosive_play_rate, 1 / 4);
  assert.equal(det!.plays, 2);
  close(det!.epa_per_play, 0.7);
  assert.equal(det!.points, 21);
  close(det!.pass_epa_per_play, 2.0);
  close(det!.rush_epa_per_play, -0.6);
  close(det!.pass_success_rate, 1);
  close(det!.rush_success_rate, 0);
  close(det!.explosive_play_rate, 1 / 2);

  // Idempotent: the same file again changes nothing; the gzip and Parquet forms give the same rows.
  const again = await importPbpFiles(layout, [csv]);
  assert.deepEqual([again.load!.inserted, again.load!.updated, again.load!.unchanged], [0, 0, 2]);
  const gz = join(dir, 'play_by_play_2023.csv.gz');
  writePbp(gz, PLAYS);
  const viaGz = await importPbpFiles(layout, [gz]);
  assert.equal(viaGz.load!.unchanged, 2);
  const parquet = join(dir, 'play_by_play_2023.parquet');
  // require, not import(): import() of this CommonJS package scans its sources for named exports (≈ 0.3 s of CPU).
  const { DuckDBInstance } = createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  await conn.run(`COPY (SELECT * REPLACE (TRY_CAST(epa AS DOUBLE) AS epa, TRY_CAST(yards_gained AS DOUBLE) AS yards_gained) FROM read_csv('${csv}', all_varchar = true, nullstr = 'NA')) TO '${parquet}' (FORMAT parquet)`);
  conn.closeSync();
  inst.closeSync();
  const viaParquet = await importPbpFiles(layout, [parquet]);
  assert.deepEqual([viaParquet.load!.inserted, viaParquet.load!.updated, viaParquet.load!.unchanged], [0, 0, 2]);
});

test('explosive plays: a pass of 20+ yards or a rush of 10+, at the boundaries; a scramble is a pass play by nflverse\'s flags', async () => {
  const { layout, dir } = await project();
  // KC: passes of 20 (explosive), 19 (not), a 15-yard scramble (play_type run but pass = 1, rush = 0:
  // a pass play, so not explosive), rushes of 10 (explosive) and 9 (not). DET: one pass with no
  // success column value other than nflverse's own (epa 0 is not a success).
  const plays: PbpPlay[] = [
    P('KC', 'pass', 20, 0.9, 1),
    P('KC', 'pass', 19, 0.8, 1),
    { ...P('KC', 'run', 15, 0.7, 2), pass: 1, rush: 0 },
    P('KC', 'run', 10, 0.2, 2),
    P('KC', 'run', 9, -0.4, 3),
    P('DET', 'pass', 30, 0, 1),
  ];
  const csv = join(dir, 'play_by_play_2023.csv');
  writePbp(csv, plays);
  await importPbpFiles(layout, [csv]);
  const [det, kc] = await teamGames(layout);
  assert.equal(kc!.plays, 5);
  close(kc!.explosive_play_rate, 2 / 5);
  close(kc!.pass_epa_per_play, (0.9 + 0.8 + 0.7) / 3);
  close(kc!.rush_epa_per_play, (0.2 - 0.4) / 2);
  close(kc!.pass_success_rate, 1);
  close(kc!.rush_success_rate, 1 / 2);
  close(det!.explosive_play_rate, 1);
  close(det!.pass_success_rate, 0);
  // No rush plays: no rush split (absent, i.e. NULL in the warehouse; never zero).
  assert.equal(det!.rush_epa_per_play ?? null, null);
  assert.equal(det!.rush_success_rate ?? null, null);

  // Without pass/rush, nflverse's pass_attempt/rush_attempt decide: the scramble (rush_attempt 1
  // in this file, play_type run) is a rush of 15 yards, so explosive.
  writePbp(csv, plays, { drop: ['pass', 'rush'] });
  await importPbpFiles(layout, [csv]);
  const kc2 = (await teamGames(layout)).find((t) => t.team === 'KC')!;
  close(kc2.explosive_play_rate, 3 / 5);
  close(kc2.rush_epa_per_play, (0.7 + 0.2 - 0.4) / 3);
});

test('documented alternatives: pass_attempt/rush_attempt where pass/rush are absent, epa > 0 where success is absent', async () => {
  const { layout, dir } = await project();
  const csv = join(dir, 'pbp_alt.csv');
  writePbp(csv, PLAYS, { drop: ['pass', 'rush', 'success'] });
  await importPbpFiles(layout, [csv]);
  const kc = (await teamGames(layout)).find((t) => t.team === 'KC')!;
  assert.equal(kc.plays, 4);
  close(kc.success_rate, 0.75);
});

test('a missing required column is named; plays of an unknown game are reported by file and line and nothing loads', async () => {
  const { layout, dir } = await project();
  const bad = join(dir, 'no_epa.csv');
  writePbp(bad, PLAYS, { drop: ['epa'] });
  await assert.rejects(importPbpFiles(layout, [bad]), /no_epa\.csv:1: header: missing column epa \(is this an nflverse play-by-play file\? it has 371 columns\)/);
  const none = join(dir, 'no_kind.csv');
  writePbp(none, PLAYS, { drop: ['pass', 'rush', 'pass_attempt', 'rush_attempt', 'play_type'] });
  await assert.rejects(importPbpFiles(layout, [none]), /missing column pass and rush \(or pass_attempt and rush_attempt, or play_type\)/);

  const stray = join(dir, 'stray.csv');
  const other = PLAYS.slice(2, 4).map((p) => ({ ...p, game_id: '2023_01_XXX_YYY' }));
  writePbp(stray, [...PLAYS, ...other]);
  const before = statSync(layout.warehouse).mtimeMs;
  await assert.rejects(
    importPbpFiles(layout, [stray]),
    (e: Error) => /stray\.csv:11: game_id: 2023_01_XXX_YYY is not an NFL game of the warehouse \(2 rows, lines 11–12\)/.test(e.message) && /nothing was loaded/.test(e.message) && /edgelab data import nflverse/.test(e.message),
  );
  assert.equal((await teamGames(layout)).length, 0);
  assert.ok(statSync(layout.warehouse).mtimeMs >= before);
  const skipped = await importPbpFiles(layout, [stray], { skipBadRows: true });
  assert.equal(skipped.rejected, 2);
  assert.equal(skipped.rows.team_game, 2);
});

test('a game that is not final gets no statistics (they exist only after the game)', async () => {
  const { layout, dir } = await project();
  const live = join(dir, 'live.csv');
  writePbp(live, PLAYS.map((p) => ({ ...p, game_id: '2023_02_KC_JAX', home_team: 'JAX', away_team: 'KC', posteam: p.posteam === 'DET' ? 'JAX' : p.posteam })));
  const out = await importPbpFiles(layout, [live]);
  assert.equal(out.rows.team_game, 0);
  assert.equal(out.files[0]!.not_final, 1);
  assert.equal((await teamGames(layout)).length, 0);
});
