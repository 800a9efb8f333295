#!/usr/bin/env node
// Node 20 does not expand globs for `--test`, so we list the test files ourselves and hand
// them to node's own runner (scripts/run-test-files.mjs, keeping `node --test`'s default
// reporter: CI counts its summary lines).
//
// Two files run at a time (two cores; `--slots=N` tries another number). Files are started
// slowest first (times of the last run, kept in node_modules/.cache/edgelab/test-times.json;
// without them, end-to-end directories first), so that a long file does not start last and run
// alone at the end.
// `--times` prints a table of the slowest files after the run (wall and CPU time, including the
// processes a file spawned), when the first test process started, and the run's tail with fewer
// files running than slots (idle slot-seconds). Test files share built projects through a per-run cache directory
// (EDGELAB_TEST_CACHE, see test/helpers/project-cache.ts), removed at the end.
//
// The whole suite (no files named, or `--compiled`) runs the tests compiled to JavaScript with
// plain node (scripts/build-tests.mjs; tsx's loader cost ≈ 0.5 s of CPU per file); files named on
// the command line run from the TypeScript sources through tsx, as does everything with
// `--sources`. The few files that must run from their sources (RUN_FROM_SOURCES) always do.
// A compiled run puts short unit files several to a process (scripts/unit-batches.mjs);
// `--unbatched` runs each in its own.
// `--typecheck` (`npm test`) type-checks the whole project before any test runs and fails on a
// type error: the compile of the tests is the check when they need compiling (one tsc run instead
// of two), else `tsc --noEmit`.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build, distIsStale, TSC_CHECKERS } from './build.mjs';
import { buildTests, COMPILED, compiledPath, testsAreStale } from './build-tests.mjs';
import { findTestFiles, guess, makeRunDir, ramTemp, readTimes, TIMES_DB } from './test-plan.mjs';
import { batchLabel, writeBatches } from './unit-batches.mjs';

// Files that run from their sources even in a compiled run, with why.
// (None now: src/util/pool.test.ts hands its workers the compiled task module when it runs
// compiled, and tests the TypeScript path through the processes it spawns.)
const RUN_FROM_SOURCES = new Set([]);

const args = process.argv.slice(2);
const FLAGS = ['--times', '--compiled', '--sources', '--unbatched', '--typecheck', '--disk-tmp'];
const timesWanted = args.includes('--times');
const typecheck = args.includes('--typecheck');
const slotsArg = args.find((a) => /^--slots=\d+$/.test(a));
const explicit = args.filter((a) => !FLAGS.includes(a) && a !== slotsArg);
let compiled = !args.includes('--sources') && (explicit.length === 0 || args.includes('--compiled'));
const roots = explicit.length ? explicit : ['src', 'test'].filter((d) => existsSync(d));
// `npm test` runs every *.test.ts; a directory named on the command line also gives its long
// *.suite.ts files (`npm run test:reliability` = test/reliability, before and after they join).
let files;
try {
  files = findTestFiles(roots, { suites: explicit.length > 0 });
} catch (e) {
  console.error(`run-tests: ${e.message}`);
  process.exit(2);
}
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
// End-to-end tests spawn the compiled CLI (bin/edgelab.js runs dist/): rebuild it first when a
// source is newer than the last build, so a test never runs yesterday's code.
if (distIsStale()) {
  const err = build();
  if (err) {
    console.error(`run-tests: build failed: ${err}`);
    process.exit(1);
  }
}

const known = readTimes();
const expected = (f) => known[f] ?? guess(f);
const ordered = files.map((f, i) => [f, i]).sort((a, b) => expected(b[0]) - expected(a[0]) || a[1] - b[1]).map(([f]) => f);

