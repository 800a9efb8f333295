// The main job's wall time: `edgelab demo` (full, and --quick) in a temporary directory, as a
// newcomer runs it. Goal (issue 19): full ≤ 30 s, --quick ≤ 10 s, on this 2-core machine. Its
// CPU time (user + system, every thread) is printed beside: the figure that still compares when
// other work shares the machine.
//
//   node --import tsx bench/demo.ts [--quick-only] [--json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/edgelab.js', import.meta.url));
const modes = process.argv.includes('--quick-only') ? [['--quick']] : [['--quick'], []];
const results: Record<string, number> = {};

/** CPU seconds (user + system) of the children this process has waited for (Linux /proc; 0 elsewhere). */
function childrenCpu(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

for (const extra of modes) {
  const dir = join(mkdtempSync(join(tmpdir(), 'edgelab-bench-demo-')), 'demo');
  const load = loadavg()[0]!.toFixed(1);
  const c0 = childrenCpu();
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, 'demo', '--dir', dir, '--quiet', ...extra], { encoding: 'utf8' });
  const s = (Date.now() - t0) / 1000;
  const cpu = childrenCpu() - c0;
  if (r.status !== 0) throw new Error(`demo ${extra.join(' ')} failed: ${r.stderr}`);
  const name = extra.length ? 'demo_quick_seconds' : 'demo_full_seconds';
  results[name] = s;
  results[name.replace('seconds', 'cpu_seconds')] = cpu;
  console.log(`edgelab demo ${extra.join(' ') || '(full)'}: ${s.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU (1-minute load average at start ${load}; goal ${extra.length ? 10 : 30} s wall)`);
  rmSync(dir, { recursive: true, force: true });
}
if (process.argv.includes('--json')) console.log(JSON.stringify(results));
