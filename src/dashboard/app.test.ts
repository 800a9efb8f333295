// The dashboard server through hono's app.request (no port): path traversal refused, read-only
// (no method but GET/HEAD, no file written), the empty-tree page, and figures equal to the files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createLayout, TREE_DIRS, type Layout } from '../artifacts/layout.ts';
import { createApp } from './app.ts';
import { resolveInTree } from './safe-path.ts';
import { writeProductionFixture, type ProductionFixture } from '../../test/support/dashboard-testkit.ts';
import type { DashboardView } from './view.ts';

const tmp = mkdtempSync(join(tmpdir(), 'edgelab-dashboard-'));
const SECRET = 'top secret outside the tree';
let layout: Layout;
let fx: ProductionFixture;

function writeJson(p: string, v: unknown): void {
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, JSON.stringify(v, null, 2));
}

before(() => {
  const project = join(tmp, 'project');
  layout = createLayout(project);
  mkdirSync(layout.confDir, { recursive: true });
  for (const d of TREE_DIRS) mkdirSync(join(layout.root, d), { recursive: true });
  writeFileSync(join(tmp, 'secret.txt'), SECRET);
  // Escapes by symlink: a file and a directory outside the tree.
  symlinkSync(join(tmp, 'secret.txt'), join(layout.analysisDir, 'escape.txt'));
  symlinkSync(tmp, join(layout.analysisDir, 'escape-dir'));
  // An experiment with a bundle, champion by a relative link inside the tree.
  const out = layout.experimentDir('v2-001', 1);
  writeJson(join(out, 'summary.json'), { id: 'v2-001', phase: 1, name: 'baseline', model: 'ridge', feature_set: 'minimal', feature_set_id: 'abc', headline: { spread: { rmse: 14.1, market_rmse: 13.9, n_bets: 120, hit_rate: 0.53, roi: 0.012 } } });
  mkdirSync(join(out, 'plots'), { recursive: true });
  writeFileSync(join(out, 'plots', 'roi_by_edge.png'), 'PNG');
  const bundle = layout.modelBundle('v2-001', 1);
  writeJson(join(bundle, 'model.json'), { model: 'ridge' });
  symlinkSync('../baseline/v2-001', layout.championCurrent);
  writeJson(join(layout.modelsDir('production'), 'registry.json'), {
    version: 1, current: { id: 'v2-001', bundle }, previous: null, mode: 'symlink',
    // A pending change: readChampion would roll it forward (a write); the dashboard must not.
    pending: true,
    history: [{ action: 'promote', at: '2025-09-01T10:00:00.000Z', current: 'v2-001', previous: null, reason: 'phase-1 benchmark' }],
  });
  writeJson(layout.promotionTest('v2-002'), {
    baseline_id: 'v2-001', candidate_id: 'v2-002', phase: 2, market: 'all', baseline_roi: 0.01, candidate_roi: 0.03, improvement: 0.02, p_value: 0.08, confidence: 0.92, ci95: [-0.01, 0.05], passed: false,
    gates: { performance: { passed: true, value: 2, threshold: 1, detail: 'ROI lift +2.0 points' }, volume: { passed: false, value: 80, threshold: 100, detail: '80 bets' } },
    n_common_games: 900, n_bootstrap: 10000, seed: 42, block: 'week', overrides: [], created_at: '2025-09-02T10:00:00.000Z',
  });
  fx = writeProductionFixture(layout, { season: 2024, weeks: [3, 4, 5], levels: ['green', 'yellow', 'red'] });
  writeJson(layout.dataQualityFile(2024, 5), { schema_version: 1, season: 2024, season_type: 'regular', week: 5, status: 'warn', counts: { games: 50 }, checks: [{ id: 'line_coverage', status: 'warn' }, { id: 'duplicates', status: 'pass' }] });
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const get = (path: string, init?: RequestInit) => createApp(layout).request(path, init);

test('traversal, absolute paths, encoded dots and escaping symlinks are refused', async () => {
  for (const p of [
    '/files/../secret.txt',
    '/files/../../secret.txt',
    '/files/%2e%2e/secret.txt',
    '/files/%2E%2E/%2e%2e/secret.txt',
    '/files/..%2fsecret.txt',
    '/files/analysis/..%2f..%2f..%2fsecret.txt',
    '/files/analysis/..%5c..%5csecret.txt',
    '/files//etc/passwd',
    '/files/%2fetc%2fpasswd',
    `/files/${encodeURIComponent(join(tmp, 'secret.txt'))}`,
    '/files/analysis/escape.txt',
    '/files/analysis/escape-dir/secret.txt',
    '/files/analysis/%00',
  ]) {
    const r = await get(p);
    assert.ok(r.status >= 400 && r.status < 500, `${p} → ${r.status}`);
    assert.ok(!(await r.text()).includes(SECRET), `${p} leaked the file`);
  }
  // The resolver's own verdicts (URL parsing may already have normalised some of the above).
  const root = layout.root;
  assert.deepEqual(resolveInTree(root, '../secret.txt'), { ok: false, status: 400, reason: 'path segment not allowed' });
  assert.deepEqual(resolveInTree(root, '%2e%2e/secret.txt'), { ok: false, status: 400, reason: 'encoded path characters' });
  assert.deepEqual(resolveInTree(root, join(tmp, 'secret.txt')), { ok: false, status: 400, reason: 'absolute or malformed path' });
  assert.deepEqual(resolveInTree(root, 'analysis/escape.txt'), { ok: false, status: 403, reason: 'outside the artifacts tree' });
  assert.deepEqual(resolveInTree(root, 'analysis/escape-dir/secret.txt'), { ok: false, status: 403, reason: 'outside the artifacts tree' });
  assert.deepEqual(resolveInTree(root, 'experiments'), { ok: false, status: 404, reason: 'not a file' });
  assert.deepEqual(resolveInTree(root, 'nope.json'), { ok: false, status: 404, reason: 'not found' });
  assert.deepEqual(resolveInTree(root, 'a%E0%A4%A'), { ok: false, status: 400, reason: 'bad percent-encoding' });
});

test('files inside the tree are served, through links that stay inside it too', async () => {
  let r = await get('/files/production/monitoring/performance_log.csv');
  assert.equal(r.status, 200);
  assert.equal(await r.text(), readFileSync(layout.performanceLog, 'utf8'));
  assert.equal(r.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.match(r.headers.get('content-security-policy') ?? '', /sandbox/);
  r = await get('/files/models/production/champion_current/model.json');
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { model: 'ridge' });
  r = await get('/files/experiments/phase1_baseline/v2-001/plots/roi_by_edge.png');
  assert.equal(r.headers.get('content-type'), 'image/png');
});

test('only GET and HEAD: every other method is 405 on every route', async () => {
  for (const path of ['/', '/api/dashboard', '/files/production/monitoring/performance_log.csv', '/assets/app.js', '/nope']) {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      const r = await get(path, { method });
      assert.equal(r.status, 405, `${method} ${path}`);
      assert.equal(r.headers.get('allow'), 'GET, HEAD');
    }
  }
  const head = await get('/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
});

test('a Host other than loopback is refused (DNS rebinding)', async () => {
  assert.equal((await get('/api/dashboard', { headers: { host: 'evil.example:8765' } })).status, 403);
  assert.equal((await get('/api/dashboard', { headers: { host: '127.0.0.1:8765' } })).status, 200);
});

function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const st = lstatSync(p);
      out.push(`${relative(dir, p)} ${st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

test('the server never writes: the tree is identical after a burst of requests', async () => {
  const before = snapshot(tmp);
  const app = createApp(layout);
  const paths = ['/', '/api/dashboard', '/api/dashboard?season=2024', '/api/dashboard?season=1999', '/api/dashboard?season=x', '/files/production/monitoring/performance_log.csv', '/files/../secret.txt', '/assets/vega.min.js', '/nope'];
  await Promise.all(Array.from({ length: 5 }, () => paths.flatMap((p) => [app.request(p), app.request(p, { method: 'POST' }), app.request(p, { method: 'DELETE' })])).flat());
  assert.deepEqual(snapshot(tmp), before);
});

test('the figures equal the files: KPIs from the log, markets from the scored weeks, badge from the latest alert', async () => {
  const v = (await (await get('/api/dashboard')).json()) as DashboardView;
  assert.equal(v.season, 2024);
  assert.deepEqual(v.seasons, [2024]);
  const sum = (k: string) => fx.log.reduce((s, r) => s + Number(r[k]), 0);
  const all = v.kpis.all!;
  assert.equal(all.source, 'performance_log');
  assert.equal(all.bets, sum('bets'));
  assert.equal(all.wins, sum('wins'));
  assert.ok(Math.abs(all.units - sum('units')) < 1e-9, `units ${all.units}`);
  assert.ok(Math.abs(all.roi! - sum('units') / sum('staked')) < 1e-9, `roi ${all.roi}`);
  assert.equal(all.hit_rate, sum('wins') / (sum('wins') + sum('losses')));
  assert.equal(all.clv, 0.5, 'every spread bet closed half a point away; totals did not move');
  assert.deepEqual(Object.keys(v.kpis.markets), ['spread', 'total']);
  assert.equal(v.kpis.markets.spread!.bets + v.kpis.markets.total!.bets, all.bets);
  assert.ok(Math.abs(v.kpis.markets.spread!.units + v.kpis.markets.total!.units - all.units) < 1e-9, 'market units add up');
  assert.equal(v.kpis.markets.total!.clv, null);
  assert.equal(v.alert!.level, 'red');
  assert.equal(v.alert!.file, 'production/monitoring/alerts/2024_week05.json');
  assert.equal(v.alert!.reasons.length, 2);
  assert.equal(v.champion!.id, 'v2-001');
  assert.equal(v.champion!.model, 'ridge');
  assert.equal(v.champion!.feature_set, 'minimal');
  assert.equal(v.champion!.promoted_at, '2025-09-01T10:00:00.000Z');
  assert.equal(v.champion!.pending_change, true);
  assert.equal(v.champion!.dev_roi, 0.012, 'no "all" headline: the main market');
  assert.deepEqual(v.charts.map((c) => [c.id, c.spec !== null]), [['cumulative_units', true], ['rolling', true], ['roi_by_edge', true], ['bets_per_week', true]]);
  const cum = (v.charts[0]!.spec as unknown as { data: { values: { cumulative_units: number }[] } }).data.values.map((x) => x.cumulative_units);
  assert.deepEqual(cum, fx.log.map((r) => r.cumulative_units), 'one season from zero: season-to-date equals the log');
  assert.equal(v.this_week!.week, 6);
  assert.equal(v.last_week!.week, 5);
  assert.equal(v.last_week!.totals.bets, 6);
  assert.deepEqual(v.leaderboard.map((r) => [r.id, r.status, r.roi, r.links.map((l) => l.label)]), [['v2-001', 'champion', 0.012, ['summary', 'roi by edge']]]);
  assert.deepEqual(v.promotion_tests.map((t) => [t.candidate_id, t.passed, t.gates.map((g) => `${g.name}:${g.passed}`)]), [['v2-002', false, ['performance:true', 'volume:false']]]);
  assert.deepEqual(v.data_quality.map((q) => [q.week, q.status, q.warned_checks]), [[5, 'warn', ['line_coverage']]]);
  assert.deepEqual(v.problems, []);
  assert.equal((await get('/api/dashboard?season=20x4')).status, 400);
});

test('dashboard_data.json adds the red streak only while it is fresh', async () => {
  const snap = { schema_version: 1, generated_at: '2025-10-01T00:00:00.000Z', alert: { level: 'red', week: { season: 2024, week: 5, season_type: 'regular' }, red_streak: 2, drift: [{ market: 'spread', feature: 'elo_diff', drifted: true }], rollback: null, reasons: [] } };
  writeFileSync(layout.dashboardData, JSON.stringify(snap));
  try {
    let v = (await (await get('/api/dashboard')).json()) as DashboardView;
    assert.equal(v.monitor_snapshot!.stale, false);
    assert.equal(v.alert!.red_streak, 2);
    assert.deepEqual(v.alert!.drift_flags, ['spread: elo_diff']);
    const old = new Date(Date.now() - 3600_000);
    utimesSync(layout.dashboardData, old, old);
    v = (await (await get('/api/dashboard')).json()) as DashboardView;
    assert.equal(v.monitor_snapshot!.stale, true);
    assert.equal(v.alert!.red_streak, null);
    assert.equal(v.alert!.level, 'red', 'the level comes from the alert file either way');
  } finally {
    rmSync(layout.dashboardData);
  }
});

test('a corrupt file is a problem line on the page, not a failed request', async () => {
  const bad = layout.alertFile(2024, 6);
  writeFileSync(bad, '{ not json');
  try {
    const r = await get('/api/dashboard');
    assert.equal(r.status, 200);
    const v = (await r.json()) as DashboardView;
    assert.equal(v.problems.length, 1);
    assert.match(v.problems[0]!, /2024_week06\.json: not valid JSON/);
    assert.equal(v.alert!.level, 'red', 'the readable alert files still count');
  } finally {
    rmSync(bad);
  }
});

test('a brand-new or empty tree shows what to run first, not an error', async () => {
  const fresh = createLayout(join(tmp, 'nothing-here'));
  const app = createApp(fresh);
  const page = await app.request('/');
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Nothing to show yet/);
  const order = ['edgelab init', 'edgelab data demo', 'edgelab train experiment=v2-001', 'edgelab promote v2-001', 'edgelab week --season &lt;S&gt; --week &lt;W&gt;'].map((c) => html.indexOf(`<code>${c}</code>`));
  assert.ok(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]!)), `steps in order: ${order}`);
  const v = (await (await app.request('/api/dashboard')).json()) as DashboardView;
  assert.equal(v.empty, true);
  assert.equal(v.season, null);
  assert.deepEqual(v.charts, []);
  assert.deepEqual(v.problems, []);
  // Initialised (conf/ and the tree) but nothing run yet: init is no longer a step.
  mkdirSync(fresh.confDir, { recursive: true });
  for (const d of TREE_DIRS) mkdirSync(join(fresh.root, d), { recursive: true });
  const steps = ((await (await app.request('/api/dashboard')).json()) as DashboardView).next_steps.map((s) => s.command);
  assert.deepEqual(steps, ['edgelab data demo', 'edgelab train experiment=v2-001', 'edgelab promote v2-001', 'edgelab week --season <S> --week <W>']);
});

test('the page and its scripts are served from this machine', async () => {
  const html = await (await get('/')).text();
  const srcs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(srcs.length >= 5, `local references: ${srcs.join(' ')}`);
  for (const s of srcs) {
    if (s.startsWith('data:')) continue;
    assert.ok(s.startsWith('/assets/'), `${s} is not local`);
    const r = await get(s);
    assert.equal(r.status, 200, s);
  }
  assert.doesNotMatch(html, /Nothing to show yet/);
  const vega = await (await get('/assets/vega-embed.min.js')).text();
  assert.match(vega, /vegaEmbed/);
  assert.equal((await get('/assets/..%2fapp.ts')).status, 404);
});
