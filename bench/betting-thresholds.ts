// Development-season evidence for the betting thresholds (issue 17, docs/betting.md): for every
// trained experiment of a project, its walk-forward predictions on the DEVELOPMENT seasons only
// (predictions.csv; the test season is never read) bet flat at −110 on every eligible game whose
// |edge| clears a threshold — no weekly limits — giving bets, hit rate and ROI per threshold.
// Cover-probability thresholds follow from the edge (cover = Φ(|edge|/σ)) and are printed for
// the σ each experiment estimated.
//
//   node --import tsx bench/betting-thresholds.ts <project-dir> [--json]
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLayout } from '../src/artifacts/layout.ts';
import { csvToObjects } from '../src/util/csv.ts';
import { spreadResult, totalResult } from '../src/evaluation/outcomes.ts';
import { normalCdf } from '../src/evaluation/normal.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node --import tsx bench/betting-thresholds.ts <project-dir> [--json]');
  process.exit(2);
}
const json = process.argv.includes('--json');
const layout = createLayout(dir);
const THRESHOLDS = [0.25, 0.5, 1, 1.5, 2, 3, 4];
const out: Record<string, unknown>[] = [];
for (const phase of [1, 2, 3] as const) {
  const pd = layout.phaseDir(phase);
  if (!existsSync(pd)) continue;
  for (const id of readdirSync(pd).sort()) {
    const file = join(pd, id, 'predictions.csv');
    if (!existsSync(file)) continue;
    const summary = JSON.parse(readFileSync(join(pd, id, 'summary.json'), 'utf8')) as { dev_seasons: number[] };
    const dev = new Set(summary.dev_seasons);
    const rows = csvToObjects(readFileSync(file, 'utf8')).filter((r) => r.eligible === 'true' && r.edge !== '' && r.line !== '' && r.actual !== '' && dev.has(Number(r.season)));
    for (const market of ['spread', 'total']) {
      const mine = rows.filter((r) => r.market === market);
      if (!mine.length) continue;
      const sigma = Number(mine[0]!.sigma);
      const cells = THRESHOLDS.map((t) => {
        let w = 0;
        let l = 0;
        for (const r of mine) {
          const edge = Number(r.edge);
          if (Math.abs(edge) < t) continue;
          const line = Number(r.line);
          const actual = Number(r.actual);
          const res = market === 'spread' ? spreadResult(edge > 0 ? 'home' : 'away', line, actual) : totalResult(edge > 0 ? 'over' : 'under', line, actual);
          if (res === 'win') w++;
          else if (res === 'loss') l++;
        }
        const roi = w + l ? (w * (100 / 110) - l) / (w + l) : NaN;
        return { threshold: t, cover: normalCdf(t / sigma), bets: w + l, hit: w + l ? w / (w + l) : NaN, roi };
      });
      out.push({ id, phase, market, sigma, cells });
      const f = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '—');
      console.log(`${id} ${market} (σ ${sigma.toFixed(1)}): ` + cells.map((c) => `|edge| ≥ ${c.threshold} (cover ≥ ${c.cover.toFixed(3)}): ${c.bets} bets, hit ${f(c.hit)}, ROI ${f(c.roi)}`).join('; '));
    }
  }
}
if (json) console.log(JSON.stringify(out));
