// Benchmark: generate and load 12 demo seasons into a fresh warehouse, then validate every week
// of every season (the work of `edgelab data demo` + `edgelab validate` for each season).
// Goal: under 10 s on this machine (2 shared cores). Run: node --import tsx bench/data.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLayout } from '../src/artifacts/layout.ts';
import { loadDemoLeague } from '../src/workflow/data-demo.ts';
import { validateData } from '../src/workflow/validate.ts';

const dir = mkdtempSync(join(tmpdir(), 'edgelab-bench-data-'));
try {
  const layout = createLayout(dir);
  const t0 = performance.now();
  const demo = await loadDemoLeague(layout, { seasons: [2014, 2025], seed: 42, liveSeason: null });
  const t1 = performance.now();
  let weeks = 0;
  const statuses: Record<string, number> = {};
  for (let s = 2014; s <= 2025; s++) {
    const out = await validateData(layout, { season: s });
    weeks += out.reports.length;
    for (const r of out.reports) statuses[r.report.status] = (statuses[r.report.status] ?? 0) + 1;
  }
  const t2 = performance.now();
  const total = (t2 - t0) / 1000;
  console.log(`load 12 demo seasons: ${((t1 - t0) / 1000).toFixed(2)} s (${demo.load.inserted} rows inserted)`);
  console.log(`validate ${weeks} weeks: ${((t2 - t1) / 1000).toFixed(2)} s (${JSON.stringify(statuses)})`);
  console.log(`total: ${total.toFixed(2)} s (goal < 10 s) ${total < 10 ? 'OK' : 'SLOW'}`);
  console.log('demo figures (seed 42):', JSON.stringify(demo.figures, (_k, v) => (typeof v === 'number' ? Math.round(v * 10000) / 10000 : v)));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
