// `edgelab roi --season S`: a season of the project with no scored week yet is an empty state
// (exit 0, zero counts); a season the project does not know is an error naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { cliInProcess } from '../../test/helpers/cli-in-process.ts';
import { writeSampleTree } from '../../test/helpers/artifacts-tree.ts';
import { roiReport } from '../readers/production.ts';

// The sample tree: performance log weeks of 2024 and 2025, bet files of 2023, 2024 and 2025.
const t = writeSampleTree();

const zero = { weeks: 0, bets: 0, wins: 0, losses: 0, pushes: 0, units: 0, roi: null, hit_rate: null, model_ids: [], last_alert_level: null, clv: null };

test('roi: a season with bets but no scored week is an empty state with zero counts', () => {
  const r = roiReport(t.layout, 2023);
  assert.deepEqual([r.rows, r.seasons, r.latest], [[], [], null]);
  assert.deepEqual(r.totals, zero);
  // a season of the data (the warehouse's) without any bet yet, likewise
  assert.deepEqual(roiReport(t.layout, 2019, { dataSeasons: [2019, 2020] }).totals, zero);
  // totals without a season: every week of the log (9 bets in 2024, the rest in 2025)
  const all = roiReport(t.layout);
  assert.equal(all.totals.bets, all.seasons.reduce((n, s) => n + s.bets, 0));
  assert.equal(all.totals.weeks, all.rows.length);
  assert.equal(roiReport(t.layout, 2024).totals.bets, 9);
});

test('roi: an unknown season is still an error naming it, with the seasons there are', () => {
  assert.throws(() => roiReport(t.layout, 2030, { dataSeasons: [2019, 2020, 2023, 2024, 2025] }),
    /has no rows for season 2030 \(seasons in the log: 2024, 2025\); season 2030 is not a season of this project \(seasons in the data: 2019–2025; seasons with bets: 2023, 2024, 2025\)/);
});

test('roi CLI: known but unscored season → plain message, exit 0; --json zero counts; unknown → exit 1 naming it', async () => {
  const known = await cliInProcess(['--project', t.dir, 'roi', '--season', '2023']);
  assert.equal(known.code, 0, known.stderr);
  assert.match(known.stdout, /^no bets of 2023 are scored yet \(production\/monitoring\/performance_log\.csv has no week of 2023\)/);
  const json = await cliInProcess(['--project', t.dir, 'roi', '--season', '2023', '--json']);
  assert.equal(json.code, 0, json.stderr);
  const parsed = JSON.parse(json.stdout) as { season: number; seasons: unknown[]; totals: typeof zero };
  assert.deepEqual([parsed.season, parsed.seasons, parsed.totals], [2023, [], zero]);
  const unknown = await cliInProcess(['--project', t.dir, 'roi', '--season', '2030']);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stdout, '');
  assert.match(unknown.stderr, /^error: .*performance_log\.csv has no rows for season 2030 .*season 2030 is not a season of this project/);
});

test('roi: before monitor ever ran, a known season is empty and an unknown one an error', () => {
  const u = writeSampleTree();
  rmSync(u.layout.performanceLog);
  assert.deepEqual(roiReport(u.layout, 2025).totals, zero);
  assert.throws(() => roiReport(u.layout, 2030), /no performance log at .*; season 2030 is not a season of this project/);
  assert.throws(() => roiReport(u.layout), /no performance log at .*run `edgelab monitor`/);
  // an empty log (monitor before any scored week) and an unknown season: an error too
  writeFileSync(u.layout.performanceLog, 'season,week,season_type,model_id,bets\n');
  assert.throws(() => roiReport(u.layout, 2030), /has no rows for season 2030 \(seasons in the log: none: it is empty\)/);
});
