// The main job end to end: `edgelab demo --quick` in a temporary directory, every artifact the
// tree promises, and the same seed giving the same results (two runs, side by side).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, lstatSync, mkdirSync, writeFileSync } from 'node:fs';
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

function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

const csv = (f: string) => parseCsv(readFileSync(f, 'utf8'));
const isPng = (f: string) => statSync(f).size > 5000 && readFileSync(f).subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));

test('edgelab demo --quick plays the four phases and leaves every promised artifact; same seed, same results', async () => {
  const a = join(root, 'a');
  const b = join(root, 'b');
  const [ra, rb] = await Promise.all([run(['demo', '--quick', '--dir', a]), run(['demo', '--quick', '--dir', b])]);
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
    assert.ok(Math.abs(spread.rmse - spread.market_rmse) < 0.5, `${id}: model RMSE within 0.5 of the market's (${spread.rmse} vs ${spread.market_rmse})`);
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
