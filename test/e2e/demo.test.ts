// The main job end to end: `edgelab demo --quick` in a temporary directory, every artifact the
// tree promises, and the same seed giving the same results (two runs, side by side: one from the
// compiled package in dist/, one from the TypeScript sources — same files, same numbers).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, lstatSync, mkdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../src/util/csv.ts';
import { readStore } from '../../src/tracking/filestore-reader.ts';
import { createLayout } from '../../src/artifacts/layout.ts';
import { readChampion } from '../../src/artifacts/champion.ts';
import { PHASE_DIRS } from '../../src/artifacts/layout.ts';

const BIN = fileURLToPath(new URL('../../bin/edgelab.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'edgelab-demo-e2e-'));
after(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

const csv = (f: string) => parseCsv(readFileSync(f, 'utf8'));

/** Every file under dir, relative; MLflow's random run and model-version ids shown as '*'. */
function treeOf(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? treeOf(dir, join(rel, e.name)) : [join(rel, e.name)]))
    .map((p) => p.replace(/\/(\d{15,20}|[0-9a-f]{32})(?=\/|$)/g, '/*'))
    .sort();
}

/** A file's content without what differs from run to run (times, durations, ids, git commit). */
function stable(root: string, rel: string): string {
  const file = join(root, rel);
  if (lstatSync(file).isSymbolicLink()) return `→ ${readlinkSync(file)}`;
  const text = readFileSync(file, 'latin1').replaceAll(root, 'DIR');
  // (content hashes of files that carry a time stamp differ with the time too)
  const drop = /(^at|_at|_ms|_time|time|timestamp|git_commit|run_id|^metadata\.json|^config\.yaml)$/;
  const json = (t: string) => JSON.stringify(JSON.parse(t), (k, v) => (drop.test(k) ? undefined : v));
  if (file.endsWith('.json')) return json(text);
  if (file.endsWith('.jsonl')) return text.split('\n').filter((l) => l.trim()).map(json).join('\n');
  return text
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T')
    .replace(/\b[0-9a-f]{32}\b/g, 'ID')
    .replace(/change id [\d-]+[0-9a-f]{6}/g, 'change id ID');
}
const isPng = (f: string) => statSync(f).size > 5000 && readFileSync(f).subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));

