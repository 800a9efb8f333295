// What a test run runs and where, shared by scripts/run-tests.mjs (`npm test`) and
// bench/suite.ts (the interleaved A/B bench of the test files), so that the bench runs a file the
// way the suite does: the same file list, the same order hints, the same RAM temporary directory.
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

/** Each file's wall time in the last run (ms), an ordering hint kept in the checkout's node_modules. */
export const TIMES_DB = join('node_modules', '.cache', 'edgelab', 'test-times.json');

/**
 * Times recorded by a whole run on the maintainers' 2-core machine, committed so that a clean
 * clone (CI, a new contributor), which has no record of its own, plans its unit batches and the
 * order of the long files from measured times rather than guesses (with guesses the batches came
 * out uneven and 17.5 slot-seconds idled at the end of a run at load 12–16). Refresh it from
 * TIMES_DB after tests are added or moved; a file it does not know falls back to `guess`.
 */
export const TIMES_SEED = join('scripts', 'test-times.seed.json');

const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
};

/** The last run's times, relative to `cwd` (the checkout), over the committed seed's. */
export function readTimes(cwd = process.cwd()) {
  return { ...readJson(join(cwd, TIMES_SEED)), ...readJson(join(cwd, TIMES_DB)) };
}

/**
 * A file's expected time without a record (a clean clone has none): whole-workflow directories
 * are the slow ones, the reliability suites the slowest (the fault matrix is the suite's longest
 * file; with the same guess as the end-to-end files it started after all 21 of them, in name
 * order); unit tests are short.
 */
export function guess(f) {
  return f.startsWith('test/reliability/') ? 90_000 : /^test\/(e2e|integrity)\//.test(f) ? 60_000 : f.startsWith('test/') ? 10_000 : 2_000;
}

/**
 * The test files under `roots` (directories or files, relative to `cwd`), in name order:
 * *.test.ts, and with `suites` also the long *.suite.ts files. Throws on a root that does not exist.
 */
export function findTestFiles(roots, { suites = false, cwd = process.cwd() } = {}) {
  const pattern = suites ? /\.(test|suite)\.ts$/ : /\.test\.ts$/;
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (pattern.test(name)) files.push(relative(cwd, p));
    }
  };
  for (const r of roots) {
    const abs = resolve(cwd, r);
    let dir;
    try {
      dir = statSync(abs).isDirectory();
    } catch {
      throw new Error(`no such file or directory: ${r}`);
    }
    if (dir) walk(abs);
    else files.push(relative(cwd, abs));
  }
  return files;
}

/**
 * A RAM file system for the run's temporary files when the machine has a roomy one (Linux's
 * /dev/shm), else null (the OS's temporary directory). The tests create, fsync, copy and delete
 * thousands of project files and DuckDB checkpoints; on a disk that is real I/O and system time
 * (on an ext4 mounted with `discard`, every unlink of a copied warehouse waits for the device).
 * What the tests check does not depend on the medium: renames, links, locks and fsync calls
 * behave the same on tmpfs, only without the device. An explicit TMPDIR, or `--disk-tmp`
 * (`onDisk`), keeps the OS's choice.
 */
export function ramTemp(onDisk = false) {
  if (process.env.TMPDIR || onDisk) return null;
  const shm = '/dev/shm';
  try {
    const fs = statfsSync(shm);
    const TMPFS = 0x01021994;
    accessSync(shm, constants.W_OK);
    if (fs.type === TMPFS && fs.bavail * fs.bsize > 4 * 2 ** 30) return shm;
  } catch {
    // no /dev/shm (not Linux) or not usable
  }
  return null;
}

/** The file in a run directory that names the process that made it. */
export const RUN_OWNER = 'runner.pid';
/** A run directory without an owner (made before owners were written) is left alone this long. */
const OWNERLESS_MS = 6 * 3600_000;
const RUN_DIR = /^(et-|edgelab-test-run-)[A-Za-z0-9]{6}$/;

/**
 * A fresh directory for one run's temporary files: on the RAM file system `ram` (ramTemp) as
 * `et-XXXXXX` (a short path: some tests check that printed paths fit 100 columns), else in the
 * OS's temporary directory. It names its owner (this process) so that a later run can tell it
 * was left behind: a run killed before its cleanup (SIGKILL, a closed terminal, a CI timeout)
 * leaves its tree — on /dev/shm, memory held until a reboot (716 MB had piled up in session 14).
 * The run directories of dead owners under the same parent are removed first (sweepDeadRuns).
 */
export function makeRunDir(ram) {
  const parent = ram ?? tmpdir();
  sweepDeadRuns(parent);
  const dir = mkdtempSync(join(parent, ram ? 'et-' : 'edgelab-test-run-'));
  writeFileSync(join(dir, RUN_OWNER), String(process.pid));
  return dir;
}

/** Whether process `pid` exists (EPERM: it does, another user's). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Remove the run directories under `parent` whose owner is gone, and those without an owner file
 * untouched for OWNERLESS_MS (older runs'); a live owner's directory, or one just made whose
 * owner file is not written yet, is kept. A reused PID keeps a dead run's directory (the safe
 * side). Returns the directories removed.
 */
export function sweepDeadRuns(parent) {
  const removed = [];
  let names;
  try {
    names = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!RUN_DIR.test(name)) continue;
    const dir = join(parent, name);
    let dead;
    try {
      const owner = Number(readFileSync(join(dir, RUN_OWNER), 'utf8'));
      dead = Number.isInteger(owner) && owner > 0 ? !alive(owner) : false;
    } catch (e) {
      if (e.code !== 'ENOENT') continue; // not ours to judge (unreadable, not a directory)
      try {
        const st = statSync(dir);
        dead = st.isDirectory() && Date.now() - st.mtimeMs > OWNERLESS_MS;
      } catch {
        continue;
      }
    }
    if (!dead) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // another user's, or being removed by its own run: left
    }
  }
  return removed;
}
