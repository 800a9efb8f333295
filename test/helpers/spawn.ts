// Run a TypeScript file or the CLI in a child process and collect its output.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO } from './tmp.ts';

// This file's own place: test/helpers/spawn.js in the compiled mirror of a compiled run
// (scripts/build-tests.mjs), test/helpers/spawn.ts in the checkout.
const HERE = fileURLToPath(import.meta.url);
const MIRROR = HERE.endsWith('.js') ? join(dirname(HERE), '..', '..') : null;

/**
 * Node arguments that run the TypeScript file `file` (in the checkout): its compiled twin with
 * plain node when this test runs compiled, else the source through tsx. The child does the same
 * either way; the compiled one starts without tsx's loader (≈ 0.5 s of CPU less per process).
 */
export function tsEntry(file: string): string[] {
  const inside = (root: string) => !relative(root, file).startsWith('..');
  const rel = MIRROR && inside(MIRROR) ? relative(MIRROR, file) : inside(REPO) ? relative(REPO, file) : null;
  const twin = MIRROR && rel !== null ? join(MIRROR, rel.replace(/\.ts$/, '.js')) : null;
  return twin && existsSync(twin) ? [twin] : ['--import', 'tsx', file];
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runTs(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; onStdout?: (chunk: string) => void } = {}): Promise<Ran> {
  return runNode([...tsEntry(file), ...args], opts);
}

/** `node bin/edgelab.js ARGS` with NO_COLOR, in `cwd`. */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Ran> {
  return runNode([join(REPO, 'bin', 'edgelab.js'), ...args], opts);
}

/** `node ARGS` with NO_COLOR (and without the test's project variables), in `cwd` (default: the checkout). */
export function runNode(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; onStdout?: (chunk: string) => void } = {}): Promise<Ran> {
  // The child must find its project from its own options and cwd, not from the test's environment.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.EDGELAB_PROJECT;
  delete env.EDGELAB_ARTIFACTS;
  delete env.EDGELAB_FAULT;
  Object.assign(env, opts.env);
  return runCommand(process.execPath, args, { env, cwd: opts.cwd ?? REPO, onStdout: opts.onStdout });
}

export interface CommandOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  onStdout?: (chunk: string) => void;
  /** Give the command a stdin pipe, ended when this settles (else stdin is ignored). */
  stdinUntil?: Promise<unknown>;
  /** Run as this user (root only). */
  uid?: number;
  gid?: number;
}

export interface Finished extends Ran {
  /** The child's process id (it has exited: a dead process's id, as a stale lock holds). */
  pid: number | undefined;
}

/**
 * `file ARGS` in `cwd` with exactly `env` (stdin ignored, output collected), as spawn() would run
 * it. A test process past BIG_PROCESS has the launcher (test/support/launcher.ts) start it: a
 * fork of a big process costs it ≈ 0.14 s of CPU in page faults afterwards (every page it
 * writes was write-protected by the fork), a fork of the small launcher next to nothing.
 */
export function runCommand(file: string, args: string[], opts: CommandOptions): Promise<Finished> {
  if (!launcher && process.memoryUsage.rss() < BIG_PROCESS) return spawnHere(file, args, opts);
  return new Promise((resolveRun, reject) => {
    let stdout = '';
    let stderr = '';
    const as = opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.gid };
    const endStdin = launch({ file, args, cwd: opts.cwd, env: opts.env, stdin: opts.stdinUntil !== undefined, ...as }, (m) => {
      if (m.error) {
        const e = new Error(m.error.message) as NodeJS.ErrnoException;
        if (m.error.code) e.code = m.error.code;
        return reject(e);
      }
      if (m.data !== undefined) {
        const s = Buffer.from(m.data, 'base64').toString();
        if (m.fd === 1) {
          stdout += s;
          opts.onStdout?.(s);
        } else stderr += s;
        return;
      }
      resolveRun({ code: m.code ?? null, signal: m.signal ?? null, stdout, stderr, pid: m.pid });
    });
    void opts.stdinUntil?.finally(endStdin);
  });
}