test('edgelab demo --quick plays the four phases and leaves every promised artifact; same seed, same results', async () => {
  const a = join(root, 'a');
  const b = join(root, 'b');
  assert.ok(existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))), 'the compiled package is built (npm ci / run-tests build it)');
  // bin/edgelab.js runs the bundle of it (scripts/bundle.mjs): that is what the comparison checks.
  assert.ok(existsSync(fileURLToPath(new URL('../../dist/bundle/main.js', import.meta.url))), 'the compiled package is bundled');
  // The two run side by side on two cores. The source run gets one core's share (EDGELAB_CORES=1,
  // src/util/cores.ts, what a parent hands children it runs side by side): its walk-forwards run in
  // its own thread and it starts one plot helper, instead of worker threads that each load the
  // models' modules through tsx's loader again. Thread counts change no result, so the comparison
  // below also holds the compiled run's fold workers to the source run's single thread. (Workers
  // started from the TypeScript sources are tested by src/util/pool.test.ts.)
  const [ra, rb] = await Promise.all([run(['demo', '--quick', '--dir', a]), run(['demo', '--quick', '--dir', b], { EDGELAB_FROM_SOURCE: '1', EDGELAB_CORES: '1' })]);
  assert.equal(ra.code, 0, ra.err);
  assert.equal(rb.code, 0, rb.err);
  for (const line of ['phase 1 — the baseline', 'phase 2 — feature experiments', 'phase 3 — model experiments', 'test season', 'live season']) {
    assert.ok(ra.out.includes(line), `output mentions ${line}`);
  }
  assert.match(ra.out, /final: season \d+-\d+-\d+/);

  const layout = createLayout(a);
  // Experiments: five, each with every file, valid JSON, non-empty plots.
  const ids = ['v2-001', 'v2-002', 'v2-003', 'v2-004', 'v2-005'];
  const phaseOf: Record<string, 1 | 2 | 3> = { 'v2-001': 1, 'v2-002': 2, 'v2-003': 2, 'v2-004': 3, 'v2-005': 3 };
  for (const id of ids) {
    const dir = layout.experimentDir(id, phaseOf[id]!);
    assert.ok(dir.includes(PHASE_DIRS[phaseOf[id]!]));
    for (const f of ['metrics.csv', 'predictions.csv', 'config.yaml', 'summary.json']) assert.ok(existsSync(join(dir, f)), `${id}/${f}`);
    for (const p of ['residuals.png', 'calibration.png', 'feature_importance.png', 'cumulative_units.png', 'roi_by_edge.png']) assert.ok(isPng(join(dir, 'plots', p)), `${id} ${p}`);
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    assert.equal(s.id, id);
    const spread = s.headline.spread;
    if (id === 'v2-001') {
      // the benchmark is a power rating without market input: worse than the line, and it bets
      assert.ok(spread.rmse > spread.market_rmse, `${id}: a power rating is less accurate than the line (${spread.rmse} vs ${spread.market_rmse})`);
      assert.ok(spread.n_bets >= 50, `${id} bets on the spread: ${spread.n_bets}`);
    } else {
      assert.ok(Math.abs(spread.rmse - spread.market_rmse) < 0.5, `${id}: model RMSE within 0.5 of the market's (${spread.rmse} vs ${spread.market_rmse})`);
    }
    const bundle = layout.modelBundle(id, phaseOf[id]!);
    for (const f of ['model.json', 'metadata.json', 'feature_importance.csv']) assert.ok(existsSync(join(bundle, f)), `${id} bundle ${f}`);
    if (id !== 'v2-001') assert.ok(existsSync(layout.promotionTest(id)), `${id} promotion test`);
  }
  // MLflow: one finished run per experiment, readable by the reader.
  const store = readStore(layout.mlruns);
  for (const id of ids) assert.ok(store.runs.some((r) => r.runName === id && r.status === 'FINISHED'), `MLflow run ${id}`);
  // Params describe what ran: the quick demo's seasons and live season, not the conf defaults.
  const first = store.runs.find((r) => r.runName === 'v2-001')!;
  assert.deepEqual([first.params['data.demo.seasons'], first.params['data.demo.live_season']], ['2018-2023', '2023']);
  // A champion link that resolves, and its registry journal.
  const champ = readChampion(layout);
  assert.ok(champ.current && ids.includes(champ.current.id));
  assert.ok(lstatSync(layout.championCurrent).isSymbolicLink());
  // The test season was looked at once, and the look is in the ledger.
  const ledger = JSON.parse(readFileSync(layout.testLedger, 'utf8'));
  assert.equal(ledger.looks.length, 1);
  // Live season: weekly bets and scores, performance log, alerts, dashboard data.
  const season = 2023;
  const betFiles = readdirSync(layout.predictionsDir(season)).filter((f) => f.endsWith('_bets.csv'));
  const scoredFiles = readdirSync(layout.scoredDir(season)).filter((f) => f.endsWith('_scored.csv'));
  assert.ok(betFiles.length >= 10, `${betFiles.length} weekly bet files`);
  assert.ok(scoredFiles.length >= 10, `${scoredFiles.length} weekly scored files`);
  const bets = csv(join(layout.predictionsDir(season), betFiles.sort()[5]!));
  assert.deepEqual(bets.header.slice(0, 7), ['game_id', 'home_team', 'away_team', 'prediction', 'edge', 'bet_type', 'recommended_units']);
  const log = csv(layout.performanceLog);
  for (const c of ['season', 'week', 'model_id', 'bets', 'wins', 'losses', 'pushes', 'units', 'roi', 'hit_rate', 'cumulative_units', 'alert_level']) assert.ok(log.header.includes(c), `performance_log has ${c}`);
  assert.ok(log.rows.length >= 10);
  assert.ok(readdirSync(layout.alertsDir).filter((f) => f.endsWith('.json')).length >= 10);
  JSON.parse(readFileSync(layout.dashboardData, 'utf8'));
  for (const f of readdirSync(layout.alertsDir).filter((n) => n.endsWith('.json'))) JSON.parse(readFileSync(join(layout.alertsDir, f), 'utf8'));
  assert.ok(readdirSync(layout.dataQualityDir(season)).length >= 10);
  assert.match(readFileSync(layout.experimentsIndex, 'utf8'), /\| v2-005 \|/);
  assert.match(readFileSync(layout.decisionLog, 'utf8'), /v2-001/);

  // Determinism: the same seed gives the same metrics, predictions and weekly results.
  const lb = createLayout(b);
  for (const id of ids) {
    for (const f of ['metrics.csv', 'predictions.csv']) {
      assert.equal(readFileSync(join(layout.experimentDir(id, phaseOf[id]!), f), 'utf8'), readFileSync(join(lb.experimentDir(id, phaseOf[id]!), f), 'utf8'), `${id}/${f} differs between runs`);
    }
  }
  // Compiled and source runs: the same files, and the same content once times, durations, run
  // ids and the git commit are taken out.
  assert.deepEqual(treeOf(a), treeOf(b));
  for (const rel of treeOf(a)) {
    if (rel.startsWith('data/') || rel.includes('mlruns/') || rel.endsWith('.lock')) continue;
    assert.equal(stable(a, rel), stable(b, rel), `${rel} differs between the compiled and the source run`);
  }
  const strip = (f: string) => csv(f).rows.map((r) => r.slice(0, -1).join(','));
  assert.deepEqual(strip(join(layout.scoredDir(season), scoredFiles.sort()[5]!)), strip(join(lb.scoredDir(season), scoredFiles.sort()[5]!)));
  assert.equal(readChampion(lb).current?.id, champ.current!.id);

  // A directory that is not the demo's is refused, untouched.
  const foreign = join(root, 'foreign');
  mkdirSync(foreign);
  writeFileSync(join(foreign, 'notes.txt'), 'mine');
  const r = await run(['demo', '--quick', '--dir', foreign]);
  assert.equal(r.code, 1);
  assert.match(r.err, /not empty and was not made by edgelab demo/);
  assert.deepEqual(readdirSync(foreign), ['notes.txt']);
});
