// The child-process launcher of test/helpers/spawn.ts: a small node process that starts the
// commands a test process asks for (over its IPC channel) and sends back their output and exit.
// A big test process (a batch of unit files holds 300–700 MB) pays for every fork of its own:
// the kernel write-protects all its pages, and each page it writes afterwards faults once
// (≈ 0.14 s of CPU per fork measured in a batch). This process is small, so its forks are cheap.
// It ends when the test process disconnects, after its children have closed.
import { spawn, type ChildProcess } from 'node:child_process';

interface Request {
  id: number;
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A stdin pipe, ended by a later `{ id, endStdin: true }`; else stdin is ignored. */
  stdin?: boolean;
  /** Run as this user (root only: the reliability suites' permission cases). */
  uid?: number;
  gid?: number;
}

const send = (m: unknown) => process.connected && process.send!(m);
const children = new Map<number, ChildProcess>();

process.on('message', (m: Request | { id: number; endStdin: true }) => {
  if ('endStdin' in m) return void children.get(m.id)?.stdin?.end();
  let child: ChildProcess;
  try {
    const as = m.uid === undefined ? {} : { uid: m.uid, gid: m.gid };
    child = spawn(m.file, m.args, { cwd: m.cwd, env: m.env, stdio: [m.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], ...as });
  } catch (e) {
    return send({ id: m.id, error: { message: (e as Error).message, code: (e as NodeJS.ErrnoException).code } });
  }
  children.set(m.id, child);
  // Raw bytes, decoded chunk by chunk in the test process as a child's own pipe would be.
  child.stdout!.on('data', (d: Buffer) => send({ id: m.id, fd: 1, data: d.toString('base64') }));
  child.stderr!.on('data', (d: Buffer) => send({ id: m.id, fd: 2, data: d.toString('base64') }));
  child.on('error', (e: NodeJS.ErrnoException) => send({ id: m.id, error: { message: e.message, code: e.code } }));
  child.on('close', (code, signal) => {
    children.delete(m.id);
    send({ id: m.id, pid: child.pid, code, signal });
  });
});
