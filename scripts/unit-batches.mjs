// Short test files run several to a process in a compiled run (run-tests.mjs): alone, each pays
// a node start, the test setup and the loading of the modules it shares with the others
// (≈ 0.3–0.5 s of CPU here), most of a small file's time. A batch is a generated entry that
// imports its files in name order; their top-level tests register with the one root test, so
// node's runner reports and counts every test as before (the summary lines CI reads are the
// same), and a failure's location and stack still name the .ts file and line.
//
// Node 20 has no --experimental-test-isolation=none, hence the entry. Only files that leave the
// process as they found it share one: without root-level beforeEach/afterEach hooks (those
// would run around every other file's tests too; root-level before/after run once, before
// that file's first test and after the batch's last). Files that change process.env restore it
// in a finally (checked when this was written: atomic-batch, champion, output, cfbd pull, cores,
// archive); none changes the working directory, exitCode or globals.
//
// Two batches, one per runner slot: each process loads the product modules its files share
// (DuckDB, vega, resvg, zod, the models …) and warms up the same code, so the fewer processes
// the unit files share, the less they pay for that. Loading the unit files alone (no test run)
// cost 15.5 s of CPU in 16 processes, 8.3 s in 4, 5.4 s in 2; whole runs of the unit files took
// 99.8 s of CPU in 16 batches, 97.6 s in 4 and 88.4 s in 2 (medians of 3 interleaved rounds at
// load 13–23, session 10). One batch was cheaper still in session 12 (a median 109.5 s of CPU
// against 118.6 s in two, 4 interleaved rounds at load 6–15, ratios 0.83–1.09), but one process
// of ≈ 115 s is then the run's critical path by itself: npm test took 129.8 s with it (the batch
// 117.6 s wall after ≈ 10 s of build and compile: no order could end the run before it), so two it is — two batches of ≈ 55 s start first
// in a run's longest-first order and leave the end of the run to the shorter files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/** How many batches the unit files make: few enough to share loads, enough to balance the end of the run. */
const BATCHES = 2;

/**
 * An end-to-end file joins a batch when the last run timed it below this share of the unit
 * files' total (1/16, what it was when the unit files made 16 batches): its own process would
 * cost more than its tests, while the longer ones stay alone and spread over the two slots.
 */
const SHORT_E2E_SHARE = 1 / 16;

/**
 * Long end-to-end and reliability files that share a process, a group to a process (beside the
 * unit batches), instead of one each. The files of a group load the same product modules and
 * DuckDB and run the same code (the CLI in process, test/helpers/cli-in-process.ts, and the
 * workflows it calls: features, training, the weekly loop; the fault matrix's halves and the
 * reliability project's doctor, repairs and reruns): alone, each loads and warms it up from
 * cold; together the later files find it loaded and optimised. Their tests, hooks and checks are
 * the same (root-level before/after only, like the unit batches' files); the processes they
 * spawn are the same processes.
 */
const GROUPS = [
  ['test/e2e/leagues-cfb.test.ts', 'test/e2e/leagues-nfl.test.ts', 'test/e2e/production.test.ts', 'test/integrity/production-routes.test.ts', 'test/integrity/workflow-routes.test.ts'],
  ['test/reliability/fault-matrix-experiments.test.ts', 'test/reliability/fault-matrix-weekly.test.ts'],
];

/** Whether a test file (its TypeScript source, relative) can share a process with others. */
function shareable(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  return !/^\s*(beforeEach|afterEach)\(/m.test(text);
}

/**
 * The files (sources, relative) that run in batches, and the batches, written into `dir` as
 * entries that import their compiled twins: `{ entry, members, ms }[]`, `ms` the sum of the
 * members' expected times. `known(f)` is a file's time in the last run (undefined if none).
 * The unit files (src/) and the import-graph test are batched unless one alone would fill a
 * batch; a short end-to-end file only when the last run timed it below SHORT_E2E_SHARE of them
 * (test/reliability/ files never). The files of each of GROUPS make one more batch.
 */
export function writeBatches(files, expected, known, compiledPath, dir) {
  const units = files.filter((f) => /^(src|test\/architecture)\//.test(f) && shareable(f));
  const total = units.reduce((s, f) => s + expected(f), 0);
  // A unit file longer than a batch would stay alone (none is, with two batches).
  const short = (limit) => (f) => expected(f) < limit;
  const group = GROUPS.map((g) => files.filter((f) => g.includes(f) && shareable(f)))
    .filter((members) => members.length >= 2)
    .map((members) => ({ ms: members.reduce((s, f) => s + expected(f), 0), members }));
  const chosen = [
    ...units.filter(short(total / BATCHES)),
    ...files.filter((f) => /^test\/(e2e|integrity)\//.test(f) && !group.some((g) => g.members.includes(f)) && known(f) !== undefined && short(total * SHORT_E2E_SHARE)(f) && shareable(f)),
  ];
  const batchedUnits = chosen.length < 2 ? [] : chosen;
  if (batchedUnits.length === 0 && group.length === 0) return [];
  const bins = Array.from({ length: Math.min(BATCHES, batchedUnits.length) }, () => ({ ms: 0, members: [] }));
  // Longest first into the emptiest batch: batches of about the same length.
  for (const f of [...batchedUnits].sort((a, b) => expected(b) - expected(a) || a.localeCompare(b))) {
    const bin = bins.reduce((m, b) => (b.ms < m.ms ? b : m));
    bin.ms += expected(f);
    bin.members.push(f);
  }
  mkdirSync(dir, { recursive: true });
  // A unit batch's in-process CLI from the product modules its files import (test/helpers/batch-setup.ts;
  // absent in an older checkout a bench compares with). The groups' files choose for themselves.
  const setup = compiledPath('test/helpers/batch-setup.ts');
  const first = existsSync(setup) ? [`import ${JSON.stringify(pathToFileURL(setup).href)};`] : [];
  return [...bins, ...group]
    .filter((b) => b.members.length > 0)
    .map((b, i) => {
      const members = b.members.sort();
      const entry = join(dir, `batch-${i + 1}.mjs`);
      const lines = [...(bins.includes(b) ? first : []), ...members.map((f) => `import ${JSON.stringify(pathToFileURL(compiledPath(f)).href)};`)];
      writeFileSync(entry, `// ${members.length} test files in one process (scripts/unit-batches.mjs)\n${lines.join('\n')}\n`);
      return { entry, members, ms: b.ms };
    });
}

/** The name a batch goes by in run-tests' table of times. */
export function batchLabel(batch, cwd) {
  const shown = batch.members.slice(0, 3).map((f) => relative(cwd, f)).join(', ');
  return `${batch.members.length} files in one process: ${shown}${batch.members.length > 3 ? ', …' : ''}`;
}
