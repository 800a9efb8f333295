// Start-up: `edgelab --version` and `--help` (the compiled package, as installed by `npm ci`)
// against bare `node -e 0`, interleaved for ≥ 5 rounds after a warm-up round, with the
// 1-minute load average beside each figure. Goal: ≤ 0.25 s. Also `--version` from the TypeScript
// sources (EDGELAB_FROM_SOURCE=1, the development path) for comparison.
//   node --import tsx bench/startup.ts [--rounds 10] [--json]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load1, median } from './reference.ts';

const BIN = fileURLToPath(new URL('../bin/edgelab.js', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)))) {
  console.error('bench: dist/ is missing; run npm run build (npm ci does it)');
  process.exit(1);
}
const i = process.argv.indexOf('--rounds');
const ROUNDS = Math.max(5, i >= 0 ? Number(process.argv[i + 1]) : 10);
const cases: { name: string; args: string[]; env?: NodeJS.ProcessEnv }[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'edgelab --version', args: [BIN, '--version'] },
  { name: 'edgelab --help', args: [BIN, '--help'] },
  { name: 'edgelab train --help', args: [BIN, 'train', '--help'] },
  { name: 'edgelab monitor --help', args: [BIN, 'monitor', '--help'] },
  // The same commands from the per-file dist/ instead of the bundle (scripts/bundle.mjs).
  { name: 'edgelab train --help (per-file dist)', args: [BIN, 'train', '--help'], env: { EDGELAB_NO_BUNDLE: '1' } },
  { name: 'edgelab monitor --help (per-file dist)', args: [BIN, 'monitor', '--help'], env: { EDGELAB_NO_BUNDLE: '1' } },
  { name: 'edgelab --version (from sources, tsx)', args: [BIN, '--version'], env: { EDGELAB_FROM_SOURCE: '1' } },
];
const times = cases.map(() => [] as number[]);
const loads: number[] = [];
for (let round = 0; round <= ROUNDS; round++) {
  for (const [k, c] of cases.entries()) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, c.args, { env: { ...process.env, ...c.env }, encoding: 'utf8' });
    const s = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`${c.name} failed: ${r.stderr}`);
    if (round > 0) times[k]!.push(s);
  }
  if (round > 0) loads.push(load1());
}
const out: Record<string, number> = {};
const maxLoad = Math.max(...loads);
for (const [k, c] of cases.entries()) {
  const m = median(times[k]!);
  out[c.name] = m;
  console.log(`${c.name.padEnd(40)} median ${m.toFixed(3)} s (min ${Math.min(...times[k]!).toFixed(3)})`);
}
console.log(`1-minute load average ${Math.min(...loads).toFixed(1)}–${maxLoad.toFixed(1)} over ${ROUNDS} interleaved rounds${maxLoad >= 1.5 ? ' — NOT quiet: rerun at load < 1.5 before quoting' : ''}; goal --version/--help ≤ 0.25 s`);
if (process.argv.includes('--json')) console.log(JSON.stringify({ ...out, load_1m_max: maxLoad }));
