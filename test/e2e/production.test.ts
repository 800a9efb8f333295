// End to end: a small demo league's live season run week by week — reveal last week's results,
// then the weekly loop (score → monitor → validate → predict) — with the CLI for setup and for
// the commands a user types, and the same workflows in-process for the loop itself (each CLI
// start costs seconds here; the loop runs the same code the `week` command runs). Weeks 2-14
// share one warehouse connection, as the demo's live season does (withWarehouseSession): opened,
// read back and checkpointed per week, the loop cost twice the CPU (40.9 / 43.8 s → 21.7 /
// 22.4 s for this file, interleaved, load 21-26). The per-command path (open, read, close) stays
// covered here by week 1 and the CLI commands after the loop, and by the production routes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLayout } from '../../src/artifacts/layout.ts';
import { loadDemoLeague } from '../../src/workflow/data-demo.ts';
import { runWeek } from '../../src/workflow/week.ts';
import { predictWeek } from '../../src/workflow/predict.ts';
import { writeWeeklyReport } from '../../src/workflow/report/write.ts';
import { BET_COLUMNS, SCORED_COLUMNS } from '../../src/workflow/production-files.ts';
import { csvToObjects } from '../../src/util/csv.ts';
import { withWarehouseSession } from '../../src/data/warehouse-session.ts';
import { UserError } from '../../src/util/errors.ts';
import { cliFromImportedModules, cliInProcess } from '../helpers/cli-in-process.ts';
import { copyProject, liveChampionProject } from '../helpers/demo-projects.ts';

const root = mkdtempSync(join(tmpdir(), 'edgelab-production-e2e-'));
const dir = join(root, 'proj');
const layout = createLayout(dir);
// The CLI in this process (test/helpers/cli-in-process.ts), its main() from the product modules
// this file imports for the weekly loop: one copy of the product in the process, not the bundle's
// beside it.
cliFromImportedModules();
const cli = async (args: string[]) => {
  const r = await cliInProcess(['--project', dir, ...args]);
  return { code: r.code, out: r.stdout, err: r.stderr };
};
const LAST = 14; // the demo's last regular week
const reveal = (week: number) => loadDemoLeague(layout, { reveal: { regularWeek: week, postseasonWeek: 0 } });

before(async () => {
  // init, data demo 2016-2020 (live 2020, revealed through week 0), train a raw v2-001 (it bets
  // every week), promote it: built once per run (shared with the dashboard's browser test).
  copyProject(await liveChampionProject(), dir);
});
after(() => rmSync(root, { recursive: true, force: true }));

