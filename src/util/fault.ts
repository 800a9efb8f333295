// Fault injection: one mechanism for every command that writes. `faultPoint('train:after-bundle')`
// does nothing unless the environment variable EDGELAB_FAULT names that step; then the process
// dies on the spot with SIGKILL (no finally blocks, no exit handlers — exactly what `kill -9` or a
// power cut does). A value ending in `@throw` raises a FaultInjected error instead, for in-process
// tests of undo paths; `@enospc` raises the error a full disk gives (ENOSPC from write(2), shaped
// exactly as node:fs reports it: no path), so the disk-full path runs without a full filesystem.
// `@snapshot` copies the project (EDGELAB_FAULT_COPY=DIR) to DIR.fault-N, N the entry's place in
// a comma-separated list, at the step's first occurrence, and goes on: every write of this
// process is synchronous on its main thread, so the copy is the tree a kill there leaves, and one
// run of a command gives the fault matrix (test/reliability/fault-matrix.ts, which lists every
// step) all its kill points — `a@snapshot,b@snapshot,c` copies at a and b and dies at c.
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readlinkSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

export const FAULT_ENV = 'EDGELAB_FAULT';
export const FAULT_COPY_ENV = 'EDGELAB_FAULT_COPY';

export class FaultInjected extends Error {
  constructor(public readonly step: string) {
    super(`injected fault after ${step}`);
    this.name = 'FaultInjected';
  }
}

const copied = new Set<number>();

/** Die here (or throw, with `@throw`; copy the project, with `@snapshot`) when EDGELAB_FAULT names `step`. */
export function faultPoint(step: string): void {
  const want = process.env[FAULT_ENV];
  if (!want) return;
  want.split(',').forEach((w, n) => {
    // Copied before any kill at the same step (`a@snapshot,a`); once, as a kill happens once.
    if (w === `${step}@snapshot` && !copied.has(n)) {
      copied.add(n);
      const dir = process.env[FAULT_COPY_ENV]!;
      copyTree(dir, `${dir}.fault-${n}`);
    }
    if (w === step) process.kill(process.pid, 'SIGKILL');
    if (w === `${step}@throw`) throw new FaultInjected(step);
    if (w === `${step}@enospc`) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { errno: -28, code: 'ENOSPC', syscall: 'write' });
  });
}

/**
 * A copy of the tree `from` at `to` (absent): every folder with its mode, every file with its
 * bytes, mode and times, every link with its target as written (not resolved). What
 * `cpSync(from, to, { recursive, verbatimSymlinks, preserveTimestamps })` makes, in one walk:
 * cpSync stats every entry and each of its destination's parent folders again, ≈ 2–3× the CPU
 * on a project's hundreds of small files, and the fault matrix copies at ≈ 50 steps per run.
 */
function copyTree(from: string, to: string): void {
  mkdirSync(to);
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, e.name);
    const dst = join(to, e.name);
    if (e.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else if (e.isDirectory()) copyTree(src, dst);
    else if (e.isFile()) {
      const st = statSync(src);
      copyFileSync(src, dst); // the bytes and the mode
      utimesSync(dst, st.atime, st.mtime);
    } else throw new Error(`fault snapshot: ${src} is neither a file, a folder nor a link`);
  }
  chmodSync(to, statSync(from).mode & 0o7777);
}
