// Building the configuration: CPU time (user + sys, all of the process's threads) of a fresh
// process that loads the config modules and composes the demo, NFL or college project's
// configuration once (cold), and of each further build in that process (warm, median of 20).
// The config modules are bundled the way scripts/bundle.mjs bundles the CLI (esbuild, ESM,
// code splitting), since that is how a command loads them. Goal: cold ≤ 0.1 s of CPU.
// `--base DIR` measures another checkout's dist/ (e.g. main's) in the same interleaved rounds.
//   node --import tsx bench/config.ts [--rounds 7] [--base /path/to/other/checkout] [--json]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load1, median } from './reference.ts';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ROUNDS = Math.max(5, Number(arg('--rounds') ?? 7));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const checkouts = [{ name: 'this checkout', dir: ROOT }, ...(arg('--base') ? [{ name: 'base', dir: arg('--base')! }] : [])];

// The child: import the config modules, build once, build 20 more times; CPU of each part.
const CHILD = `
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const c0 = cpu();
const { loadConfig } = await import('CHECKOUT/dist/config/load.js');
const c1 = cpu();
const opts = { confDir: process.argv[2], overrides: [], env: {} };
loadConfig(opts);
const c2 = cpu();
const warm = [];
for (let i = 0; i < 20; i++) { const t = cpu(); loadConfig(opts); warm.push(cpu() - t); }
warm.sort((a, b) => a - b);
console.log(JSON.stringify({ import: c1 - c0, first: c2 - c1, warm: warm[10] }));
`;

const work = mkdtempSync(join(tmpdir(), 'edgelab-bench-config-'));
const { build } = await import('esbuild');
const entries = await Promise.all(
  checkouts.map(async (c, k) => {
    if (!existsSync(join(c.dir, 'dist', 'config', 'load.js'))) throw new Error(`${c.dir}: no dist/config/load.js; run npm run build there`);
    const src = join(work, `child-${k}.mjs`);
    writeFileSync(src, CHILD.replace('CHECKOUT', c.dir));
    const outdir = join(work, `out-${k}`);
    await build({
      entryPoints: { child: src },
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      nodePaths: [join(c.dir, 'node_modules')],
      banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
      logLevel: 'error',
    });
    return join(outdir, 'child.js');
  }),
);

// One project per league: the package's conf/ with config.yaml's league choice set.
const projects = ['demo', 'nfl', 'cfb'].map((league) => {
  const conf = join(work, league, 'conf');
  cpSync(join(ROOT, 'conf'), conf, { recursive: true });
  const file = join(conf, 'config.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('- league: demo', `- league: ${league}`));
  return { league, conf };
});

type Sample = { import: number; first: number; warm: number };
const samples = new Map<string, Sample[]>();
const loads: number[] = [];
for (let round = 0; round <= ROUNDS; round++) {
  for (const p of projects) {
    for (const [k, c] of checkouts.entries()) {
      const r = spawnSync(process.execPath, [entries[k]!, p.conf], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${c.name} ${p.league}: ${r.stderr}`);
      const key = `${c.name} · ${p.league}`;
      if (round > 0) samples.set(key, [...(samples.get(key) ?? []), JSON.parse(r.stdout) as Sample]);
    }
  }
  if (round > 0) loads.push(load1());
}
rmSync(work, { recursive: true, force: true });

const out: Record<string, Record<string, number>> = {};
for (const [key, s] of samples) {
  const m = { import: median(s.map((x) => x.import)), first: median(s.map((x) => x.first)), warm: median(s.map((x) => x.warm)) };
  const cold = median(s.map((x) => x.import + x.first));
  out[key] = { ...m, cold };
  console.log(
    `${key.padEnd(24)} cold ${cold.toFixed(1).padStart(6)} ms CPU (modules ${m.import.toFixed(1)} + first build ${m.first.toFixed(1)}), warm build ${m.warm.toFixed(2)} ms`,
  );
}
const maxLoad = Math.max(...loads);
console.log(
  `1-minute load average ${Math.min(...loads).toFixed(1)}–${maxLoad.toFixed(1)} over ${ROUNDS} interleaved rounds${maxLoad >= 1.5 ? ' — NOT quiet: rerun at load < 1.5 before quoting' : ''}; goal: cold ≤ 100 ms CPU`,
);
if (process.argv.includes('--json')) console.log(JSON.stringify({ ...out, load_1m_max: maxLoad }));
