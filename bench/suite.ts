// The test suite's files, two checkouts interleaved: which files got cheaper or dearer, in one
// run. This machine's speed drifts 20–35% over minutes, so two whole `npm test` runs taken at
// different times cannot show a change below that; here each file runs on both sides back to
// back, round after round.
//
//   node --import tsx bench/suite.ts --base DIR [--rounds 5] [--only demo,sweep] [--warmup 0]
//   node --import tsx bench/suite.ts --base DIR --whole [--rounds 3] [--settle 1.0]
//   node --import tsx bench/suite.ts --base . --env NODE_OPTIONS=--max-semi-space-size=32 --only …
//   node --import tsx bench/suite.ts --list [--only …]
//
// DIR is another checkout built by its own `npm ci` (e.g. `git archive main | tar -x -C DIR &&
// (cd DIR && npm ci)`); without --base the bench times this checkout alone. Each side's dist/ and
// compiled tests (scripts/build-tests.mjs, node_modules/.cache/edgelab/compiled) are brought up
// to date first, as `npm test` does, outside the timing.
//
// A file runs the way `npm test` runs it: compiled, started by the side's own
// scripts/run-test-files.mjs with its test setup, the short unit files several to a process
// (scripts/unit-batches.mjs: the same batches on both sides, made from this checkout's last
// recorded times; `--unbatched` runs each alone), the run's TMPDIR on /dev/shm and one
// EDGELAB_TEST_CACHE per side and round, so the first file of a round that needs a shared
// project builds it, as in a suite run (the files run in run-tests' order, slowest first). One
// file at a time: the two runner slots of a real run would make the two sides compete.
//
// Each round runs every chosen file on both sides, the two sides alternating file by file and
// the side that goes first alternating by round; a warm-up round (`--warmup 1`, the default) is
// not counted. CPU is user + system of the runner, the test process and everything it spawned
// (wait4 through /usr/bin/time), and of that the processes the test spawned (the test setup's
// record, scripts/test-setup.mjs); wall includes the runner's start (≈ 0.1 s, the same on both
// sides). The table gives medians and this ÷ base ratios per file, the total of the medians and
// the median of the rounds' total ratios, with the 1-minute load average of each round; paste it
// as it is. `--only a,b` keeps the files (or batches holding a file) whose path contains a or b.
//
// `--whole` instead times `node scripts/run-tests.mjs --times` (the whole suite, compiled, two
// slots; no type check) on each side in turn, round by round, with run-tests' own lines on its
// start and tail. Each whole run updates that checkout's test-times.json (the order of the next
// run), as any `npm test` does.
//
// `--settle L` waits (at most 3 minutes) for the 1-minute load average to fall below L before each
// whole run, or before each round of files: a whole run leaves the load at 4–6, so without it the
// next run starts loaded and no ratio is reportable (the rule: runs started below 1.5).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { load1, median, settleOption, waitForQuiet } from './reference.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const count = (name: string, dflt: number, min: number) => {
  const n = Number(opt(name) ?? dflt);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}: '${opt(name)}' is not an integer ≥ ${min}`);
  return n;
};
const rounds = count('--rounds', 5, 1);
const settle = settleOption(opt('--settle'));
const warmup = count('--warmup', 1, 0);
const only = (opt('--only') ?? opt('--files'))?.split(',').filter(Boolean);
// `--env NAME=VALUE` (repeatable): set for this side's processes only, e.g. a runtime flag in
// NODE_OPTIONS tried against the same checkout as base (`--base .`; also the A/A check of noise).
const thisEnv: NodeJS.ProcessEnv = Object.fromEntries(
  argv.flatMap((a, i) => (a === '--env' ? [argv[i + 1] ?? ''] : [])).map((kv) => {
    const eq = kv.indexOf('=');
    if (eq < 1) throw new Error(`--env: '${kv}' is not NAME=VALUE`);
    return [kv.slice(0, eq), kv.slice(eq + 1)];
  }),
);
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) throw new Error('bench: /usr/bin/time is needed for child CPU times (apt-get install time)');

interface Side {
  name: 'this' | 'base';
  root: string;
}
const sides: Side[] = [{ name: 'this', root: ROOT }];
const baseDir = opt('--base');
if (baseDir) sides.push({ name: 'base', root: resolve(baseDir) });
for (const s of sides) for (const f of ['scripts/run-test-files.mjs', 'scripts/test-setup.mjs', 'node_modules']) if (!existsSync(join(s.root, f))) throw new Error(`bench: ${s.name} has no ${join(s.root, f)} (a checkout built by npm ci?)`);

// The runner's own modules, loaded by URL (plain .mjs without type declarations).
interface Plan {
  findTestFiles(roots: string[], o?: { cwd?: string }): string[];
  guess(f: string): number;
  ramTemp(onDisk?: boolean): string | null;
  makeRunDir(ram: string | null): string;
  readTimes(cwd?: string): Record<string, number>;
}
interface Batch {
  entry: string;
  members: string[];
  ms: number;
}
type WriteBatches = (files: string[], expected: (f: string) => number, known: (f: string) => number | undefined, compiledPath: (f: string) => string, dir: string) => Batch[];
const script = (side: Side, name: string) => pathToFileURL(join(side.root, 'scripts', name)).href;
const plan = (await import(script(sides[0]!, 'test-plan.mjs'))) as Plan;
const { writeBatches } = (await import(script(sides[0]!, 'unit-batches.mjs'))) as { writeBatches: WriteBatches };

/** Bring a side's dist/ and compiled tests up to date (what run-tests.mjs does before its first test). */
async function prepare(side: Side): Promise<void> {
  const b = (await import(script(side, 'build.mjs'))) as { distIsStale(): boolean; build(): string | null };
  if (b.distIsStale()) {
    const err = b.build();
    if (err) throw new Error(`bench: ${side.name}: build failed: ${err}`);
  }
  const t = (await import(script(side, 'build-tests.mjs'))) as { testsAreStale(): boolean; buildTests(o?: { check?: boolean }): { message: string } | null };
  if (t.testsAreStale()) {
    const err = t.buildTests();
    if (err) throw new Error(`bench: ${side.name}: compiling the tests failed: ${err.message}`);
  }
}
const compiledPath = (side: Side) => (f: string) => join(side.root, 'node_modules', '.cache', 'edgelab', 'compiled', f.replace(/\.ts$/, '.js'));

interface Measure {
  wall: number;
  cpu: number;
  failed: boolean;
}

/** /usr/bin/time around a command: wall and user + system of it and its waited-for descendants. */
function timed(cmd: string[], cwd: string, env: NodeJS.ProcessEnv, timeFile: string): Measure & { out: string } {
  const r = spawnSync(TIME, ['-o', timeFile, '-f', '%e %U %S', ...cmd], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!;
  const [wall, user, sys] = last.split(' ').map(Number) as [number, number, number];
  return { wall, cpu: user + sys, failed: r.status !== 0, out: `${r.stdout}\n${r.stderr}` };
}

/** The lines naming failed tests in node's TAP output, for the log. */
const failures = (out: string) =>
  out
    .split('\n')
    .filter((l) => /^\s*not ok /.test(l))
    .slice(0, 8)
    .join('\n');

const work = mkdtempSync(join(tmpdir(), 'edgelab-bench-suite-'));
const ram = plan.ramTemp();
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '–');
try {
  for (const s of sides) await prepare(s);
  if (argv.includes('--whole')) whole();
  else files();
} finally {
  rmSync(work, { recursive: true, force: true });
}

function files(): void {
  process.chdir(ROOT); // unit-batches reads the sources relative to the checkout
  // The files both sides have, in the order run-tests.mjs starts them (slowest first by this
  // checkout's last times); a file only one side has is named and left out.
  const lists = sides.map((s) => new Set(plan.findTestFiles(['src', 'test'].filter((d) => existsSync(join(s.root, d))), { cwd: s.root })));
  const common = [...lists[0]!].filter((f) => lists.every((l) => l.has(f)));
  for (const [i, s] of sides.entries()) {
    const alone = [...lists[i]!].filter((f) => !common.includes(f));
    if (alone.length) console.log(`only in ${s.name} (not compared): ${alone.join(', ')}`);
  }
  const known = plan.readTimes(ROOT);
  const expected = (f: string) => known[f] ?? plan.guess(f);
  const ordered = [...common].sort((a, b) => expected(b) - expected(a));
  // The same batches on both sides: the plan is this checkout's, the entries each side's own.
  const batches = argv.includes('--unbatched') ? sides.map(() => [] as Batch[]) : sides.map((s) => writeBatches(ordered, expected, (f) => known[f], compiledPath(s), join(work, `batches-${s.name}`)));
  const inBatch = new Set(batches[0]!.flatMap((b) => b.members));
  interface Item {
    label: string;
    members: string[];
    ms: number;
    entries: string[];
  }
  let items: Item[] = [
    ...ordered.filter((f) => !inBatch.has(f)).map((f) => ({ label: f, members: [f], ms: expected(f), entries: sides.map((s) => compiledPath(s)(f)) })),
    ...batches[0]!.map((b, i) => ({ label: `batch ${i + 1} (${b.members.length} files: ${b.members[0]}, …)`, members: b.members, ms: b.ms, entries: batches.map((bs) => bs[i]!.entry) })),
  ].sort((a, b) => b.ms - a.ms);
  if (only) items = items.filter((it) => it.members.some((m) => only.some((p) => m.includes(p))));
  if (argv.includes('--list')) {
    for (const it of items) console.log(`${(it.ms / 1000).toFixed(1).padStart(6)} s expected  ${it.label}${it.members.length > 1 ? `\n${it.members.map((m) => `        ${m}`).join('\n')}` : ''}`);
    return;
  }
  if (items.length === 0) throw new Error(`bench: no test file matches --only ${only?.join(',')}`);

  const cpu = new Map<string, number[]>();
  const wall = new Map<string, number[]>();
  const spawned = new Map<string, number[]>();
  const failed = new Set<string>();
  const roundTotals: Record<string, number>[] = [];
  const loads: number[] = [];
  console.log(`${items.length} processes (${items.reduce((n, it) => n + it.members.length, 0)} test files) per side per round; ${rounds} rounds after ${warmup} warm-up`);
  for (let round = 0; round < warmup + rounds; round++) {
    const counted = round >= warmup;
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    const loadBefore = waitForQuiet(settle);
    const t0 = Date.now();
    // Per side a fresh run directory, as run-tests makes one per run: TMPDIR on /dev/shm (a short
    // path: some tests check that printed paths fit 100 columns) and the shared-project cache.
    const dirs = new Map(order.map((s) => [s.name, plan.makeRunDir(ram)]));
    const totals: Record<string, number> = {};
    for (const it of items) {
      for (const s of order) {
        const dir = dirs.get(s.name)!;
        const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: dir, EDGELAB_TEST: '1', EDGELAB_TEST_CACHE: join(dir, 'projects'), ...(s.name === 'this' ? thisEnv : {}) };
        // The test setup's record of the test process: its own CPU and its spawned processes'.
        const rec = join(work, 'record.jsonl');
        rmSync(rec, { force: true });
        env.EDGELAB_TEST_TIMES = rec;
        const entry = it.entries[sides.indexOf(s)]!;
        const m = timed([process.execPath, '--enable-source-maps', '--import', script(s, 'test-setup.mjs'), join(s.root, 'scripts', 'run-test-files.mjs'), entry], s.root, env, join(work, 'time.txt'));
        const spawnedCpu = existsSync(rec) ? (JSON.parse(readFileSync(rec, 'utf8').trim().split('\n').pop()!) as { children_cpu_ms: number }).children_cpu_ms / 1000 : NaN;
        if (m.failed) {
          failed.add(`${s.name}:${it.label}`);
          console.log(`round ${round + 1}: ${s.name}: ${it.label} FAILED\n${failures(m.out)}`);
        }
        if (!counted) continue;
        const k = `${s.name}:${it.label}`;
        (cpu.get(k) ?? cpu.set(k, []).get(k)!).push(m.cpu);
        (wall.get(k) ?? wall.set(k, []).get(k)!).push(m.wall);
        (spawned.get(k) ?? spawned.set(k, []).get(k)!).push(spawnedCpu);
        totals[s.name] = (totals[s.name] ?? 0) + m.cpu;
      }
    }
    for (const d of dirs.values()) rmSync(d, { recursive: true, force: true });
    const loadAfter = load1();
    const cpus = sides.map((s) => `${s.name} ${fmt(totals[s.name] ?? 0)} s CPU`).join(', ');
    console.log(`round ${round + 1}${counted ? '' : ' (warm-up)'}: ${((Date.now() - t0) / 1000).toFixed(0)} s wall for the round; load ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}${counted ? `; ${cpus}${baseDir ? ` (this÷base ${ratio(totals.this!, totals.base!)})` : ''}` : ''}`);
    if (counted) {
      roundTotals.push(totals);
      loads.push(loadBefore, loadAfter);
    }
  }

  // The table, Markdown.
  const med = (m: Map<string, number[]>, side: string, label: string) => median(m.get(`${side}:${label}`)!);
  const head = ['file (compiled, as npm test runs it)', ...sides.flatMap((s) => [`${s.name} CPU s`, `of which spawned`, `${s.name} wall s`]), ...(baseDir ? ['CPU this÷base', 'wall this÷base'] : [])];
  console.log(`\n| ${head.join(' | ')} |\n|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  const json: Record<string, unknown> = {};
  for (const it of items) {
    const cells = sides.flatMap((s) => [fmt(med(cpu, s.name, it.label)), fmt(med(spawned, s.name, it.label)), fmt(med(wall, s.name, it.label))]);
    if (baseDir) cells.push(ratio(med(cpu, 'this', it.label), med(cpu, 'base', it.label)), ratio(med(wall, 'this', it.label), med(wall, 'base', it.label)));
    const flag = sides.some((s) => failed.has(`${s.name}:${it.label}`)) ? ' (FAILED)' : '';
    console.log(`| ${it.label}${flag} | ${cells.join(' | ')} |`);
    json[it.label] = Object.fromEntries(sides.map((s) => [s.name, { cpu: med(cpu, s.name, it.label), spawned: med(spawned, s.name, it.label), wall: med(wall, s.name, it.label), cpu_rounds: cpu.get(`${s.name}:${it.label}`) }]));
  }
  const sum = (m: Map<string, number[]>, side: string) => items.reduce((t, it) => t + med(m, side, it.label), 0);
  const totalCells = sides.flatMap((s) => [fmt(sum(cpu, s.name)), fmt(sum(spawned, s.name)), fmt(sum(wall, s.name))]);
  if (baseDir) totalCells.push(ratio(sum(cpu, 'this'), sum(cpu, 'base')), ratio(sum(wall, 'this'), sum(wall, 'base')));
  console.log(`| **total of the medians** | ${totalCells.join(' | ')} |`);
  const maxLoad = Math.max(...loads);
  let tail = `medians of ${rounds} interleaved rounds (after ${warmup} warm-up), one file at a time; 1-minute load average ${Math.min(...loads).toFixed(1)}–${maxLoad.toFixed(1)}`;
  if (baseDir) {
    const rs = roundTotals.map((t) => t.this! / t.base!);
    tail += `; the rounds' total CPU this÷base: median ${median(rs).toFixed(2)} (${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)})`;
  }
  if (maxLoad >= 1.5) tail += ' — NOT quiet: wall times and ratios are not reportable (CPU times compare better)';
  console.log(tail);
  if (failed.size) console.log(`failed: ${[...failed].join('; ')}`);
  if (argv.includes('--json')) console.log(JSON.stringify({ files: json, load_1m_max: maxLoad, failed: [...failed] }));
  if (failed.size) process.exitCode = 1;
}

