// Fault injection: one mechanism for every command that writes. `faultPoint('train:after-bundle')`
// does nothing unless the environment variable EDGELAB_FAULT names that step; then the process
// dies on the spot with SIGKILL (no finally blocks, no exit handlers — exactly what `kill -9` or a
// power cut does). A value ending in `@throw` raises a FaultInjected error instead, for in-process
// tests of undo paths; `@enospc` raises the error a full disk gives (ENOSPC from write(2), shaped
// exactly as node:fs reports it: no path), so the disk-full path runs without a full filesystem.
// The test matrix (test/reliability/fault-matrix.ts) lists every step.
export const FAULT_ENV = 'EDGELAB_FAULT';

export class FaultInjected extends Error {
  constructor(public readonly step: string) {
    super(`injected fault after ${step}`);
    this.name = 'FaultInjected';
  }
}

/** Die here (or throw, with `@throw`) when EDGELAB_FAULT names `step`. */
export function faultPoint(step: string): void {
  const want = process.env[FAULT_ENV];
  if (!want) return;
  if (want === step) process.kill(process.pid, 'SIGKILL');
  if (want === `${step}@throw`) throw new FaultInjected(step);
  if (want === `${step}@enospc`) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { errno: -28, code: 'ENOSPC', syscall: 'write' });
}
