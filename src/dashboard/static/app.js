// The dashboard page: fetch /api/dashboard (the server reads the artifacts tree on each request)
// and draw it. Every value from the tree goes in as text (never as HTML); charts are Vega-Lite
// specs built on the server and rendered here by vega-embed, served by this machine.
'use strict';

const BREAK_EVEN = 110 / 210;

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'style') el.setAttribute('style', v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
const pct = (x, d = 1) => (isNum(x) ? `${(x * 100).toFixed(d)}%` : '–');
const fix = (x, d = 2) => (isNum(x) ? x.toFixed(d) : '–');
const signed = (x, d = 2) => (isNum(x) ? `${x > 0 ? '+' : ''}${x.toFixed(d)}` : '–');
const tone = (x) => (isNum(x) ? (x > 0 ? 'pos' : x < 0 ? 'neg' : '') : 'muted');
const fileLink = (path, label) => h('a', { href: `/files/${path.split('/').map(encodeURIComponent).join('/')}`, target: '_blank', rel: 'noopener' }, label);
const weekName = (k) => `${k.season} ${k.season_type === 'postseason' ? 'postseason ' : ''}week ${k.week}`;

function table(columns, rows) {
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { class: c.num ? 'num' : null }, c.label)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, columns.map((c) => {
      const v = c.get(r);
      return h('td', { class: [c.num ? 'num' : '', c.tone ? tone(c.tone(r)) : ''].join(' ').trim() || null }, v);
    })))));
}

function replace(id, ...nodes) {
  const el = document.getElementById(id);
  el.replaceChildren(...nodes.flat().filter(Boolean));
  return el;
}

// The registry's action names, as the past tense a reader expects on the champion card.
const PROMOTED_WORD = { promote: 'promoted', 'force-promote': 'force-promoted', rollback: 'rolled back to', establish: 'established as benchmark' };

function renderChampion(c) {
  if (!c) return replace('champion', h('div', { class: 'label' }, 'champion'), h('div', { class: 'big muted' }, 'none yet'));
  return replace('champion',
    h('div', { class: 'label' }, 'champion'),
    h('div', { class: 'big', 'data-champion': c.id }, c.id, c.state === 'dangling' ? h('span', { class: 'neg' }, ' (bundle missing)') : null),
    h('div', {}, `${c.model ?? '?'} on ${c.feature_set ?? '?'}${c.name ? ` — ${c.name}` : ''}`),
    h('div', { class: 'muted' }, c.promoted_at ? `${PROMOTED_WORD[c.promoted_by] ?? 'promoted'} ${c.promoted_at.replace('T', ' ').slice(0, 16)} UTC` : 'promotion time unknown'),
    h('div', { class: 'muted' }, `development ROI ${pct(c.dev_roi)} · hit rate ${pct(c.dev_hit_rate)}`),
    h('div', { class: 'muted' }, `previous: ${c.previous ?? 'none'}`),
    c.pending_change ? h('div', { class: 'neg' }, 'a champion change is pending: run any edgelab command to complete it') : null);
}

function renderAlert(a) {
  if (!a) return replace('alert', h('div', { class: 'label' }, 'alert level'), h('span', { class: 'badge none', id: 'alert-badge', 'data-level': 'none' }, 'none'), h('div', { class: 'muted' }, 'no alert files yet (edgelab monitor writes them)'));
  const reasons = a.reasons.length ? h('ul', { class: 'reasons' }, a.reasons.map((r) => h('li', {}, r.level ? `${r.level}: ` : '', r.message))) : h('div', { class: 'muted' }, 'no warnings');
  return replace('alert',
    h('div', { class: 'label' }, `alert level · ${weekName(a)}`),
    h('span', { class: `badge ${a.level}`, id: 'alert-badge', 'data-level': a.level }, a.level),
    a.red_streak ? h('span', { class: 'muted' }, ` red ${a.red_streak} week(s) running`) : null,
    reasons,
    // The drift reason already names the drifted features; list them only when no reason does.
    a.drift_flags && a.drift_flags.length && !a.reasons.some((r) => r.rule === 'feature_drift') ? h('div', { class: 'muted' }, `drift: ${a.drift_flags.join(', ')}`) : null,
    a.rollback ? h('div', { class: 'neg' }, a.rollback.message ?? 'rollback recommended', ' ', a.rollback.command ? h('code', { class: 'cmd' }, a.rollback.command) : null) : null,
    h('div', {}, fileLink(a.file, 'alert file')));
}

