// The weekly picks report as Markdown and as one self-contained HTML page (inline CSS and SVG,
// no scripts, no network). Both come from the same WeeklyReport, so they say the same thing.
import type { BetTally } from '../../evaluation/bet-totals.ts';
import { ALERT_MEANING, topReasons, type ExplainedBet, type SeasonToDate, type WeeklyReport } from './gather.ts';
import type { Interval } from '../../evaluation/intervals.ts';
import { cumulativeSvg } from './svg.ts';
import { clvText, NO_CLV_NOTE } from '../../evaluation/clv.ts';

const pct = (v: number | null | undefined, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(d)}%`);
const num = (v: number | null | undefined, d = 2) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(d));
const sgn = (v: number, d = 2) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(d)}`;
const interval = (i: Interval | null) => (i === null ? '—' : Number.isFinite(i.lo) ? `${pct(i.estimate)} [${pct(i.lo)}, ${pct(i.hi)}]` : `${pct(i.estimate)} (n = 1, no interval)`);
const record = (t: BetTally) => `${t.wins}-${t.losses}-${t.pushes}${t.pending ? ` (${t.pending} pending)` : ''}`;
/** Below this many settled bets a hit rate's 95% interval is wider than ±14 points: say so. */
const SMALL = 50;
const settledCaveat = (n: number) => (n === 0 ? 'no settled bets yet' : n < SMALL ? `only ${n} settled ${n === 1 ? 'bet' : 'bets'}: too few to judge` : '');

function pick(b: Pick<ExplainedBet, 'bet_type' | 'side' | 'home_team' | 'away_team' | 'line'>): string {
  const side = b.bet_type === 'spread' ? (b.side === 'home' ? b.home_team : b.away_team) : b.side;
  const line = b.bet_type === 'spread' ? (b.side === 'home' ? b.line : -b.line) : b.line;
  return `${side} ${b.bet_type === 'spread' && line > 0 ? '+' : ''}${line}`;
}

/** "prediction − market = base + top reasons + the rest" in words, exact to the hundredth. */
export function reasonText(b: ExplainedBet): string {
  const { shown, rest } = topReasons(b);
  const what = b.bet_type === 'spread' ? 'home margin' : 'total';
  const parts = [`model ${what} ${num(b.prediction, 1)} vs market ${num(b.market, 1)}: ${sgn(b.prediction - b.market)} = base ${sgn(b.base)}`];
  for (const r of shown) parts.push(`${r.feature} ${sgn(r.points)}`);
  if (b.n_features > shown.length) parts.push(`${b.n_features - shown.length} other features ${sgn(rest)}`);
  if (Math.abs(b.market_term) > 1e-9) parts.push(`minus the market (not an offset of this model) ${sgn(b.market_term)}`);
  return parts.join(', ');
}

