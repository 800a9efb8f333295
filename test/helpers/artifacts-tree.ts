// A small but realistic artifacts tree, written into a fresh temporary project for tests of the
// commands that find, archive and clean up artifacts. Everything is hand-made (no training run),
// with known sizes and modification times, so tests can state exactly what each command must do.
//
// Contents (now = the `now` returned; "old" = 60 days before it, "recent" = 5 days before it):
//   v2-001 phase 1, ridge/minimal          recent files; index ✔️ promoted
//   v2-002 phase 2, ridge/opp_adjusted     old; predictions.csv 1.2 MB (> 1 MB); index ❌ rejected
//   v2-003 phase 2, ridge/recency          predictions.csv 1.2 MB but recent; old plots; previous champion
//   v2-004 phase 3, gbdt                   small old CSVs, old plots; current champion
//   production: predictions + scored for 2023 (regular wk10 and postseason wk01), 2024 wk01,
//               2025 wk09; 2025 wk10 has bets but is not scored yet
//   monitoring/performance_log.csv: 2024 wk1-2, 2025 wk8-9
//   mlruns: one experiment with runs v2-001, v2-002, v2-004 and a nested fold run (all old)
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createLayout, experimentFile, BUNDLE_FILES, type Layout, type Phase } from '../../src/artifacts/layout.ts';
import { setChampion } from '../../src/artifacts/champion.ts';
import { upsertIndexRow, STATUS_MARK } from '../../src/artifacts/experiment-index.ts';
import { writeJsonAtomic } from '../../src/artifacts/atomic.ts';

export const DAY_MS = 86_400_000;
export const BIG_CSV_BYTES = 1_200_000;
/** A PNG signature plus padding: a "plot" of a known size. */
export const PNG_BYTES = 2_000;

// What the sample tree must lose with the default 30-day limit (see test/helpers/artifacts-tree.ts).
export const EXPECTED_CLEANUP_30D = [
  'experiments/phase2_features/v2-002/plots/calibration.png',
  'experiments/phase2_features/v2-002/plots/residuals.png',
  'experiments/phase2_features/v2-002/predictions.csv',
  'experiments/phase2_features/v2-003/plots/calibration.png',
  'experiments/phase2_features/v2-003/plots/residuals.png',
  'experiments/phase3_models/v2-004/plots/calibration.png',
  'experiments/phase3_models/v2-004/plots/residuals.png',
  'production/scored/2023/postseason_week01_scored.csv',
  'production/scored/2023/week10_scored.csv',
];

export interface SampleTree {
  dir: string;
  layout: Layout;
  now: number;
  old: number;
  recent: number;
  /** Absolute path of every file written, with its size, for exact assertions. */
  files: Map<string, number>;
  mlflowRuns: Record<string, string>; // id -> run directory
}

const BETS_HEADER = 'game_id,home_team,away_team,prediction,edge,bet_type,recommended_units,season,week,side,line,price,cover_probability,expected_value,model_id,generated_at';

// Each tree holds ~3.6 MB; remove them all when the test process ends.
const created: string[] = [];
process.on('exit', () => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});

/**
 * A realistic small predictions.csv (issue 8's columns plus actual_outcome): 24 games × 2 markets
 * over three weeks, a bet on every third row, results consistent with the lines.
 */