function hitCell(x) {
  if (!isNum(x)) return '–';
  const fill = h('span', { class: 'fill', style: `width:${Math.min(100, x * 100)}%;background:${x >= BREAK_EVEN ? '#15803d' : '#dc2626'}` });
  const be = h('span', { class: 'be', title: `break-even ${pct(BREAK_EVEN)} at −110`, style: `left:${BREAK_EVEN * 100}%` });
  return h('span', { class: 'hit' }, h('span', { class: 'hitbar' }, fill, be), h('span', { 'data-field': 'hit_rate' }, pct(x)));
}

// Below 50 settled bets a hit rate's 95% interval is wider than ±14 points.
const SMALL_SAMPLE = 50;

function renderKpis(v) {
  document.getElementById('season-title').textContent = v.season === null ? '' : String(v.season);
  const rows = [];
  if (v.kpis.all) rows.push(['all', v.kpis.all]);
  for (const [m, k] of Object.entries(v.kpis.markets)) rows.push([m, k]);
  if (!rows.length) return replace('kpis', h('p', { class: 'muted' }, v.season === null ? 'no production season yet' : `no scored bets in ${v.season} yet`));
  const cell = (field, text) => h('span', { 'data-field': field }, text);
  const t = table([
    { label: 'market', get: ([m, k]) => h('span', {}, m === 'all' ? 'all markets' : m, k.source === 'performance_log' ? h('span', { class: 'muted' }, ' (performance log)') : '') },
    { label: 'bets', num: true, get: ([, k]) => cell('bets', String(k.bets)) },
    { label: 'W-L-P', num: true, get: ([, k]) => `${k.wins}-${k.losses}-${k.pushes}${k.pending ? ` (+${k.pending} pending)` : ''}` },
    { label: `hit rate (break-even ${pct(BREAK_EVEN)})`, get: ([, k]) => hitCell(k.hit_rate) },
    { label: 'units', num: true, tone: ([, k]) => k.units, get: ([, k]) => cell('units', signed(k.units)) },
    { label: 'ROI', num: true, tone: ([, k]) => k.roi, get: ([, k]) => cell('roi', pct(k.roi)) },
    // CLV: points better than the close and, in brackets, the win probability that is worth. None
    // when the model bets at the closing line (0 by construction) — said, not left blank.
    { label: 'CLV (points)', num: true, tone: ([, k]) => k.clv, get: ([, k]) => (isNum(k.clv)
      ? cell('clv', `${signed(k.clv)}${isNum(k.clv_prob) ? ` (${k.clv_prob > 0 ? '+' : ''}${pct(k.clv_prob)})` : ''}`)
      : h('span', { 'data-field': 'clv', class: 'muted', title: NO_CLV }, 'none: bets at the close')) },
    { label: 'sample', get: ([, k]) => (k.bets - k.pending < SMALL_SAMPLE ? h('span', { class: 'muted', 'data-field': 'caveat' }, `only ${k.bets - k.pending} settled: too few to judge`) : 'enough to read') },
  ], rows);
  t.querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('data-kpi', rows[i][0]));
  return replace('kpis', t);
}

async function renderCharts(charts) {
  const box = replace('charts');
  const jobs = [];
  for (const c of charts) {
    const div = h('div', { class: 'chart', id: `chart-${c.id}`, 'data-chart': c.id });
    box.append(div);
    if (!c.spec) {
      div.append(h('h3', {}, c.title), h('p', { class: 'muted' }, c.empty));
      continue;
    }
    jobs.push(vegaEmbed(div, c.spec, { actions: false, renderer: 'svg' }).catch((e) => div.append(h('p', { class: 'neg' }, `chart failed: ${e.message}`))));
  }
  if (!charts.length) box.append(h('p', { class: 'muted' }, 'no season to chart yet'));
  await Promise.all(jobs);
}

