// A small prepared project for the reliability suites (fault matrix, concurrency, soak bench):
// five demo seasons, two trained experiments, a champion, a live season whose weeks 1 and 2 were
// run (`week`: score, monitor, validate, predict) and revealed, week 3 validated. Built once through
// the real CLI into a template shared by every suite (and every run) of the same build, then
// copied per case: preparing it costs a dozen CLI runs with two trains, copying it milliseconds.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../helpers/spawn.ts';

export const BIN = fileURLToPath(new URL('../../bin/edgelab.js', import.meta.url));
/** Training overrides that keep a train to a couple of seconds: one development season. */
export const SMALL = ['evaluation.first_season=2016', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=1', 'features.market.offset=false'];
export const DEMO = ['data', 'demo', '--seasons', '2016-2020', '--live-season', '2020', '--quiet'];

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete e.EDGELAB_PROJECT;
  delete e.EDGELAB_ARTIFACTS;
  if (!extra.EDGELAB_FAULT) delete e.EDGELAB_FAULT;
  return e;
}

/** Run as another user (root only: the permission cases need a user the permissions apply to). */
export interface AsUser {
  uid: number;
  gid: number;
}

export function cliSync(dir: string, args: string[], extra: Record<string, string> = {}): Ran {
  const r = spawnSync(process.execPath, [BIN, '--project', dir, ...args], { encoding: 'utf8', env: env(extra) });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

/**
 * The CLI in a child process; `onSpawn` gets the child (to kill it at a random moment). When
 * nothing needs the child itself it is started by runCommand (test/helpers/spawn.ts): through
 * the test launcher once this process is big or has started one, so that the same process is
 * forked from the launcher's small heap rather than this one's.
 */
export async function cli(dir: string, args: string[], extra: Record<string, string> = {}, onSpawn?: (kill: () => void) => void, as?: AsUser): Promise<Ran> {
  if (!onSpawn) {
    const r = await runCommand(process.execPath, [BIN, '--project', dir, ...args], { env: env(extra), cwd: process.cwd(), ...(as ?? {}) });
    return { code: r.code, signal: r.signal, out: r.stdout, err: r.stderr };
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--project', dir, ...args], { env: env(extra), stdio: ['ignore', 'pipe', 'pipe'], ...(as ?? {}) });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
    onSpawn?.(() => child.kill('SIGKILL'));
  });
}

/** The steps that make the project: real commands, in the order a user runs them. */
export const STEPS: string[][] = [
  ['init', '-q'],
  [...DEMO, '--reveal-week', '0'],
  ['train', 'experiment=v2-001', ...SMALL, '--quiet'],
  ['train', 'experiment=v2-002', ...SMALL, '--quiet'],
  ['promote', 'v2-001'],
  ['week', '--season', '2020', '--week', '1'],
  [...DEMO, '--reveal-week', '1'],
  ['week', '--season', '2020', '--week', '2'],
  [...DEMO, '--reveal-week', '2'],
  ['validate', '--season', '2020', '--week', '3'],
];

function build(dir: string): void {
  for (const args of STEPS) {
    const r = cliSync(dir, args);
    if (r.code !== 0) throw new Error(`preparing the project: edgelab ${args.join(' ')} failed (${r.code}): ${r.err}`);
  }
}

/** The template's cache key: the compiled CLI's build stamp and these steps (null: no build, no cache). */
function templateKey(): string | null {
  const stamp = fileURLToPath(new URL('../../dist/.built', import.meta.url));
  if (!existsSync(stamp) || process.env.EDGELAB_FROM_SOURCE === '1') return null;
  return createHash('sha256').update(readFileSync(stamp)).update(String(statSync(stamp).mtimeMs)).update(JSON.stringify(STEPS)).digest('hex').slice(0, 16);
}

/** The lock names its builder's PID; gone when that process is dead (or the lock is 20 minutes old). */
function builderGone(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs > 20 * 60_000) return true;
    const pid = Number(readFileSync(lock, 'utf8'));
    if (!pid) return Date.now() - statSync(lock).mtimeMs > 10_000; // created, PID not yet written
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The shared template for this build: built once (under an exclusive lock file, so two suites
 * starting together build it once), renamed into place whole, reused until the CLI is rebuilt.
 */
function template(): string | null {
  const key = templateKey();
  if (!key) return null;
  // Named by this checkout (several checkouts share one tmpdir) and by the build: a new build of
  // this checkout removes its older templates, never another checkout's.
  const checkout = createHash('sha256').update(fileURLToPath(new URL('../..', import.meta.url))).digest('hex').slice(0, 8);
  const prefix = `edgelab-reliability-template-${checkout}-`;
  const dir = join(tmpdir(), `${prefix}${key}`);
  const lock = `${dir}.lock`;
  while (!existsSync(dir)) {
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // Another suite is building it; a lock whose builder is gone (killed run) is taken over.
      if (builderGone(lock)) rmSync(lock, { force: true });
      sleep(500);
      continue;
    }
    try {
      writeSync(fd, String(process.pid));
      if (existsSync(dir)) break;
      for (const old of readdirSync(tmpdir()).filter((n) => n.startsWith(prefix) && /^[0-9a-f]{16}$/.test(n.slice(prefix.length)))) {
        rmSync(join(tmpdir(), old), { recursive: true, force: true });
      }
      const tmp = mkdtempSync(`${dir}.tmp-`);
      try {
        build(tmp);
      } catch (e) {
        rmSync(tmp, { recursive: true, force: true });
        throw e;
      }
      renameSync(tmp, dir);
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
  return dir;
}

/** A copy of the prepared project in a fresh temporary directory (`ROOT/base`); returns its path. */
export function prepareProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'edgelab-reliability-'));
  const dir = join(root, 'base');
  // EDGELAB_RELIABILITY_BASE: reuse a project prepared earlier (copied, never changed) while iterating.
  const cached = process.env.EDGELAB_RELIABILITY_BASE;
  if (cached && existsSync(join(cached, 'conf', 'config.yaml'))) return copyProject(cached, dir);
  const shared = template();
  if (shared) return copyProject(shared, dir);
  build(dir);
  return dir;
}

export function copyProject(from: string, to: string): string {
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  return to;
}

const hashes = new Map<string, { stamp: string; hash: string }>();
/**
 * Every file under `dir` (symlinks as `-> target`) with the sha256 of its bytes, by relative path.
 * A file whose inode, size, mtime and ctime are those of an earlier call is not read again (the
 * fault matrix hashes a tree before and after every kill): a write or a rename changes its
 * ctime, which no process can set back.
 */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(dir, p);
      if (e.isSymbolicLink()) out.set(rel, `-> ${readlinkSync(p)}`);
      else if (e.isDirectory()) walk(p);
      else {
        const st = statSync(p, { bigint: true });
        const id = `${st.dev}:${st.ino}`;
        const stamp = `${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
        let known = hashes.get(id);
        if (known?.stamp !== stamp) hashes.set(id, (known = { stamp, hash: createHash('sha256').update(readFileSync(p)).digest('hex') }));
        out.set(rel, known.hash);
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}
