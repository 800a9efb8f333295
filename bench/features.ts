// Benchmark: every week's features for 12 demo seasons, every shipped feature set, in one
// batch per set (the way walk-forward training asks for them). Goal: < 5 s in total on the
// 2-core machine. Also times week-by-week calls of `minimal` for comparison (same process).
import { generateDemoLeague } from '../src/data/sources/demo/index.ts';
import { buildFeatures, buildFeaturesForWeeks, weeksOf } from '../src/features/index.ts';
import { PRESETS } from '../test/support/features-testkit.ts';
import { loadFeatureSet } from '../src/workflow/feature-set.ts';

const seasons: [number, number] = [2014, 2025];
let t = performance.now();
const { dataset } = generateDemoLeague({ seasons, seed: 42 });
const genMs = performance.now() - t;
const weeks = weeksOf(dataset);
console.log(`demo league ${seasons.join('-')}: ${dataset.games.length} games, ${dataset.teamGames.length} team-games, ${weeks.length} target weeks (generated in ${genMs.toFixed(0)} ms)`);

// Wall time and this process's CPU time: the machine is shared, so wall time is inflated by
// other work; CPU time is what the code costs.
let total = 0;
let totalCpu = 0;
const lines: string[] = [];
for (const name of PRESETS) {
  const cfg = loadFeatureSet(name);
  t = performance.now();
  const c0 = process.cpuUsage();
  const frame = buildFeaturesForWeeks(dataset, cfg, weeks);
  const ms = performance.now() - t;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000;
  total += ms;
  totalCpu += cpu;
  const eligible = frame.rows.filter((r) => r.eligible).length;
  const conv = frame.meta.adjustment.length ? `, adjustment converged ${frame.meta.adjustment.filter((a) => a.converged).length}/${frame.meta.adjustment.length}` : '';
  lines.push(`  ${name.padEnd(18)} ${String(frame.columns.length).padStart(3)} cols  ${frame.rows.length} rows (${eligible} eligible)  ${ms.toFixed(0).padStart(6)} ms wall ${cpu.toFixed(0).padStart(6)} ms cpu${conv}`);
}
console.log(lines.join('\n'));
console.log(`all sets, all weeks: ${(total / 1000).toFixed(2)} s wall, ${(totalCpu / 1000).toFixed(2)} s cpu (goal < 5 s)`);

// Week by week (the serving path, one call per week) for the smallest set, on 2 seasons.
const cfg = loadFeatureSet('minimal');
const some = weeks.filter((w) => w.season >= seasons[1] - 1);
t = performance.now();
for (const w of some) buildFeatures(dataset, cfg, w);
const wk = performance.now() - t;
t = performance.now();
buildFeaturesForWeeks(dataset, cfg, some);
const bt = performance.now() - t;
console.log(`minimal, ${some.length} weeks: week-by-week ${wk.toFixed(0)} ms vs batch ${bt.toFixed(0)} ms (ratio ${(wk / bt).toFixed(1)}x)`);
