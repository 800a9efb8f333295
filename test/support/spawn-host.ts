// A small process that starts the reliability suites' CLI processes on their behalf.
//
// A process that forks write-protects its own memory: after every spawn, the first write to each
// page of the parent's heap faults again (≈ 10–16 µs a fault on this VM). The fault matrix's and
// the concurrency suite's test processes hold a large heap (the CLI and DuckDB loaded in process,
// the prepared project's hashes, the reruns' data) and spawn a CLI process per case: measured on
// a 200 MB heap, 16 spawns cost 13 s of CPU in faults. The host is started while the test process
// is still small (when the suite's module loads); it forks from its own small heap, and the CLI
// processes are the same processes (argv, environment, stdio, exit code or signal) started one
// step further away. The host reaps them and is itself reaped by the test process
// (`stopSpawnHost`, in a root-level `after`), so their CPU still counts as the test process's
// children's (run-tests --times, bench/suite.ts).
import { spawn, type ChildProcess } from 'node:child_process';

/** What a process the host ran ended with (as `child_process`'s 'close' event gives it). */
export interface HostRan {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

export interface HostSpawnOptions {
  env: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
}

interface Request extends HostSpawnOptions {
  id: number;
  file: string;
  args: string[];
}

type Reply = { id: number; error: string } | ({ id: number } & HostRan);

/** The host: spawns what it is asked to, collects stdout and stderr, answers when the process is gone. */
const HOST = `
const { spawn } = require('node:child_process');
const kids = new Set();
process.on('message', (m) => {
  const child = spawn(m.file, m.args, { env: m.env, stdio: ['ignore', 'pipe', 'pipe'], ...(m.uid === undefined ? {} : { uid: m.uid, gid: m.gid }) });
  kids.add(child);
  const out = [];
  const err = [];
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => err.push(d));
  child.on('error', (e) => { kids.delete(child); process.send({ id: m.id, error: e.message }); });
  child.on('close', (code, signal) => {
    kids.delete(child);
    process.send({ id: m.id, code, signal, out: Buffer.concat(out).toString(), err: Buffer.concat(err).toString() });
  });
});
process.on('disconnect', () => {
  for (const k of kids) k.kill('SIGKILL');
  if (kids.size === 0) process.exit(0);
  setInterval(() => kids.size === 0 && process.exit(0), 10);
});
`;

let host: ChildProcess | null = null;
let exited: Promise<void> | null = null;
let next = 0;
const waiting = new Map<number, { resolve: (r: HostRan) => void; reject: (e: Error) => void }>();

/** Keep this process alive only while the host runs something for it. */
function holdWhilePending(): void {
  if (waiting.size > 0) host?.channel?.ref();
  else host?.channel?.unref();
}

/** Start the host (once; call it early, while this process is small). */
export function startSpawnHost(): void {
  if (host) return;
  const h = spawn(process.execPath, ['-e', HOST], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  host = h;
  exited = new Promise((resolve) => h.once('exit', () => resolve()));
  h.on('message', (m: Reply) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    holdWhilePending();
    if ('error' in m) w.reject(new Error(m.error));
    else w.resolve({ code: m.code, signal: m.signal, out: m.out, err: m.err });
  });
  h.once('exit', (code, signal) => {
    if (host === h) host = null;
    for (const w of waiting.values()) w.reject(new Error(`the spawn host ended (${signal ?? `exit ${code}`}) before its process`));
    waiting.clear();
  });
  h.unref();
  holdWhilePending();
}

/** Whether the host is running (its processes are started through it). */
export function spawnHostRunning(): boolean {
  return host !== null;
}

/** `file ARGS` started by the host: resolves when the process is gone (reaped). */
export function hostSpawn(file: string, args: string[], opts: HostSpawnOptions): Promise<HostRan> {
  const h = host;
  if (!h) return Promise.reject(new Error('the spawn host is not running (startSpawnHost)'));
  const id = ++next;
  const request: Request = { id, file, args, ...opts };
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    holdWhilePending();
    h.send(request);
  });
}

/** Stop the host and wait until it is reaped (its processes' CPU then counts as this process's children's). */
export async function stopSpawnHost(): Promise<void> {
  const h = host;
  const gone = exited;
  if (!h) return;
  host = null;
  h.ref(); // this process waits for the host's exit
  h.disconnect();
  await gone;
}
