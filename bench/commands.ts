// The cost of one CLI command: every spawned `edgelab` (each test of the suite's fault matrix,
// concurrency, secrets and CLI files, and each weekly command a user types) pays Node's start,
// the configuration, loading DuckDB, opening the warehouse and closing it. This bench runs a
// representative set of commands as separate processes on a small live-season project (demo
// league 2016-2020, live 2020, v2-001 trained and promoted: test/helpers/demo-projects.ts's
// starting point) and prints each command's CPU (user + system, every thread, from wait4 via
// /usr/bin/time) and wall time, medians over the rounds, with the 1-minute load average.
//
//   node --import tsx bench/commands.ts [--rounds 10] [--only version,status,...] [--json]
//   node --import tsx bench/commands.ts --base DIR [--rounds 10]
//
// With --base, another checkout's CLI (DIR/bin/edgelab.js, built by its own `npm ci`; e.g.
// `git worktree add /tmp/base main && (cd /tmp/base && npm ci)`) runs the same commands in
// turn: each round copies the seed project once per side, then runs the command sequence (which
// reveals a week, scores it and predicts the next, so order matters) with the two sides
// alternating command by command, the side that goes first alternating by round. One warm-up
// round is not counted. Ratios are this ÷ base of the medians.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load1, median } from './reference.ts';
import { copyProject } from '../test/helpers/project-cache.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const rounds = Number(opt('--rounds') ?? 10);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: '${opt('--rounds')}' is not a positive integer`);
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) throw new Error('bench: /usr/bin/time is needed for child CPU times (apt-get install time)');

interface Side {
  name: string;
  bin: string;
}
const sides: Side[] = [{ name: 'this', bin: join(ROOT, 'bin', 'edgelab.js') }];
const baseDir = opt('--base');
if (baseDir) sides.unshift({ name: 'base', bin: join(resolve(baseDir), 'bin', 'edgelab.js') });
for (const s of sides) if (!existsSync(s.bin)) throw new Error(`bench: no ${s.bin}`);

/** The commands, in the order they run in a round (later ones see what earlier ones wrote). */
const COMMANDS: { key: string; args: string[] }[] = [
  { key: 'version', args: ['--version'] },
  { key: 'config', args: ['config', 'show'] },
  { key: 'status', args: ['data', 'status'] },
  { key: 'query', args: ['data', 'query', 'SELECT count(*) FROM games'] },
  { key: 'show', args: ['show', 'v2-001'] },
  { key: 'week1', args: ['week', '--season', '2020', '--week', '1'] },
  { key: 'bets', args: ['bets', '--season', '2020', '--week', '1'] },
  { key: 'reveal', args: ['data', 'demo', '--seasons', '2016-2020', '--live-season', '2020', '--reveal-week', '1'] },
  { key: 'score', args: ['score', '--season', '2020', '--week', '1'] },
  { key: 'validate', args: ['validate', '--season', '2020', '--week', '2'] },
  { key: 'predict', args: ['predict', '--season', '2020', '--week', '2'] },
  { key: 'monitor', args: ['monitor'] },
];
const only = opt('--only')?.split(',');
const chosen = only ? COMMANDS.filter((c) => only.includes(c.key)) : COMMANDS;

function run(bin: string, project: string, args: string[]): { wall: number; cpu: number } {
  const out = join(project, '..', 'time.txt');
  const r = spawnSync(TIME, ['-o', out, '-f', '%e %U %S', process.execPath, bin, '--project', project, '--quiet', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const [wall, user, sys] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number];
  return { wall, cpu: user + sys };
}

const work = mkdtempSync(join(tmpdir(), 'edgelab-bench-commands-'));
try {
  // The seed project, made once by this checkout's CLI.
  const seed = join(work, 'seed');
  const setup = [
    ['init'],
    ['data', 'demo', '--seasons', '2016-2020', '--live-season', '2020', '--reveal-week', '0'],
    ['train', 'experiment=v2-001', 'evaluation.first_season=2016', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=1', 'features.market.offset=false'],
    ['promote', 'v2-001'],
  ];
  for (const args of setup) run(sides[sides.length - 1]!.bin, seed, args);

  const cpu = new Map<string, number[]>();
  const wall = new Map<string, number[]>();
  const loads: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    const projects = new Map(order.map((s) => [s.name, join(work, `${s.name}-${round}`, 'proj')]));
    for (const p of projects.values()) copyProject(seed, p); // links and MLflow paths rewritten
    for (const c of chosen) {
      for (const s of order) {
        const m = run(s.bin, projects.get(s.name)!, c.args);
        if (round === 0) continue; // warm-up
        const k = `${s.name}:${c.key}`;
        (cpu.get(k) ?? cpu.set(k, []).get(k)!).push(m.cpu);
        (wall.get(k) ?? wall.set(k, []).get(k)!).push(m.wall);
      }
    }
    for (const p of projects.values()) rmSync(join(p, '..'), { recursive: true, force: true });
    if (round > 0) loads.push(load1());
  }

  const json: Record<string, unknown> = {};
  const head = `${'command'.padEnd(10)}${sides.map((s) => `${`${s.name} CPU`.padStart(11)}${`${s.name} wall`.padStart(11)}`).join('')}${baseDir ? '  CPU this÷base  wall this÷base' : ''}`;
  console.log(head);
  const sum = (name: string, m: Map<string, number[]>) => chosen.reduce((t, c) => t + median(m.get(`${name}:${c.key}`)!), 0);
  const rows = [...chosen.map((c) => c.key), 'total'];
  for (const key of rows) {
    const med = (name: string, m: Map<string, number[]>) => (key === 'total' ? sum(name, m) : median(m.get(`${name}:${key}`)!));
    let line = key.padEnd(10);
    for (const s of sides) line += `${med(s.name, cpu).toFixed(3).padStart(11)}${med(s.name, wall).toFixed(3).padStart(11)}`;
    if (baseDir) line += `${(med('this', cpu) / med('base', cpu)).toFixed(2).padStart(15)}${(med('this', wall) / med('base', wall)).toFixed(2).padStart(16)}`;
    console.log(line);
    json[key] = Object.fromEntries(sides.map((s) => [s.name, { cpu: med(s.name, cpu), wall: med(s.name, wall) }]));
  }
  const maxLoad = Math.max(...loads);
  console.log(
    `medians of ${rounds} interleaved rounds (after a warm-up round), seconds; 1-minute load average ${Math.min(...loads).toFixed(1)}–${maxLoad.toFixed(1)}${maxLoad >= 1.5 ? ' — NOT quiet: wall times and ratios are not reportable (CPU times compare better)' : ''}`,
  );
  if (argv.includes('--json')) console.log(JSON.stringify({ ...json, load_1m_max: maxLoad }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