export function smallPredictions(): string {
  const head = 'game_id,season,season_type,week,home_team,away_team,bet_type,prediction,line,edge,cover_probability,side,price,recommended_units,actual_outcome,result,units_won';
  const rows: string[] = [];
  for (let g = 0; g < 24; g++) {
    const week = 1 + (g % 3);
    for (const market of ['spread', 'total'] as const) {
      const k = g * 2 + (market === 'total' ? 1 : 0);
      const line = market === 'spread' ? -3.5 + (g % 7) : 44.5 + (g % 9);
      const edge = ((k * 37) % 11) - 5; // -5..5
      const prediction = market === 'spread' ? -line + edge : line + edge;
      const actual = market === 'spread' ? ((k * 13) % 29) - 14 : 30 + ((k * 17) % 31);
      const bet = k % 3 === 0;
      const side = !bet ? 'none' : market === 'spread' ? (edge > 0 ? 'home' : 'away') : edge > 0 ? 'over' : 'under';
      let result = '';
      let won = '';
      if (bet) {
        const m = market === 'spread' ? actual + line : actual - line;
        const sign = side === 'home' || side === 'over' ? 1 : -1;
        result = m * sign > 0 ? 'win' : m === 0 ? 'push' : 'loss';
        won = result === 'win' ? '0.9091' : result === 'push' ? '0' : '-1';
      }
      const p = (0.5 + Math.abs(edge) / 40).toFixed(4);
      rows.push(`4010${g},2023,regular,${week},Home${g},Away${g},${market},${prediction},${line},${edge},${p},${side},-110,${bet ? 1 : ''},${actual},${result},${won}`);
    }
  }
  return [head, ...rows].join('\n') + '\n';
}

