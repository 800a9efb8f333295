// ZᵀZ on two cores: this thread and the process's helper thread each compute half of the
// upper-triangle tiles (balanced by tile count) over shared memory. Every tile is summed
// exactly as in the one-thread kernel, so the result is bit-identical.
import { helperRunning, postToHelper, signalFlag, waitForFlag } from '../util/helper-thread.ts';
import { gramTiles, mirrorUpper } from './linalg.ts';

/** Multiply-adds above which starting the helper thread (~0.5 s, once) is worth it. */
const COLD_START_WORK = 2e9;
/** Multiply-adds above which a hand-off to a running helper pays. */
const WARM_WORK = 2e7;

/** Whether gramParallel would use the helper for an n×p Gram (so Z should be shared memory). */
export function wantsHelper(n: number, p: number): boolean {
  const work = (n * p * p) / 2;
  return work >= COLD_START_WORK || (work >= WARM_WORK && helperRunning());
}

/** Split 4-column row blocks between two threads with equal tile counts (deterministic). */
export function splitRowBlocks(p: number): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  let wa = 0;
  let wb = 0;
  for (let jb = 0; jb < p; jb += 4) {
    const tiles = (p - jb) / 4;
    if (wa <= wb) (a.push(jb), (wa += tiles));
    else (b.push(jb), (wb += tiles));
  }
  return [a, b];
}

interface GramTask {
  Z: SharedArrayBuffer;
  G: SharedArrayBuffer;
  flags: SharedArrayBuffer;
  n: number;
  p: number;
  rowBlocks: number[];
}

/** Helper-thread side. */
export function gramHelperTask(t: GramTask): void {
  gramTiles(new Float64Array(t.Z), t.n, t.p, new Float64Array(t.G), t.rowBlocks);
  signalFlag(new Int32Array(t.flags), 0, 1);
}

/** ZᵀZ (p×p, row-major) for column-major Z held in a SharedArrayBuffer; p a multiple of 4. */
export function gramParallel(Z: Float64Array, n: number, p: number): Float64Array {
  if (p % 4 !== 0) throw new Error('gram: column count must be a multiple of 4');
  const G = new Float64Array(new SharedArrayBuffer(p * p * 8));
  const [mine, theirs] = splitRowBlocks(p);
  const flags = new Int32Array(new SharedArrayBuffer(4));
  const shared = Z.buffer instanceof SharedArrayBuffer && Z.byteOffset === 0;
  const task: GramTask | null = shared ? { Z: Z.buffer as SharedArrayBuffer, G: G.buffer as SharedArrayBuffer, flags: flags.buffer as SharedArrayBuffer, n, p, rowBlocks: theirs } : null;
  if (task && postToHelper(import.meta.url, 'gramHelperTask', task)) {
    gramTiles(Z, n, p, G, mine);
    waitForFlag(flags, 0, (v) => v === 1, 'ridge gram');
  } else {
    gramTiles(Z, n, p, G, [...mine, ...theirs].sort((x, y) => x - y));
  }
  mirrorUpper(G, p);
  return G;
}
