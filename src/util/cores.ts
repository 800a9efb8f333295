// The cores this process may use for its own threads (fold workers, GBDT threads, plot helpers).
// Normally the machine's; a parent that runs several edgelab processes side by side (sweep
// --workers N) hands each child its share in EDGELAB_CORES, so that N processes do not each
// start a full set of threads on the same cores. Thread counts never change results (fits are
// bit-identical for any worker count), only how busy the machine is.
import { availableParallelism } from 'node:os';

export const CORES_ENV = 'EDGELAB_CORES';

export function cores(): number {
  const machine = availableParallelism();
  const given = process.env[CORES_ENV];
  if (given === undefined || given === '') return machine;
  const n = Number(given);
  // A malformed value is ignored rather than refused: it only ever tunes speed.
  return Number.isInteger(n) && n >= 1 ? Math.min(n, machine) : machine;
}

/** Each of `processes` side-by-side children's share of this process's cores (at least 1). */
export function coresPerProcess(processes: number): number {
  return Math.max(1, Math.floor(cores() / Math.max(1, processes)));
}