test('a live season week by week: bets, scores, performance log, alerts, dashboard, immutability', async () => {
  // week 1 through the CLI, as a user runs it
  let r = await cli(['week', '--season', '2020', '--week', '1']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /✓ monitor: no scored weeks yet\n✓ validate: data quality (pass|warn)\n✓ predict: \d+ bets \(written\)/);
  await withWarehouseSession(async () => {
    for (let w = 2; w <= LAST; w++) {
      await reveal(w - 1);
      const res = await runWeek({ layout, season: 2020, week: w });
      assert.equal(res.scored.length, 1, `week ${w} scores week ${w - 1}`);
      assert.equal(res.scored[0]!.pending, 0);
      assert.equal(res.predict!.action, 'written');
      assert.equal(res.predict!.model_id, 'v2-001');
      if (w === 5) {
        // the demo league's clock stands before week 5's kickoff: a changed file can be regenerated
        const f = layout.predictionsFile(2020, w);
        const text = readFileSync(f, 'utf8');
        writeFileSync(f, text.replace(/\n([^,\n]+),/, '\nsomething_else,'));
        const again = await predictWeek({ layout, season: 2020, week: w, regenerate: true, reason: 'line moved' });
        assert.equal(again.action, 'regenerated');
        assert.equal(again.bets.length, res.predict!.bets.length);
      }
    }
    await reveal(LAST);
  });
  r = await cli(['score', '--season', '2020', '--week', String(LAST)]);
  assert.equal(r.code, 0, r.err);
  r = await cli(['monitor']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /(🟢|🟡|🟠|🔴) (GREEN|YELLOW|ORANGE|RED) — 2020 week 14, v2-001/);

  // the weekly picks report: HTML (self-contained) and Markdown; each bet's reasons add up exactly
  const rep = await writeWeeklyReport(layout, 2020, LAST);
  assert.equal(rep.html, join(dir, 'artifacts/production/reports/2020/week14_report.html'));
  const html = readFileSync(rep.html, 'utf8');
  assert.doesNotMatch(html.replaceAll('http://www.w3.org/2000/svg', ''), /https?:\/\/|<script|<link/);
  assert.match(html, /<svg[^>]*>.*cumulative units by game date/);
  const md = readFileSync(rep.markdown, 'utf8');
  assert.match(md, /^# Weekly picks — 2020 week 14\n/);
  assert.match(md, /## Last week's results — 2020 week 13\n/);
  assert.match(md, /\| all \| \d+ \| \d+-\d+-\d+ \| [+−]\d+\.\d\d \| \d+\.\d% \[\d+\.\d%, \d+\.\d%\] \|/);
  assert.match(md, /\*\*(GREEN|YELLOW|ORANGE|RED)\*\* \(as of 2020 week 1[34]\)/);
  assert.ok(rep.report.bets.length > 0);
  for (const b of rep.report.bets) {
    assert.equal(b.method, 'exact (linear)');
    const sum = b.base + b.reasons.reduce((a, r) => a + r.points, 0) + b.market_term;
    assert.ok(Math.abs(sum - (b.prediction - b.market)) < 0.01, `${b.game_id}: ${sum} vs ${b.prediction - b.market}`);
  }
  const all = rep.report.season.find((x) => x.market === 'all')!;
  assert.equal(all.tally.bets, [...Array(LAST - 1).keys()].reduce((a, i) => a + csvToObjects(readFileSync(layout.scoredFile(2020, i + 1), 'utf8')).length, 0));

  // every week: a bets file with exactly the columns of issue 10, a scored file
  let bets = 0;
  for (let w = 1; w <= LAST; w++) {
    const text = readFileSync(layout.predictionsFile(2020, w), 'utf8');
    assert.equal(text.split('\n')[0], BET_COLUMNS.join(','));
    const rows = csvToObjects(text);
    assert.ok(rows.length <= 12, 'at most 12 bets a week');
    bets += rows.length;
    const scored = csvToObjects(readFileSync(layout.scoredFile(2020, w), 'utf8'));
    assert.deepEqual(Object.keys(scored[0] ?? Object.fromEntries(SCORED_COLUMNS.map((c) => [c, '']))), [...SCORED_COLUMNS]);
    assert.equal(scored.length, rows.length);
    for (const s of scored) assert.ok(['win', 'loss', 'push'].includes(s.result!), `week ${w}: ${s.result}`);
  }
  assert.ok(bets > 60, `${bets} bets over the season`);
  const log = csvToObjects(readFileSync(layout.performanceLog, 'utf8'));
  const scoredWeeks = log.map((x) => Number(x.week));
  assert.deepEqual(scoredWeeks, [...Array(LAST)].map((_, i) => i + 1));
  const units = log.reduce((s, x) => s + Number(x.units), 0);
  assert.ok(Math.abs(units - Number(log.at(-1)!.cumulative_units)) < 1e-3);
  assert.equal(readdirSync(layout.alertsDir).filter((n) => n.endsWith('.json')).length, LAST);
  const alert = JSON.parse(readFileSync(layout.alertFile(2020, LAST), 'utf8'));
  assert.equal(alert.level, log.at(-1)!.alert_level);
  assert.ok(alert.drift.length > 0, 'the drift check ran on the latest week');
  const dash = JSON.parse(readFileSync(layout.dashboardData, 'utf8'));
  assert.equal(dash.champion.current.id, 'v2-001');
  assert.equal(dash.weekly.length, LAST);
  assert.equal(dash.seasons[0].all.bets, bets);
  assert.equal(dash.leaderboard[0].id, 'v2-001');
  assert.ok(dash.data_quality.length >= LAST);

  // the maintenance commands read what production wrote
  r = await cli(['roi', '--json']);
  assert.equal(r.code, 0, r.err);
  const roi = JSON.parse(r.out);
  assert.equal(roi.seasons[0].bets, bets);
  assert.ok(Math.abs(roi.seasons[0].units - units) < 1e-3);

  // immutability: the same bets recomputed leave the file untouched…
  const file = layout.predictionsFile(2020, LAST);
  const before = readFileSync(file, 'utf8');
  const again = await predictWeek({ layout, season: 2020, week: LAST });
  assert.equal(again.action, 'unchanged');
  assert.equal(readFileSync(file, 'utf8'), before);
  // …different bets are refused (here: the file was edited by hand)…
  const edited = before.replace(/\n([^,\n]+),/, '\nsomething_else,');
  writeFileSync(file, edited);
  r = await cli(['predict', '--season', '2020', '--week', String(LAST)]);
  assert.equal(r.code, 1);
  assert.match(r.err, /already exists with different bets .*predictions are immutable .*--regenerate --reason/);
  // …regenerating is refused after the week's first kickoff, allowed before it (old file kept)
  await assert.rejects(predictWeek({ layout, season: 2020, week: LAST, regenerate: true, reason: 'test' }), /kicked off at .*the bets on file stand/);
  await assert.rejects(predictWeek({ layout, season: 2020, week: LAST, regenerate: true }), /--regenerate needs --reason/);
  const early = await predictWeek({ layout, season: 2020, week: LAST, regenerate: true, reason: 'line moved', now: new Date('2020-01-01T00:00:00Z') });
  assert.equal(early.action, 'regenerated');
  assert.equal(readFileSync(early.replaced!, 'utf8'), edited);
  const gen = BET_COLUMNS.indexOf('generated_at');
  const withoutTime = (text: string) => text.split('\n').slice(1).map((l) => l.split(',').filter((_, i) => i !== gen).join()).join();
  assert.equal(withoutTime(readFileSync(file, 'utf8')), withoutTime(before));
  const journal = readFileSync(layout.productionLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(journal.at(-1), { ...journal.at(-1), action: 'regenerated', reason: 'line moved', week: LAST });

  // the loop stops at the first failing step and says what to do
  r = await cli(['week', '--season', '2020', '--week', '20']);
  assert.equal(r.code, 1);
  assert.match(r.err, /2020 week 20: validate failed: no games for season 2020 \(regular\) week 20 .*\nwhat to do: check that the warehouse has 2020 week 20/);

  // a failed data-quality report stops predict (and week) unless forced, and forcing is recorded
  const q = layout.dataQualityFile(2020, LAST);
  writeFileSync(q, JSON.stringify({ ...JSON.parse(readFileSync(q, 'utf8')), status: 'fail' }));
  rmSync(file);
  await assert.rejects(predictWeek({ layout, season: 2020, week: LAST }), (e: unknown) => e instanceof UserError && /data-quality report of 2020 week 14 failed/.test((e as Error).message));
  assert.equal(existsSync(file), false);
  // (the week has kicked off by the demo clock: re-predicting it is a backfill, marked as such)
  await assert.rejects(predictWeek({ layout, season: 2020, week: LAST, force: true, reason: 'checked by hand' }), /kicked off at .*--backfill/);
  const forced = await predictWeek({ layout, season: 2020, week: LAST, force: true, reason: 'checked by hand', backfill: true });
  assert.equal(forced.backfilled, true);
  assert.ok(csvToObjects(readFileSync(file, 'utf8')).every((b) => b.backfilled === 'true'));
  assert.equal(forced.quality.forced, true);
  const last = JSON.parse(readFileSync(layout.productionLog, 'utf8').trim().split('\n').at(-1)!);
  assert.equal(last.forced, true);
  assert.equal(last.quality, 'fail');

  // the bowls have no lines until the championship week is revealed: refused, no bets file written
  const bowls = await cli(['week', '--season', '2020', '--week', '2', '--season-type', 'postseason']);
  assert.equal(bowls.code, 1);
  assert.match(bowls.err, /no betting lines for 2020 postseason week 2 yet \(\d+ games, none with a spread or total\); nothing written — .*--reveal-week post1/);
  assert.equal(existsSync(layout.predictionsFile(2020, 2, 'postseason')), false);
});