const NO_CLV = 'Closing-line value compares the number a bet got with the closing line. These bets were made at the closing line (evaluation.bet_line=closing), where it is 0 by construction; a model trained with evaluation.bet_line=opening bets at the opener and gets one (0 where the line did not move).';
const plural = (n, noun) => `${n} ${n === 1 ? noun : `${noun}s`}`;

const BET_COLUMNS = [
  { label: 'game', get: (r) => `${r.away_team ?? '?'} @ ${r.home_team ?? '?'}` },
  { label: 'market', get: (r) => r.bet_type ?? '' },
  { label: 'side', get: (r) => r.side ?? '' },
  { label: 'line', num: true, get: (r) => r.line ?? '' },
  { label: 'price', num: true, get: (r) => r.price ?? '' },
  { label: 'edge', num: true, get: (r) => fix(Number(r.edge), 1) },
  { label: 'cover p', num: true, get: (r) => pct(Number(r.cover_probability)) },
  { label: 'units', num: true, get: (r) => r.recommended_units ?? '' },
];

function renderWeek(id, titleId, w, scored) {
  const title = document.getElementById(titleId);
  if (!w) {
    title.textContent = '';
    return replace(id, h('p', { class: 'muted' }, scored ? 'no scored week in this season yet' : 'no predicted week in this season yet'));
  }
  title.textContent = weekName(w);
  const cols = scored
    ? [...BET_COLUMNS.slice(0, 6), { label: 'result', get: (r) => r.result ?? '' }, { label: 'units won', num: true, tone: (r) => Number(r.units_won), get: (r) => signed(Number(r.units_won)) },
      { label: 'CLV (pts)', num: true, tone: (r) => (r.clv === '' || r.clv === undefined ? null : Number(r.clv)), get: (r) => (r.clv === '' || r.clv === undefined ? h('span', { class: 'muted', title: NO_CLV }, '—') : signed(Number(r.clv))) }]
    : BET_COLUMNS;
  const t = w.totals;
  const sum = scored
    ? `${plural(t.bets, 'bet')} · ${t.wins}-${t.losses}-${t.pushes}${t.pending ? ` · ${t.pending} pending` : ''} · ${signed(t.units_won)} units · ROI ${pct(t.roi)}`
    : `${plural(t.bets, 'bet')} · ${fix(t.staked)} units staked`;
  return replace(id, h('p', {}, sum, ' ', fileLink(w.file, 'file')), w.rows.length ? h('div', { class: 'scroll' }, table(cols, w.rows)) : h('p', { class: 'muted' }, 'no bets this week'));
}

function renderLeaderboard(rows) {
  if (!rows.length) return replace('leaderboard', h('p', { class: 'muted' }, 'no experiments yet (edgelab train experiment=v2-001)'));
  return replace('leaderboard', h('div', { class: 'scroll' }, table([
    { label: 'id', get: (r) => h('span', {}, r.id, r.champion_role === 'current' ? ' ★ champion' : r.champion_role === 'previous' ? ' (previous champion)' : '') },
    { label: 'phase', num: true, get: (r) => r.phase ?? '' },
    { label: 'model', get: (r) => r.model ?? '' },
    { label: 'features', get: (r) => r.features ?? '' },
    { label: 'RMSE (model / market)', num: true, get: (r) => `${fix(r.rmse)} / ${fix(r.market_rmse)}` },
    { label: 'bets', num: true, get: (r) => r.n_bets ?? '' },
    { label: 'hit rate', num: true, tone: (r) => (isNum(r.hit_rate) ? r.hit_rate - BREAK_EVEN : null), get: (r) => pct(r.hit_rate) },
    { label: 'ROI', num: true, tone: (r) => r.roi, get: (r) => pct(r.roi) },
    { label: 'status', get: (r) => r.status },
    { label: 'files', get: (r) => h('span', { class: 'links' }, r.links.map((l) => fileLink(l.path, l.label))) },
  ], rows)), h('p', { class: 'muted' }, 'Development seasons, main market (spread when present); best ROI first.'));
}