function whole(): void {
  const wall = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const loads: number[] = [];
  for (let round = 0; round < warmup + rounds; round++) {
    const counted = round >= warmup;
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const s of order) {
      const before = waitForQuiet(settle);
      const env = { ...process.env, ...(s.name === 'this' ? thisEnv : {}) };
      delete env.TMPDIR; // run-tests picks /dev/shm itself
      const m = timed([process.execPath, join(s.root, 'scripts', 'run-tests.mjs'), '--times'], s.root, env, join(work, 'time.txt'));
      const pass = /^# pass (\d+)/m.exec(m.out)?.[1];
      const fail = /^# fail (\d+)/m.exec(m.out)?.[1];
      console.log(`round ${round + 1}${counted ? '' : ' (warm-up)'}: ${s.name}: ${fmt(m.wall)} s wall, ${fmt(m.cpu)} s CPU, ${pass ?? '?'} pass, ${fail ?? '?'} fail; load ${before.toFixed(2)} → ${load1().toFixed(2)}`);
      if (m.failed) console.log(failures(m.out));
      // run-tests' own account: CPU per file, when the first test process started, the tail.
      const lines = m.out.split('\n');
      const from = lines.findIndex((l) => l.startsWith('run-tests --times:'));
      const to = lines.findIndex((l) => l.startsWith('first test process'));
      if (from >= 0) console.log(lines.slice(from, to >= from ? to + 1 : from + 1).map((l) => `  ${s.name}: ${l}`).join('\n'));
      if (!counted) continue;
      (wall.get(s.name) ?? wall.set(s.name, []).get(s.name)!).push(m.wall);
      (cpu.get(s.name) ?? cpu.set(s.name, []).get(s.name)!).push(m.cpu);
      loads.push(before);
    }
  }
  const head = ['whole suite (run-tests.mjs, 2 slots)', ...sides.flatMap((s) => [`${s.name} wall s`, `${s.name} CPU s`]), ...(baseDir ? ['wall this÷base', 'CPU this÷base'] : [])];
  console.log(`\n| ${head.join(' | ')} |\n|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  const m = (x: Map<string, number[]>, s: string) => median(x.get(s)!);
  const cells = sides.flatMap((s) => [fmt(m(wall, s.name)), fmt(m(cpu, s.name))]);
  if (baseDir) cells.push(ratio(m(wall, 'this'), m(wall, 'base')), ratio(m(cpu, 'this'), m(cpu, 'base')));
  console.log(`| median of ${rounds} | ${cells.join(' | ')} |`);
  const maxLoad = Math.max(...loads);
  console.log(`1-minute load average at the starts ${Math.min(...loads).toFixed(1)}–${maxLoad.toFixed(1)}${maxLoad >= 1.5 ? ' — NOT quiet: not reportable' : ''}`);
}