function mdTable(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function seasonRows(s: readonly SeasonToDate[]): string[][] {
  return s.map((r) => [r.market, String(r.tally.bets), record(r.tally), sgn(r.tally.units), interval(r.hit_rate), interval(r.roi), r.tally.clv === null ? '—' : `${sgn(r.tally.clv, 1)} pts`, settledCaveat(r.tally.bets - r.tally.pending)]);
}

const SEASON_HEAD = ['market', 'bets', 'W-L-P', 'units', 'hit rate', 'ROI', 'CLV', 'caveat'];
const LAST_HEAD = ['game', 'pick', 'market', 'result', 'units', 'CLV'];

function lastRows(rows: WeeklyReport['last_week'] & object): string[][] {
  return rows.rows.map((x) => [`${x.away_team} @ ${x.home_team}`, pick(x), x.bet_type, x.result, sgn(x.units_won), clvText(x.clv, x.clv_prob ?? null)]);
}

/** The line under last week's table: CLV's mean, or why the bets have none. */
function clvLine(rows: WeeklyReport['last_week'] & object): string {
  const withClv = rows.rows.filter((x) => x.clv !== null);
  if (withClv.length === 0) return `CLV: ${NO_CLV_NOTE}.`;
  const mean = (f: (x: (typeof withClv)[number]) => number | null | undefined) => {
    const v = withClv.map(f).filter((x): x is number => typeof x === 'number');
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  };
  return `CLV (points better than the closing line; in brackets the win probability that is worth): mean ${clvText(mean((x) => x.clv), mean((x) => x.clv_prob))} over ${withClv.length} ${withClv.length === 1 ? 'bet' : 'bets'}.`;
}

export function renderMarkdown(r: WeeklyReport): string {
  const out: string[] = [`# Weekly picks — ${r.label}`, '', `Model ${r.model_id}; generated ${r.generated_at}. Break-even at −110 is 52.38%.`, ''];
  out.push(`## This week's bets (${r.bets.length})`, '');
  if (r.bets.length === 0) out.push('No bets this week: no game passed the betting policy (edge, cover probability, expected value).', '');
  else {
    out.push(mdTable(['game', 'pick', 'market', 'edge (pts)', 'cover p', 'stake (u)'], r.bets.map((b) => [`${b.away_team} @ ${b.home_team}`, pick(b), b.bet_type, num(b.edge, 1), pct(b.cover_probability), num(b.recommended_units)])), '');
    out.push(`Reasons (${r.bets[0]!.method} contributions, in points of the prediction; they add up to model − market):`, '');
    for (const b of r.bets) out.push(`- **${pick(b)}** (${b.away_team} @ ${b.home_team}): ${reasonText(b)}`);
    out.push('');
  }
  out.push(`## Last week's results${r.last_week ? ` — ${r.last_week.label}` : ''}`, '');
  if (!r.last_week) out.push('No scored week before this one yet.', '');
  else if (r.last_week.rows.length === 0) out.push('No bets were placed that week.', '');
  else {
    out.push(mdTable(LAST_HEAD, lastRows(r.last_week)), '');
    out.push(`Record ${record(r.last_week.tally)}, ${sgn(r.last_week.tally.units)} units.`, '', clvLine(r.last_week), '');
  }
  out.push('## Season to date (95% intervals)', '');
  out.push(mdTable(SEASON_HEAD, seasonRows(r.season).map((x) => x.map((c) => c || '—'))), '');
  out.push('Hit rate: Wilson interval; ROI: ±1.96 standard errors of the per-bet returns (normal approximation).', '');
  out.push('## Alert level', '');
  if (!r.alert) out.push('No monitoring yet this season (no scored week).', '');
  else out.push(`**${r.alert.level.toUpperCase()}** (as of ${r.alert.week}). ${r.alert.meaning}`, '', ...r.alert.reasons.map((x) => `- ${x}`), '');
  return out.join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLORS = { all: '#333', spread: '#1f77b4', total: '#d62728' } as Record<string, string>;

function htmlTable(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c || '—')}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export function renderHtml(r: WeeklyReport): string {
  const chart = cumulativeSvg(r.cumulative.map((c) => ({ name: c.market, color: COLORS[c.market] ?? '#666', points: c.points })), `Season ${r.key.season}: cumulative units by game date`);
  const body: string[] = [`<h1>Weekly picks — ${esc(r.label)}</h1>`, `<p class="muted">Model ${esc(r.model_id)}; generated ${esc(r.generated_at)}. Break-even at −110 is 52.38%.</p>`];
  body.push(`<h2>This week's bets (${r.bets.length})</h2>`);
  if (r.bets.length === 0) body.push('<p>No bets this week: no game passed the betting policy (edge, cover probability, expected value).</p>');
  else {
    body.push(htmlTable(['game', 'pick', 'market', 'edge (pts)', 'cover p', 'stake (u)'], r.bets.map((b) => [`${b.away_team} @ ${b.home_team}`, pick(b), b.bet_type, num(b.edge, 1), pct(b.cover_probability), num(b.recommended_units)])));
    body.push(`<p>Reasons (${esc(r.bets[0]!.method)} contributions in points of the prediction; they add up to model − market):</p><ul>${r.bets.map((b) => `<li><b>${esc(pick(b))}</b> (${esc(`${b.away_team} @ ${b.home_team}`)}): ${esc(reasonText(b))}</li>`).join('')}</ul>`);
  }
  body.push(`<h2>Last week's results${r.last_week ? ` — ${esc(r.last_week.label)}` : ''}</h2>`);
  if (!r.last_week) body.push('<p>No scored week before this one yet.</p>');
  else if (r.last_week.rows.length === 0) body.push('<p>No bets were placed that week.</p>');
  else body.push(htmlTable(LAST_HEAD, lastRows(r.last_week)), `<p>Record ${esc(record(r.last_week.tally))}, ${sgn(r.last_week.tally.units)} units.</p>`, `<p class="muted">${esc(clvLine(r.last_week))}</p>`);
  body.push('<h2>Season to date (95% intervals)</h2>', htmlTable(SEASON_HEAD, seasonRows(r.season)));
  body.push('<p class="muted">Hit rate: Wilson interval; ROI: ±1.96 standard errors of the per-bet returns (normal approximation).</p>');
  body.push(chart ? `<figure>${chart}</figure>` : '<p class="muted">No settled bets this season yet: no chart.</p>');
  body.push('<h2>Alert level</h2>');
  if (!r.alert) body.push('<p>No monitoring yet this season (no scored week).</p>');
  else body.push(`<p><span class="level ${esc(r.alert.level)}">${esc(r.alert.level.toUpperCase())}</span> (as of ${esc(r.alert.week)}). ${esc(ALERT_MEANING[r.alert.level] ?? '')}</p>${r.alert.reasons.length ? `<ul>${r.alert.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : ''}`);
  const css = 'body{font:14px/1.45 system-ui,sans-serif;max-width:980px;margin:1.5em auto;padding:0 1em;color:#222}table{border-collapse:collapse;margin:.5em 0;max-width:100%}th,td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;overflow-wrap:anywhere}.muted{color:#666}.level{padding:2px 8px;border-radius:4px;font-weight:600}.green{background:#d4edda}.yellow{background:#fff3cd}.orange{background:#ffe0b2}.red{background:#f8d7da}li{margin:.3em 0}';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Weekly picks — ${esc(r.label)}</title><style>${css}</style></head><body>${body.join('\n')}</body></html>\n`;
}
