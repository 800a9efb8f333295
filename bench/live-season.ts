// The demo's live season alone: wall and CPU time (user + system, every thread of the process)
// from the line that starts the live season to the line that ends it, in a demo run in-process
// by each checkout's compiled `runDemo`. Goal (issue 19): the quick demo's live season ≤ 2 s wall
// on a quiet 2-core machine; the full demo's cut in proportion. Checkouts are compared
// interleaved, round by round, alternating which goes first, each run a fresh process; the
// 1-minute load average is printed beside every figure (report a ratio only below 1.5).
//
//   node --import tsx bench/live-season.ts [--full] [--rounds 3] [--root DIR ...]
// (--root: a checkout with dist/ built; default this one. E.g. --root /path/to/main --root .)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './reference.ts';

interface Run {
  live_wall: number;
  live_cpu: number;
  demo_wall: number;
  demo_cpu: number;
}

const args = process.argv.slice(2);
const full = args.includes('--full');

async function child(root: string): Promise<void> {
  const { runDemo } = await import(pathToFileURL(join(root, 'dist', 'workflow', 'demo.js')).href);
  const { silentProgress } = await import(pathToFileURL(join(root, 'dist', 'util', 'progress.js')).href);
  const dir = join(mkdtempSync(join(tmpdir(), 'edgelab-bench-live-')), 'demo');
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  let start: [number, number] | null = null;
  let end: [number, number] | null = null;
  const t0: [number, number] = [performance.now(), cpu()];
  await runDemo({
    dir,
    seed: 42,
    quick: !full,
    progress: silentProgress,
    say: (line: string) => {
      if (/^live season \d+ — week by week/.test(line)) start = [performance.now(), cpu()];
      if (/^ {2}final:/.test(line)) end = [performance.now(), cpu()];
    },
  });
  const t1: [number, number] = [performance.now(), cpu()];
  rmSync(dir, { recursive: true, force: true });
  if (!start || !end) throw new Error('the demo printed no live season');
  const [s, e] = [start as [number, number], end as [number, number]];
  const run: Run = { live_wall: (e[0] - s[0]) / 1000, live_cpu: e[1] - s[1], demo_wall: (t1[0] - t0[0]) / 1000, demo_cpu: t1[1] - t0[1] };
  console.log(JSON.stringify(run));
}

function option(name: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => a === name && args[i + 1] && out.push(args[i + 1]!));
  return out;
}

if (args.includes('--child')) {
  await child(option('--root')[0]!);
} else {
  const here = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const roots = option('--root').map((r) => resolve(r));
  if (roots.length === 0) roots.push(here);
  const rounds = Number(option('--rounds')[0] ?? 3);
  const runs = new Map<string, Run[]>(roots.map((r) => [r, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...roots].reverse() : roots;
    for (const root of order) {
      const load = loadavg()[0]!.toFixed(2);
      const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', '--root', root, ...(full ? ['--full'] : [])], { encoding: 'utf8', cwd: root });
      if (r.status !== 0) throw new Error(`${root}: ${r.stderr}`);
      const run = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Run;
      runs.get(root)!.push(run);
      console.log(`round ${round + 1} ${root}: live season ${run.live_wall.toFixed(2)} s wall, ${run.live_cpu.toFixed(2)} s CPU; whole demo ${run.demo_wall.toFixed(1)} s wall, ${run.demo_cpu.toFixed(1)} s CPU (load ${load})`);
    }
  }
  for (const [root, rs] of runs) {
    console.log(`${root} (${full ? 'full' : 'quick'} demo, median of ${rs.length}): live season ${median(rs.map((r) => r.live_wall)).toFixed(2)} s wall, ${median(rs.map((r) => r.live_cpu)).toFixed(2)} s CPU (goal ${full ? 'in proportion' : '≤ 2 s wall'}); 1-minute load now ${loadavg()[0]!.toFixed(2)}`);
  }
}
