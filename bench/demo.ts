// The main job's wall time: `edgelab demo` (full, and --quick) in a temporary directory, as a
// newcomer runs it. Goal (issue 19): full ≤ 30 s, --quick ≤ 10 s, on this 2-core machine. Its
// CPU time (user + system, every thread) is printed beside: the figure that still compares when
// other work shares the machine.
//
//   node --import tsx bench/demo.ts [--quick-only] [--json]
//   node --import tsx bench/demo.ts --base DIR [--rounds N] [--quick-only] [--settle L] [--json]
//
// With --base, the demo of another checkout (DIR: its bin/edgelab.js, compiled by its own
// `npm ci`; e.g. `git worktree add /tmp/base main && (cd /tmp/base && npm ci)`) and this one's
// run in turn, round by round (N rounds, default 5, the order alternating), and the medians and
// their ratio (this ÷ base) are printed with the 1-minute load average at each start. A ratio
// from a round whose load was above 1.5 is marked: it is not reportable.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load1, median, settleOption, waitForQuiet } from './reference.ts';

const BIN = fileURLToPath(new URL('../bin/edgelab.js', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const baseDir = opt('--base');
const rounds = baseDir ? Number(opt('--rounds') ?? 5) : 1;
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: '${opt('--rounds')}' is not a positive integer`);
const modes = argv.includes('--quick-only') ? [['--quick']] : [['--quick'], []];
const sides: { name: string; bin: string }[] = [{ name: 'this', bin: BIN }];
if (baseDir) sides.unshift({ name: 'base', bin: join(resolve(baseDir), 'bin', 'edgelab.js') });
const results: Record<string, number> = {};
// --settle L: before each run, wait (at most 3 minutes) until the 1-minute load average is below
// L, so that a back-to-back run does not start on the load of the one before (the demo keeps both
// cores busy, so without a pause the load at start is ≈ 2 however quiet the machine is otherwise).
const settle = settleOption(opt('--settle'));

/** CPU seconds (user + system) of the children this process has waited for (Linux /proc; 0 elsewhere). */
function childrenCpu(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

interface Run {
  wall: number;
  cpu: number;
  load: number;
}

function runDemo(bin: string, extra: string[]): Run {
  waitForQuiet(settle);
  const dir = join(mkdtempSync(join(tmpdir(), 'edgelab-bench-demo-')), 'demo');
  const load = load1();
  const c0 = childrenCpu();
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [bin, 'demo', '--dir', dir, '--quiet', ...extra], { encoding: 'utf8' });
  const wall = (Date.now() - t0) / 1000;
  const cpu = childrenCpu() - c0;
  rmSync(dirname(dir), { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${bin} demo ${extra.join(' ')} failed: ${r.stderr}`);
  return { wall, cpu, load };
}

for (const extra of modes) {
  const label = extra.join(' ') || '(full)';
  const name = extra.length ? 'demo_quick_seconds' : 'demo_full_seconds';
  const goal = extra.length ? 10 : 30;
  const runs: Record<string, Run[]> = Object.fromEntries(sides.map((s) => [s.name, []]));
  for (let round = 0; round < rounds; round++) {
    // The order alternates, so neither side always runs on a machine the other just warmed.
    const order = round % 2 ? [...sides].reverse() : sides;
    for (const side of order) {
      const r = runDemo(side.bin, extra);
      runs[side.name]!.push(r);
      const who = baseDir ? `${side.name}, round ${round + 1}: ` : '';
      console.log(`edgelab demo ${label}: ${who}${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU (1-minute load average at start ${r.load.toFixed(1)}; goal ${goal} s wall)`);
    }
  }
  const mine = runs.this!;
  results[name] = median(mine.map((r) => r.wall));
  results[name.replace('seconds', 'cpu_seconds')] = median(mine.map((r) => r.cpu));
  if (baseDir) {
    const base = runs.base!;
    const maxLoad = Math.max(...mine.map((r) => r.load), ...base.map((r) => r.load));
    const wall = [median(base.map((r) => r.wall)), median(mine.map((r) => r.wall))];
    const cpu = [median(base.map((r) => r.cpu)), median(mine.map((r) => r.cpu))];
    results[`${name}_base`] = wall[0]!;
    results[name.replace('seconds', 'cpu_seconds') + '_base'] = cpu[0]!;
    console.log(
      `edgelab demo ${label}, medians of ${rounds} interleaved rounds: wall ${wall[0]!.toFixed(1)} → ${wall[1]!.toFixed(1)} s (${(wall[1]! / wall[0]!).toFixed(2)}×), ` +
        `CPU ${cpu[0]!.toFixed(1)} → ${cpu[1]!.toFixed(1)} s (${(cpu[1]! / cpu[0]!).toFixed(2)}×); highest 1-minute load ${maxLoad.toFixed(1)}` +
        (maxLoad > 1.5 ? ' — above 1.5: not reportable' : ''),
    );
  }
}
if (argv.includes('--json')) console.log(JSON.stringify(results));
