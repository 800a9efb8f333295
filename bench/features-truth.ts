// Study for docs/features.md: on the demo league, how well the `minimal` rating margin
// (home - away + home advantage, built point in time) tracks the true expected margin, week by
// week through the season, pooled over seasons. The market's implied margin (-spread) is the
// reference a model has to beat. Prints a markdown table.
import { generateDemoLeague } from '../src/data/sources/demo/index.ts';
import { buildFeaturesForWeeks, valueOf, weeksOf } from '../src/features/index.ts';
import { loadFeatureSet } from '../src/workflow/feature-set.ts';

const first = Number(process.argv[2] ?? 2014);
const last = Number(process.argv[3] ?? 2025);
const { dataset, truth } = generateDemoLeague({ seasons: [first, last], seed: 42 });
// The first season has no prior; leave it out of the table (its week 1 has no information).
const targets = weeksOf(dataset).filter((w) => w.season > first);
const frame = buildFeaturesForWeeks(dataset, loadFeatureSet('minimal'), targets);
const eloFrame = buildFeaturesForWeeks(dataset, loadFeatureSet('elo'), targets);
const eloEdge = new Map(eloFrame.rows.map((r) => [r.game_id, valueOf(eloFrame, r, 'elo_edge')]));
const spread = new Map<string, number>();
for (const l of dataset.lines) if (l.spread !== null && !spread.has(l.game_id)) spread.set(l.game_id, l.spread);

function corr(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const groups = new Map<string, { r: number[]; t: number[]; m: number[]; e: number[]; eligible: number }>();
for (const row of frame.rows) {
  const key = row.season_type === 'postseason' ? `post ${row.week}` : `${row.week}`;
  const v = valueOf(frame, row, 'rating_margin');
  const tr = truth.get(row.game_id);
  if (!tr || !Number.isFinite(v)) continue;
  let g = groups.get(key);
  if (!g) groups.set(key, (g = { r: [], t: [], m: [], e: [], eligible: 0 }));
  g.r.push(v);
  g.t.push(tr.expected_margin);
  g.m.push(-(spread.get(row.game_id) ?? NaN));
  g.e.push(eloEdge.get(row.game_id) ?? NaN);
  if (row.eligible) g.eligible++;
}
console.log(`Demo league ${first + 1}-${last} (seed 42; ${first} only as the prior), \`minimal\` feature set.\n`);
console.log('| week | games | eligible | corr(rating_margin, true margin) | corr(elo_edge, true margin) | corr(-spread, true margin) |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [k, g] of groups) {
  const okM = g.m.map((v, i) => [v, g.t[i]!] as const).filter(([v]) => Number.isFinite(v));
  const cm = okM.length > 2 ? corr(okM.map((p) => p[0]), okM.map((p) => p[1])).toFixed(3) : '';
  const okE = g.e.map((v, i) => [v, g.t[i]!] as const).filter(([v]) => Number.isFinite(v));
  const ce = corr(okE.map((p) => p[0]), okE.map((p) => p[1])).toFixed(3);
  console.log(`| ${k} | ${g.r.length} | ${g.eligible} | ${corr(g.r, g.t).toFixed(3)} | ${ce} | ${cm} |`);
}