let checked = false;
if (compiled && testsAreStale()) {
  const err = buildTests({ check: typecheck });
  if (err?.compiler && typecheck) failTypecheck();
  // A mirror that cannot be built (a read-only node_modules, no compiler) costs speed, not tests.
  if (err) {
    console.error(`run-tests: compiling the tests failed (${err.message}); running them from the sources`);
    compiled = false;
  }
  checked = !err;
}
if (typecheck && !checked) {
  const root = new URL('..', import.meta.url).pathname;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (spawnSync(process.execPath, [tsc, '--noEmit', '-p', root, ...TSC_CHECKERS], { stdio: 'inherit' }).status !== 0) failTypecheck();
}
const ram = ramTemp(args.includes('--disk-tmp'));
const work = makeRunDir(ram);
// On the RAM file system the tests' temporary directories (os.tmpdir() in every test process
// and the CLIs they spawn) are made in this run's directory, removed at the end (a run killed
// before then leaves it behind; the next run removes it: makeRunDir). Its path is short: a test
// prints paths under it and checks that its output fits 100 columns.
const testEnv = ram ? { TMPDIR: work } : {};
const batchWanted = compiled && !args.includes('--unbatched');
const batches = batchWanted ? writeBatches(ordered.filter((f) => !RUN_FROM_SOURCES.has(f)), expected, (f) => known[f], compiledPath, join(work, 'batches')) : [];
const batched = new Set(batches.flatMap((b) => b.members));
const toRun = [
  ...ordered.filter((f) => !batched.has(f)).map((f) => ({ path: !compiled || RUN_FROM_SOURCES.has(f) ? f : compiledPath(f), ms: expected(f) })),
  ...batches.map((b) => ({ path: b.entry, ms: b.ms })),
]
  .sort((a, b) => b.ms - a.ms)
  .map((u) => u.path);
