// End to end on a college CSV set (schedule, lines, team statistics with --map) labelled the way
// CFBD labels weeks: week 0 inside week 1, FCS playoff rounds as late weeks, a three-round playoff
// all in postseason week 1. init --league cfb → import → validate → v2-001…v2-005 with no config
// edits (2020 excluded, FBS only) → a promotion test → promote → a live week.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectCli } from '../helpers/project-cli.ts';
import { CORES_ENV } from '../../src/util/cores.ts';
import { collegeSeasons, TEAM_STATS_MAP, writeCollegeFiles } from '../support/cfb-fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'edgelab-cfb-e2e-'));
const dir = join(root, 'proj');
after(() => rmSync(root, { recursive: true, force: true }));
// The commands run on one core's share (EDGELAB_CORES=1, src/util/cores.ts: what a parent hands
// the children it runs side by side; no config edit): walk-forwards, GBDT fits and DuckDB in the
// command's thread and one plot helper, instead of fold workers and helper threads that each load
// and warm up the models' code again, on a machine whose cores the other test files keep busy.
// Thread counts change no result (the quick demo's compiled run with fold workers equals its
// single-thread source run, test/e2e/demo.test.ts); what this file checks is the league's path.
const { cli, ok } = projectCli(dir, { [CORES_ENV]: '1' });

test('college from CSV files: the calendar as it is, FBS only, 2020 excluded, five experiments and a live week', async () => {
  const files = writeCollegeFiles(root, collegeSeasons([2019, 2020, 2021, 2022, 2023, 2024, 2025], { season: 2025, fromWeek: 10 }));
  await ok(['init', '--league', 'cfb']);
  let r = await ok(['data', 'import', 'csv', files.games, '--table', 'games']);
  // Per season: the 2 week-0 games, and the bowl, semifinal and final (a week or more after the
  // first playoff round) leave the labels they came with; the second first-round game too when
  // it falls in the next calendar week.
  const relabelled = Number(/(\d+) college games given their kickoff week/.exec(r.out)?.[1]);
  assert.ok(relabelled >= 7 * 5 && relabelled <= 7 * 6, r.out);
  await ok(['data', 'import', 'csv', files.lines, '--table', 'lines']);
  r = await ok(['data', 'import', 'csv', files.teamStats, '--table', 'team_game', '--map', TEAM_STATS_MAP]);
  assert.match(r.out, /ignored columns \(not in the team_game schema\): notes/);

  // The real calendar has no team twice in a week: validate passes that check for every week.
  r = await cli(['validate', '--season', '2024', '--json']);
  const reports = JSON.parse(r.out).reports as { week: number; season_type: string; checks: { id: string; status: string }[] }[];
  const weeks = reports.map((x) => `${x.season_type[0]}${x.week}`);
  assert.ok(weeks.includes('r0') && weeks.includes('r16') && weeks.includes('p1') && weeks.includes('p4') && weeks.includes('p5'), weeks.join(' '));
  // And nothing else fails: team statistics without yards per play (CFBD-style) are unavailable, not null.
  assert.equal(r.code, 0, reports.filter((x) => (x as { status?: string }).status !== 'pass').map((x) => JSON.stringify(x.checks.filter((c) => c.status !== 'pass'))).join('\n'));
  for (const x of reports) {
    for (const id of ['team_twice_in_week', 'week_order']) assert.equal(x.checks.find((c) => c.id === id)!.status, 'pass', `${id} ${x.season_type} ${x.week}`);
  }

  for (const id of ['v2-001', 'v2-002', 'v2-003', 'v2-004', 'v2-005']) {
    r = await ok(['train', `experiment=${id}`]);
    assert.match(r.out, /development seasons 2022, 2023; test season 2024 locked/);
    assert.match(r.err, /2 development seasons \(evaluation.dev_seasons asks 3\).*excluded seasons .*2020/);
    const phase = id === 'v2-001' ? 'phase1_baseline' : ['v2-002', 'v2-003'].includes(id) ? 'phase2_features' : 'phase3_models';
    const summary = JSON.parse(readFileSync(join(dir, 'artifacts/experiments', phase, id, 'summary.json'), 'utf8'));
    assert.deepEqual([summary.league, summary.sport, summary.data_source], ['cfb', 'cfb', 'csv']);
    // FBS only: 56 round-robin games, one FBS week-0 game and 5 postseason games a season.
    assert.ok(summary.headline.spread.n_games <= 2 * 62 && summary.headline.spread.n_games > 100, String(summary.headline.spread.n_games));
  }
  const preds = readFileSync(join(dir, 'artifacts/experiments/phase1_baseline/v2-001/predictions.csv'), 'utf8');
  assert.ok(!/Montana|Mercer|Villanova|North Dakota State/.test(preds), 'no FCS team in the evaluated games');

  r = await cli(['promote-test', '--baseline', 'v2-001', '--candidate', 'v2-002', '--json']);
  const t = JSON.parse(r.out);
  assert.equal(t.candidate_id, 'v2-002');
  assert.equal(r.code, t.passed ? 0 : 1, 'promote-test exits 1 when the candidate does not pass');
  await ok(['promote', 'v2-001']);
  r = await ok(['week', '--season', '2025', '--week', '10', '--backfill']); // a past week of real data: a backfill
  assert.match(r.out, /predict: \d+ bets/);
  assert.ok(existsSync(join(dir, 'artifacts/production/predictions/2025/week10_bets.csv')));
});