export function writeSampleTree(): SampleTree {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-tree-'));
  created.push(dir);
  const layout = createLayout(dir);
  const now = Date.now();
  const old = now - 60 * DAY_MS;
  const recent = now - 5 * DAY_MS;
  const files = new Map<string, number>();
  const put = (path: string, content: string | Buffer, mtime: number) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    const t = new Date(mtime);
    utimesSync(path, t, t);
    files.set(path, Buffer.byteLength(content));
  };
  const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(PNG_BYTES - 8, 7)]);
  const bigCsv = () => {
    const head = 'game_id,bet_type,season,week,prediction,line,edge,cover_probability,side,price,result,units_won\n';
    const row = '401000001,spread,2023,5,-3.25,-2.5,0.75,0.5123,home,-110,win,0.9091\n';
    const n = Math.ceil((BIG_CSV_BYTES - head.length) / row.length);
    return head + row.repeat(n);
  };

  const experiment = (id: string, phase: Phase, o: { model: string; features: string; rmse: number; hit: number; roi: number; mtime: number; big: boolean }) => {
    const ed = layout.experimentDir(id, phase);
    const summary = {
      id,
      phase,
      name: `${o.model} on ${o.features}`,
      markets: ['spread', 'total'],
      feature_set: o.features,
      feature_set_id: o.features,
      model: o.model,
      headline: {
        spread: { rmse: o.rmse, market_rmse: o.rmse - 0.2, n_bets: 180, hit_rate: o.hit, roi: o.roi },
        total: { rmse: o.rmse + 1, market_rmse: o.rmse + 0.9, n_bets: 120, hit_rate: 0.51, roi: -0.01 },
      },
      data_fingerprints: { games: 'abc123' },
      git_commit: 'deadbeef',
      seed: 42,
      durations: { total_s: 12.5 },
      created_at: new Date(o.mtime).toISOString(),
      extra_field_from_the_future: true,
    };
    put(experimentFile(ed, 'summary'), JSON.stringify(summary, null, 2) + '\n', o.mtime);
    put(experimentFile(ed, 'metrics'), 'season,market,n_games,rmse,roi\n2023,spread,700,' + o.rmse + ',' + o.roi + '\n', o.mtime);
    put(experimentFile(ed, 'predictions'), o.big ? bigCsv() : smallPredictions(), o.mtime);
    put(experimentFile(ed, 'config'), `experiment:\n  id: ${id}\n  phase: ${phase}\nmodel:\n  name: ${o.model}\n`, o.mtime);
    for (const p of ['residuals', 'calibration']) put(join(experimentFile(ed, 'plots'), `${p}.png`), png(), o.mtime);
    const bd = layout.modelBundle(id, phase);
    put(join(bd, BUNDLE_FILES.model), JSON.stringify({ schema_version: 1, id }) + '\n', old);
    put(join(bd, BUNDLE_FILES.metadata), JSON.stringify({ id, phase, metrics: { rmse: o.rmse } }) + '\n', old);
    put(join(bd, BUNDLE_FILES.importance), 'feature,importance\nelo_diff,0.7\n', old);
    upsertIndexRow(layout, {
      ID: id,
      Phase: String(phase),
      Date: new Date(o.mtime).toISOString().slice(0, 10),
      Model: o.model,
      Features: o.features,
      RMSE: o.rmse.toFixed(2),
      'Hit rate': `${(o.hit * 100).toFixed(1)}%`,
      ROI: `${(o.roi * 100).toFixed(1)}%`,
      Status: STATUS_MARK.trained,
    });
  };
  experiment('v2-001', 1, { model: 'ridge', features: 'minimal', rmse: 13.9, hit: 0.52, roi: 0.01, mtime: recent, big: false });
  experiment('v2-002', 2, { model: 'ridge', features: 'opponent_adjusted', rmse: 13.8, hit: 0.5, roi: -0.03, mtime: old, big: true });
  experiment('v2-003', 2, { model: 'ridge', features: 'recency_weighted', rmse: 13.6, hit: 0.54, roi: 0.03, mtime: recent, big: true });
  experiment('v2-004', 3, { model: 'gbdt', features: 'recency_weighted', rmse: 13.5, hit: 0.55, roi: 0.05, mtime: old, big: false });
  // v2-003's plots are old although its CSVs are recent.
  for (const p of ['residuals', 'calibration']) {
    const f = join(experimentFile(layout.experimentDir('v2-003', 2), 'plots'), `${p}.png`);
    utimesSync(f, new Date(old), new Date(old));
  }
  upsertIndexRow(layout, { ID: 'v2-001', Status: STATUS_MARK.promoted });
  upsertIndexRow(layout, { ID: 'v2-002', Status: STATUS_MARK.rejected });
  upsertIndexRow(layout, { ID: 'v2-003', Status: STATUS_MARK.promoted });
  upsertIndexRow(layout, { ID: 'v2-004', Status: STATUS_MARK.champion });
  writeJsonAtomic(layout.idLedger, { next: 6, ids: ['v2-001', 'v2-002', 'v2-003', 'v2-004', 'v2-005'] });
  put(layout.promotionTest('v2-002'), JSON.stringify({ baseline_id: 'v2-001', candidate_id: 'v2-002', passed: false }) + '\n', old);
  put(layout.promotionTest('v2-003'), JSON.stringify({ baseline_id: 'v2-001', candidate_id: 'v2-003', passed: true }) + '\n', old);

  setChampion(layout, { id: 'v2-003', bundle: layout.modelBundle('v2-003', 2) }, 'passed gates');
  setChampion(layout, { id: 'v2-004', bundle: layout.modelBundle('v2-004', 3) }, 'passed gates');

  // Production: bets and scored results.
  const bet = (season: number, week: number, gameId: string, side: string, line: number, units: number) =>
    `${gameId},Alpha,Beta,-4.5,2.0,spread,${units},${season},${week},${side},${line},-110,0.56,0.07,v2-004,2025-11-01T12:00:00Z`;
  const weekFiles = (season: number, week: number, st: 'regular' | 'postseason', scored: string[] | null) => {
    const bets = [bet(season, week, `${season}${week}01`, 'home', -2.5, 1), bet(season, week, `${season}${week}02`, 'away', 3, 2)];
    put(layout.predictionsFile(season, week, st), `${BETS_HEADER}\n${bets.join('\n')}\n`, old);
    if (scored) {
      const rows = bets.map((b, i) => `${b},${scored[i]}`);
      put(layout.scoredFile(season, week, st), `${BETS_HEADER},actual_outcome,result,units_won,clv\n${rows.join('\n')}\n`, old);
    }
  };
  weekFiles(2023, 10, 'regular', ['7,win,0.9091,0.5', '-3,push,0,']);
  weekFiles(2023, 1, 'postseason', ['1,loss,-1,', '10,win,1.8182,']);
  weekFiles(2024, 1, 'regular', ['3,win,0.9091,', '-7,loss,-2,']);
  weekFiles(2025, 9, 'regular', ['14,win,0.9091,1.0', '-1,win,1.8182,']);
  weekFiles(2025, 10, 'regular', null);

  const log = [
    'season,week,season_type,model_id,bets,wins,losses,pushes,units,roi,hit_rate,cumulative_units,rolling_roi,rolling_hit_rate,clv,drawdown,alert_level',
    '2024,1,regular,v2-003,4,3,1,0,1.7273,0.4318,0.75,1.7273,0.4318,0.75,0.2,0,green',
    '2024,2,regular,v2-003,5,1,3,1,-2.0909,-0.4182,0.25,-0.3636,-0.1010,0.5,-0.1,2.0909,yellow',
    '2025,8,regular,v2-004,2,2,0,0,1.8182,0.9091,1,1.4546,0.2,0.6,0.3,2.0909,green',
    '2025,9,regular,v2-004,2,2,0,0,2.7273,0.9091,1,4.1819,0.35,0.7,0.75,0,green',
  ];
  put(layout.performanceLog, log.join('\n') + '\n', recent);

  // MLflow file store (the format of ../shared/fixtures/mlflow): metadata only, all old.
  const mlflowRuns: Record<string, string> = {};
  const expDir = join(layout.mlruns, '612345678901234567');
  put(join(expDir, 'meta.yaml'), "experiment_id: '612345678901234567'\nlifecycle_stage: active\nname: edgelab\n", old);
  const run = (runId: string, name: string, tags: Record<string, string>) => {
    const rd = join(expDir, runId);
    put(join(rd, 'meta.yaml'), `experiment_id: '612345678901234567'\nrun_id: ${runId}\nrun_uuid: ${runId}\nrun_name: ${name}\nstatus: 3\n`, old);
    put(join(rd, 'tags', 'mlflow.runName'), name, old);
    for (const [k, v] of Object.entries(tags)) put(join(rd, 'tags', k), v, old);
    put(join(rd, 'metrics', 'rmse'), `${old} 13.8 0\n`, old);
    put(join(rd, 'params', 'seed'), '42', old);
    mkdirSync(join(rd, 'artifacts'), { recursive: true });
    return rd;
  };
  mlflowRuns['v2-001'] = run('a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1', 'v2-001', { experiment_id: 'v2-001', phase: '1' });
  mlflowRuns['v2-002'] = run('b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2', 'v2-002', { phase: '2' });
  mlflowRuns['v2-004'] = run('c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4', 'v2-004', { experiment_id: 'v2-004', phase: '3' });
  run('d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5', 'fold-2023', { 'mlflow.parentRunId': 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2' });
  // A copy of an experiment's plots and predictions logged as run artifacts: MLflow's, never cleaned.
  put(join(mlflowRuns['v2-002'], 'artifacts', 'plots', 'residuals.png'), png(), old);
  put(join(mlflowRuns['v2-002'], 'artifacts', 'predictions.csv'), bigCsv(), old);

  return { dir, layout, now, old, recent, files, mlflowRuns };
}

/**
 * Every regular file and symlink under `dir` → content (or link target) and mtime, for exact
 * comparisons (content by its SHA-256: the tree holds 3.6 MB, and comparing it as base64 text cost
 * most of a refused command's test). Records that are rewritten in place (docs/: the experiment index) keep their
 * content but not their mtime, so their mtime is left out.
 */
export function snapshotTree(dir: string, exclude: (rel: string) => boolean = () => false): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (exclude(rel)) continue;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(rel, `link:${readlinkSync(p)}`);
      else if (st.isDirectory()) walk(p);
      else out.set(rel, `${rel.startsWith('docs') ? '' : st.mtimeMs}:${createHash('sha256').update(readFileSync(p)).digest('base64')}`);
    }
  };
  walk(dir);
  return out;
}
