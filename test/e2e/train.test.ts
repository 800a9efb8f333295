// End to end: a small demo league, `train`, `evaluate` (and the locked test season) through the
// real CLI; every artifact of an experiment checked for files, columns and values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseCsv } from '../../src/util/csv.ts';
import { readStore } from '../../src/tracking/filestore-reader.ts';
import { METRICS_COLUMNS } from '../../src/evaluation/experiment-metrics.ts';
import { PREDICTION_COLUMNS } from '../../src/evaluation/experiment-records.ts';
import { cliInProcess } from '../helpers/cli-in-process.ts';
import { runCommand } from '../helpers/spawn.ts';
import { copyProject, demoProject } from '../helpers/demo-projects.ts';

const root = mkdtempSync(join(tmpdir(), 'edgelab-train-e2e-'));
const dir = join(root, 'proj');
// In process: a process start per command adds nothing here (test/e2e/cli.test.ts runs the real bin).
const cli = async (...args: string[]) => {
  const r = await cliInProcess(['--project', dir, ...args]);
  return { code: r.code, out: r.stdout, err: r.stderr };
};
// Small: seasons 2016-2020, development season 2019 only, test season 2020.
// A raw model (no market offset) so that it bets and the bet columns can be checked.
const SMALL = ['evaluation.first_season=2016', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=1', 'features.market.offset=false'];

test.after(() => rmSync(root, { recursive: true, force: true }));

test('train writes every artifact of an experiment; evaluate guards the test season', async () => {
  // `init` and `data demo --seasons 2016-2020 --live-season none` through this CLI: the template
  // the promotion e2e starts from too, built once per run (test/helpers/demo-projects.ts).
  copyProject(await demoProject(), dir);

  let r = await cli('train', 'experiment=v2-001', ...SMALL);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /v2-001 .*development seasons 2019; test season 2020 locked/);
  assert.match(r.out, /spread\s+\d+\s+\d+\.\d\d\s+\d+\.\d\d/);

  const exp = join(dir, 'artifacts/experiments/phase1_baseline/v2-001');
  assert.deepEqual(readdirSync(exp).sort(), ['config.yaml', 'metrics.csv', 'plots', 'predictions.csv', 'summary.json']);
  for (const p of ['residuals.png', 'calibration.png', 'feature_importance.png', 'cumulative_units.png', 'roi_by_edge.png']) {
    const f = join(exp, 'plots', p);
    assert.ok(statSync(f).size > 5000, `${p} is a real image`);
    assert.deepEqual([...readFileSync(f).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  }
  const metrics = parseCsv(readFileSync(join(exp, 'metrics.csv'), 'utf8'));
  assert.deepEqual(metrics.header, [...METRICS_COLUMNS]);
  const rows = metrics.rows.map((c) => Object.fromEntries(metrics.header.map((h, i) => [h, c[i]!])));
  assert.deepEqual(rows.map((x) => `${x.season}/${x.market}`), ['2019/spread', 'all/spread', '2019/total', 'all/total', 'all/all']);
  const spread = rows.find((x) => x.season === 'all' && x.market === 'spread')!;
  assert.ok(Number(spread.n_games) > 700);
  // Sanity, not tuning: the model is in the market's neighbourhood and nowhere near "too good".
  assert.ok(Number(spread.rmse) > Number(spread.market_rmse) - 1 && Number(spread.rmse) < Number(spread.market_rmse) + 4, `${spread.rmse} vs ${spread.market_rmse}`);
  assert.ok(Number(spread.n_bets) === 0 || Number(spread.hit_rate) < 0.58);

  const preds = parseCsv(readFileSync(join(exp, 'predictions.csv'), 'utf8'));
  assert.deepEqual(preds.header, [...PREDICTION_COLUMNS]);
  const col = (n: string) => preds.header.indexOf(n);
  assert.ok(preds.rows.every((c) => c[col('season')] === '2019'));
  const bets = preds.rows.filter((c) => c[col('bet_side')] !== 'none');
  assert.ok(bets.length > 20, `${bets.length} bets`);
  for (const b of bets) {
    assert.ok(['win', 'loss', 'push'].includes(b[col('result')]!));
    assert.ok(Math.abs(Number(b[col('edge')])) >= 1, 'bets only past the edge threshold (1 point)');
  }

  const summary = JSON.parse(readFileSync(join(exp, 'summary.json'), 'utf8'));
  assert.equal(summary.id, 'v2-001');
  assert.equal(summary.phase, 1);
  assert.equal(summary.test_season, 2020);
  assert.deepEqual(summary.dev_seasons, [2019]);
  assert.match(summary.feature_set_id, /^[0-9a-f]{12}$/);
  assert.deepEqual(Object.keys(summary.data_fingerprints), ['2016', '2017', '2018', '2019', '2020']);
  assert.ok(summary.mlflow_run_id);
  const cfg = parse(readFileSync(join(exp, 'config.yaml'), 'utf8'));
  assert.equal(cfg.experiment.id, 'v2-001');
  assert.equal(cfg.evaluation.dev_seasons, 1);

  const bundle = join(dir, 'artifacts/models/baseline/v2-001');
  assert.deepEqual(readdirSync(bundle).sort(), ['feature_importance.csv', 'metadata.json', 'model.json']);
  const recipe = JSON.parse(readFileSync(join(bundle, 'model.json'), 'utf8'));
  assert.equal(recipe.feature_set.id, summary.feature_set_id);
  assert.deepEqual(Object.keys(recipe.markets).sort(), ['spread', 'total']);
  assert.ok(recipe.markets.spread.sigma > 10 && recipe.markets.spread.sigma < 25);
  assert.equal(recipe.trained_before.season, 2020);

  const store = readStore(join(dir, 'artifacts/mlruns'));
  const run = store.runs.find((x) => x.runId === summary.mlflow_run_id)!;
  assert.equal(run.runName, 'v2-001');
  assert.equal(run.status, 'FINISHED');
  assert.equal(run.params['model.type'], 'ridge');
  assert.equal(run.params['evaluation.dev_seasons'], '1');
  assert.equal(run.tags.experiment_id, 'v2-001');
  assert.equal(run.tags.feature_set_id, summary.feature_set_id);
  // Provenance: the logged summary names its run; params say what ran; version, commit, data.
  const logged = JSON.parse(readFileSync(join(dir, 'artifacts/mlruns', run.experimentId, run.runId, 'artifacts/summary.json'), 'utf8'));
  assert.equal(logged.mlflow_run_id, run.runId);
  assert.deepEqual([run.params['data.demo.seasons'], run.params['data.demo.live_season']], ['2016-2020', 'none']);
  assert.equal(run.tags['edgelab.version'], JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  // Through the test launcher when this process is big (test/helpers/spawn.ts): a fork of it costs it page faults. No git: no commit to compare.
  const head = await runCommand('git', ['rev-parse', 'HEAD'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), env: process.env }).catch(() => null);
  if (head?.code === 0) {
    // The project directory is not a repository: the commit is edgelab's own.
    assert.equal(run.tags['mlflow.source.git.commit'], head.stdout.trim());
    assert.equal(run.tags['edgelab.git_commit'], head.stdout.trim());
    assert.equal(run.tags.git_commit, head.stdout.trim());
  }
  assert.deepEqual(
    Object.keys(run.tags).filter((k) => k.startsWith('data_fingerprint.')).map((k) => [k.slice('data_fingerprint.'.length), run.tags[k]]),
    Object.entries(summary.data_fingerprints),
  );
  assert.ok(Math.abs(run.metrics.spread_rmse! - Number(spread.rmse)) < 1e-3);
  assert.equal(store.experiments.find((e) => e.experimentId === run.experimentId)!.name, 'phase1_baseline');

  const index = readFileSync(join(dir, 'docs/experiments/index.md'), 'utf8');
  assert.match(index, /\| v2-001 \| 1 \| \d{4}-\d\d-\d\d \| ridge \| minimal \| \d+\.\d\d \(mkt \d+\.\d\d\) \|/);

  // An id with artifacts is not overwritten without --force.
  r = await cli('train', 'experiment=v2-001', ...SMALL);
  assert.equal(r.code, 1);
  assert.match(r.err, /v2-001 already has artifacts .*--force/);

  // The walk-forward record of a development season; the test season is locked.
  r = await cli('evaluate', 'v2-001', '--season', '2019');
  assert.equal(r.code, 0, r.err);
  const wf = parseCsv(readFileSync(join(dir, 'artifacts/validation/walk_forward/2019_validation.csv'), 'utf8'));
  assert.deepEqual(wf.header, ['experiment_id', 'season', 'season_type', 'week', 'market', 'games', 'rmse', 'bets', 'wins', 'losses', 'pushes', 'units', 'roi', 'cumulative_units']);
  assert.ok(wf.rows.every((c) => c[0] === 'v2-001'));
  const wfBets = wf.rows.filter((c) => c[4] === 'spread').reduce((s, c) => s + Number(c[7]), 0);
  assert.equal(wfBets, Number(rows.find((x) => x.season === '2019' && x.market === 'spread')!.n_bets));
  r = await cli('evaluate', 'v2-001', '--season', '2020');
  assert.equal(r.code, 2);
  assert.match(r.err, /2020 is the locked test season .*--test/);
  r = await cli('evaluate', 'v2-001', '--test');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /test season 2020: look #1\n/);
  r = await cli('evaluate', 'v2-001', '--test');
  assert.match(r.out, /look #2 — it has been used 1 time\(s\) before/);
  const ledger = JSON.parse(readFileSync(join(dir, 'artifacts/validation/test_ledger.json'), 'utf8'));
  assert.equal(ledger.looks.length, 2);
  assert.ok(existsSync(join(dir, 'artifacts/validation/walk_forward/2020_validation.csv')));

  // --force archives the old outputs, then trains again.
  r = await cli('train', 'experiment=v2-001', ...SMALL, '--force', '--quiet');
  assert.equal(r.code, 0, r.err);
  assert.ok(readdirSync(join(dir, 'artifacts/archive/deprecated')).some((n) => n.startsWith('v2-001_outputs.replaced-')));
});