const timesFile = join(work, 'times.jsonl');
const fileTimesFile = join(work, 'file-times.json');
const setup = new URL('./test-setup.mjs', import.meta.url).href;
const started = Date.now();
const runner = new URL('./run-test-files.mjs', import.meta.url).pathname;
// Compiled: test-setup.mjs registers tsx in a process whose test file is TypeScript.
// --interrupt-budget: V8 optimises a function later (10 × its default budget), as the CLI does
// (src/util/tier-up.ts, TIER_UP_BUDGET): a test runs most code a few times, and TurboFan's
// compiles of it were ≈ 15% of a test process's CPU. The whole suite interleaved with and without
// it (bench/suite.ts --whole, 2 rounds each, load 3–5): 268 vs 286 s of CPU (0.94×).
const execArgv = [...(compiled ? ['--enable-source-maps'] : ['--import', 'tsx']), '--interrupt-budget=675840', '--import', setup];
// Ctrl-C reaches the test processes too; this one outlives them to remove the run's directory
// (on /dev/shm it would hold memory until a reboot), then exits non-zero.
process.on('SIGINT', () => {});
const res = spawnSync(process.execPath, [...execArgv, runner, ...toRun], {
  stdio: 'inherit',
  env: { ...process.env, ...testEnv, ...(slotsArg ? { EDGELAB_TEST_SLOTS: slotsArg.slice(8) } : {}), EDGELAB_TEST: '1', EDGELAB_TEST_TIMES: timesFile, EDGELAB_TEST_FILE_TIMES: fileTimesFile, EDGELAB_TEST_CACHE: join(work, 'projects') },
});
const rows = existsSync(timesFile) ? readFileSync(timesFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
let testMs = {};
try {
  testMs = JSON.parse(readFileSync(fileTimesFile, 'utf8'));
} catch {
  // an older runner or a crashed one: batches are shared by expected times
}
rmSync(work, { recursive: true, force: true });
saveTimes(rows);
if (timesWanted) printTimes(rows, Date.now() - started);
process.exit(res.status ?? 1);

function failTypecheck() {
  console.error('run-tests: the type check failed (see above); no tests were run');
  process.exit(1);
}

function saveTimes(rows) {
  if (rows.length === 0) return;
  try {
    const db = readTimes();
    // Only test files that exist keep a time: an entry for anything else is never overwritten
    // again (a "src/workflow/promotion-test.ts", a product module, sat in every run's times since
    // session 10; a renamed or deleted test file's would too).
    for (const f of Object.keys(db)) if (!/\.(test|suite)\.ts$/.test(f) || !existsSync(f)) delete db[f];
    for (const r of rows) {
      const batch = batches.find((b) => b.entry === r.file);
      // A batch's time shared among its files: what each file's tests took (run-test-files.mjs
      // times them by the file that declared them), and the rest of the process's time (start,
      // imports, the load of the machine) in proportion to what each was expected to take.
      // Shared by expectation alone, a file's guessed time was never corrected by its own (the
      // batches planned from such times took 4.5–20 s each in session 8's run, ≈ 12 planned).
      // A batch that took far longer than expected holds a file whose time was wrong (an
      // end-to-end file timed short once, say when it was skipped): its end-to-end files forget
      // their times, run alone next time and are timed on their own; otherwise such a file
      // would stay in a batch, started late, with a share of the batch's time forever.
      const overran = batch && r.wall_ms > 2 * batch.ms + 5000;
      if (batch) {
        const took = (f) => testMs[compiledPath(f)] ?? 0;
        const rest = Math.max(0, r.wall_ms - batch.members.reduce((t, f) => t + took(f), 0));
        for (const f of batch.members) {
          if (overran && !/^(src|test\/architecture)\//.test(f)) delete db[f];
          else db[f] = Math.round(took(f) + (rest * expected(f)) / batch.ms);
        }
      } else db[sourceOf(r.file)] = r.wall_ms;
    }
    mkdirSync(join(TIMES_DB, '..'), { recursive: true });
    const tmp = `${TIMES_DB}.${process.pid}`;
    writeFileSync(tmp, JSON.stringify(db, null, 1) + '\n');
    renameSync(tmp, TIMES_DB);
  } catch {
    // only an ordering hint: a read-only node_modules loses nothing
  }
}

function printTimes(rows, wallMs) {
  rows.sort((a, b) => b.wall_ms - a.wall_ms);
  const s = (ms) => (ms / 1000).toFixed(1).padStart(7);
  const cpu = (r) => r.cpu_ms + r.children_cpu_ms;
  console.log(`\nrun-tests --times: ${rows.length} files, ${s(wallMs).trim()} s wall, CPU ${s(rows.reduce((t, r) => t + cpu(r), 0)).trim()} s (own + spawned)`);
  console.log(`${'wall s'.padStart(7)} ${'cpu s'.padStart(7)} ${'spawned'.padStart(7)}  file`);
  for (const r of rows.slice(0, 30)) console.log(`${s(r.wall_ms)} ${s(cpu(r))} ${s(r.children_cpu_ms)}  ${nameOf(r.file)}`);
  const slots = Number(slotsArg?.slice(8)) || 2;
  const spans = rows.filter((r) => Number.isFinite(r.started) && Number.isFinite(r.ended));
  if (spans.length > slots) {
    // Before the first test process: the build, the type check and the compile of the tests. The
    // tail: from the last moment all slots were busy to the last file's end, the slot-seconds no
    // file ran (the queue was empty while a long file finished).
    const events = spans.flatMap((r) => [[r.started, 1], [r.ended, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let running = 0;
    let drop = events[0][0];
    for (const [t, d] of events) {
      const before = running;
      running += d;
      if (before >= slots && running < slots) drop = t;
    }
    let idle = 0;
    running = 0;
    let prev = events[0][0];
    for (const [t, d] of events) {
      idle += Math.max(0, slots - running) * Math.max(0, t - Math.max(prev, drop));
      prev = t;
      running += d;
    }
    const first = Math.min(...spans.map((r) => r.started));
    const last = Math.max(...spans.map((r) => r.ended));
    console.log(`first test process ${s(first - performance.timeOrigin).trim()} s after the runner started (build and compile of the tests included); the tail (fewer than ${slots} files running) ${s(last - drop).trim()} s with ${s(idle).trim()} idle slot-seconds`);
  }
}

/** What a process ran, for the table: a test file or a batch of them. */
function nameOf(file) {
  const batch = batches.find((b) => b.entry === file);
  return batch ? batchLabel(batch, process.cwd()) : sourceOf(file);
}

/** The test file (relative to the checkout) that a process ran, compiled or not. */
function sourceOf(file) {
  const rel = relative(COMPILED, file);
  return rel.startsWith('..') ? relative(process.cwd(), file) : rel.replace(/\.js$/, '.ts');
}