function renderPromotions(tests) {
  if (!tests.length) return replace('promotions', h('p', { class: 'muted' }, 'no promotion tests yet (edgelab promote-test --baseline v2-001 --candidate v2-002)'));
  return replace('promotions', tests.map((t) => h('details', { class: 'gates', open: true },
    h('summary', {}, h('span', { class: `badge ${t.passed ? 'pass' : 'fail'}` }, t.passed ? 'passed' : 'failed'), ` ${t.candidate_id} vs ${t.baseline_id ?? '?'} · ${t.market ?? ''} · ROI ${t.baseline_convention === 'stands_aside' ? 'stands aside (too few bets: 0 by convention)' : pct(t.baseline_roi)} → ${pct(t.candidate_roi)} · P(better) ${pct(t.confidence)} · ${t.created_at ? t.created_at.slice(0, 10) : ''} `, fileLink(t.file, 'json')),
    table([
      { label: 'gate', get: (g) => g.name.replace(/_/g, ' ') },
      { label: 'result', get: (g) => h('span', { class: g.passed ? 'pos' : 'neg' }, g.passed === null ? '?' : g.passed ? 'pass' : 'fail') },
      { label: 'value', num: true, get: (g) => (isNum(g.value) ? String(+g.value.toFixed(4)) : '–') },
      { label: 'threshold', num: true, get: (g) => (isNum(g.threshold) ? String(+g.threshold.toFixed(4)) : '–') },
      { label: 'detail', get: (g) => g.detail ?? '' },
    ], t.gates),
    t.overrides.length ? h('p', {}, `overrides: ${t.overrides.map((o) => `${o.gate} (${o.reason})`).join('; ')}`) : null)));
}

function renderQuality(v) {
  document.getElementById('dq-title').textContent = v.season === null ? '' : String(v.season);
  if (!v.data_quality.length) return replace('quality', h('p', { class: 'muted' }, `no data-quality reports${v.season === null ? '' : ` for ${v.season}`} (edgelab validate --season S)`));
  return replace('quality', h('div', { class: 'scroll' }, table([
    { label: 'week', get: (q) => (q.season_type === 'postseason' ? `postseason ${q.week}` : String(q.week)) },
    { label: 'status', get: (q) => h('span', { class: `badge ${q.status}` }, q.status) },
    { label: 'games', num: true, get: (q) => q.games ?? '' },
    { label: 'failed checks', get: (q) => q.failed_checks.join(', ') },
    { label: 'warnings', get: (q) => q.warned_checks.join(', ') },
    { label: 'report', get: (q) => fileLink(q.file, 'json') },
  ], v.data_quality)));
}

function renderSeasons(v) {
  const sel = document.getElementById('season');
  sel.replaceChildren(...v.seasons.map((s) => h('option', { value: s, selected: s === v.season }, s)));
  sel.disabled = v.seasons.length === 0;
}

async function load(season) {
  const res = await fetch(`/api/dashboard${season ? `?season=${encodeURIComponent(season)}` : ''}`);
  if (!res.ok) throw new Error(`/api/dashboard: ${res.status} ${await res.text()}`);
  const v = await res.json();
  renderSeasons(v);
  renderChampion(v.champion);
  renderAlert(v.alert);
  const probs = document.getElementById('problems');
  probs.hidden = v.problems.length === 0;
  probs.replaceChildren(h('strong', {}, 'Some files could not be read:'), h('ul', {}, v.problems.map((p) => h('li', {}, p))));
  renderKpis(v);
  renderWeek('this-week', 'this-week-title', v.this_week, false);
  renderWeek('last-week', 'last-week-title', v.last_week, true);
  renderLeaderboard(v.leaderboard);
  renderPromotions(v.promotion_tests);
  renderQuality(v);
  const snap = v.monitor_snapshot;
  replace('footer', `artifacts ${v.root} · read ${v.generated_at.replace('T', ' ').slice(0, 19)} UTC · `,
    snap ? `dashboard_data.json ${snap.generated_at ?? ''}${snap.stale ? ' (stale: figures read from the primary files)' : ''}` : 'no dashboard_data.json (figures read from the primary files)');
  await renderCharts(v.charts);
  document.body.setAttribute('data-loaded', 'true');
}

document.getElementById('season').addEventListener('change', (e) => {
  load(e.target.value).catch(showError);
});

function showError(e) {
  const probs = document.getElementById('problems');
  probs.hidden = false;
  probs.replaceChildren(h('strong', {}, 'The dashboard could not load: '), String(e.message ?? e));
  document.body.setAttribute('data-loaded', 'error');
}

load().catch(showError);