function spawnHere(file: string, args: string[], opts: CommandOptions): Promise<Finished> {
  return new Promise((resolveRun, reject) => {
    const as = opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.gid };
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: [opts.stdinUntil ? 'pipe' : 'ignore', 'pipe', 'pipe'], ...as });
    void opts.stdinUntil?.finally(() => child.stdin?.end());
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      opts.onStdout?.(d.toString());
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolveRun({ code, signal, stdout, stderr, pid: child.pid }));
  });
}

/** A test process this big (RSS, bytes) starts its children through the launcher. */
const BIG_PROCESS = 150 * 2 ** 20;

interface Reply {
  id: number;
  fd?: 1 | 2;
  data?: string;
  error?: { message: string; code?: string };
  pid?: number;
  code?: number | null;
  signal?: NodeJS.Signals | null;
}

interface Launcher {
  child: ChildProcess;
  pending: Map<number, (m: Reply) => void>;
}

/**
 * Whether the launcher keeps this process alive: while a command runs. Idle, it is kept for the
 * next command (a batch's files run commands minutes apart: a launcher per command would fork
 * this process as often as before) without holding the process open; when nothing else does,
 * `beforeExit` ends it and this process waits for it, so its CPU and its children's count as
 * this process's children's (what run-tests and the benches read).
 */
function hold(l: Launcher, busy: boolean): void {
  if (busy) {
    l.child.ref();
    l.child.channel?.ref();
  } else {
    l.child.unref();
    l.child.channel?.unref();
  }
}

function endLauncher(): void {
  const l = launcher;
  if (!l) return;
  launcher = null;
  hold(l, true);
  if (l.child.connected) l.child.disconnect();
}

let launcher: Launcher | null = null;
let endsAtExit = false;
let nextId = 0;

/** Hand a request to the launcher (started when there is none) and its replies to `onReply`; returns what ends the command's stdin. */
function launch(req: { file: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv; stdin: boolean; uid?: number; gid?: number }, onReply: (m: Reply) => void): () => void {
  const l = launcher ?? ensureLauncher();
  hold(l, true);
  const id = ++nextId;
  l.pending.set(id, onReply);
  l.child.send({ ...req, id });
  return () => {
    if (l.child.connected && l.pending.has(id)) l.child.send({ id, endStdin: true });
  };
}

/**
 * Start the launcher now (idle, it holds nothing open), so that this process's commands go
 * through it from the first. A test process that will grow big and spawns from the start (the
 * fault matrix, the concurrency suite) calls it while it is still small: the launcher itself is
 * then forked from a small heap, not from the big one.
 */
export function startLauncher(): void {
  ensureLauncher();
}

function ensureLauncher(): Launcher {
  let l = launcher;
  if (!l) {
    const child = spawn(process.execPath, tsEntry(join(REPO, 'test', 'support', 'launcher.ts')), { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const started: Launcher = (l = { child, pending: new Map() });
    child.on('message', (m: Reply) => {
      const to = started.pending.get(m.id);
      if (!to) return;
      if (m.error || m.data === undefined) started.pending.delete(m.id);
      to(m);
      if (started.pending.size === 0 && launcher === started) hold(started, false);
    });
    const gone = (why: string) => {
      if (launcher === started) launcher = null;
      for (const to of started.pending.values()) to({ id: -1, error: { message: `test launcher ${why}` } });
      started.pending.clear();
    };
    child.on('error', (e) => gone(`failed: ${e.message}`));
    child.on('exit', (code, signal) => gone(`exited (${code ?? signal})`));
    if (!endsAtExit) process.on('beforeExit', endLauncher);
    endsAtExit = true;
    launcher = started;
    hold(started, false);
  }
  return l;
}
