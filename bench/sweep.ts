// Wall time of a 24-configuration sweep on the demo league with 1 and 2 worker processes: the
// per-configuration cost and the parallel efficiency on this machine. Each side runs in a fresh
// project copy (same warehouse), interleaved round by round; the load average is printed beside
// each figure (report figures from runs whose load stayed below 1.5).
//
//   node --import tsx bench/sweep.ts [--rounds 2]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/edgelab.js', import.meta.url));
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] || 2);
const base = mkdtempSync(join(tmpdir(), 'edgelab-bench-sweep-'));
const run = (project: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, '--project', project, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const seed = join(base, 'seed');
run(seed, 'init', '--quiet');
run(seed, 'data', 'demo', '--seasons', '2016-2021', '--live-season', 'none', '--quiet');
// 24 configurations of the baseline ridge: penalty × betting threshold.
const ARGS = ['experiment=v2-001', 'evaluation.dev_seasons=2', 'model.alpha=1,3,10,30,100,300', 'betting.markets.spread.edge_threshold=0.5,1,1.5,2'];
const times: Record<number, number[]> = { 1: [], 2: [] };
for (let r = 0; r < rounds; r++) {
  for (const w of [1, 2]) {
    const p = join(base, `r${r}w${w}`);
    cpSync(seed, p, { recursive: true });
    const load = loadavg()[0]!;
    const t0 = process.hrtime.bigint();
    run(p, 'sweep', ...ARGS, '--workers', String(w), '--quiet', '--json');
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    times[w]!.push(s);
    console.log(`round ${r + 1}, ${w} worker(s): ${s.toFixed(1)} s (24 configurations + baseline; load ${load.toFixed(2)} → ${loadavg()[0]!.toFixed(2)})`);
    rmSync(p, { recursive: true, force: true });
  }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const one = med(times[1]!);
const two = med(times[2]!);
console.log(`median: 1 worker ${one.toFixed(1)} s (${(one / 25).toFixed(2)} s per configuration), 2 workers ${two.toFixed(1)} s; speed-up ${(one / two).toFixed(2)}×, efficiency ${((one / two / 2) * 100).toFixed(0)}% on 2 cores`);
rmSync(base, { recursive: true, force: true });
