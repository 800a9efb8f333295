// Experiment ids `v2-XXX`: sequential across phases, never reused (archived ones included), and
// distinct for concurrent processes. The ledger (docs/experiments/ids.json) records every id
// handed out; the allocator also respects ids that exist only as directories or conf files, so a
// deleted ledger cannot cause reuse.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.ts';
import { writeJsonAtomic } from './atomic.ts';
import type { Layout, Phase } from './layout.ts';
import { withLockSync } from './lock.ts';

export interface IdEntry {
  id: string;
  phase: Phase;
  name: string;
  /** ISO timestamp. */
  at: string;
  /** `allocated` by allocateId, or `registered` from a conf/experiment file. */
  source: 'allocated' | 'registered';
}

export interface IdLedger {
  version: 1;
  ids: IdEntry[];
}

const ID = /^v2-(\d{3,})$/;
/** A name that starts with an id: `v2-004`, `v2-004_outputs`, `v2-004_vs_baseline.json`. */
const ID_PREFIX = /^v2-(\d{3,})(?=$|[_.])/;

export function formatId(n: number): string {
  return `v2-${String(n).padStart(3, '0')}`;
}

export function idNumber(id: string): number | undefined {
  const m = ID.exec(id);
  return m ? Number(m[1]) : undefined;
}

export function readLedger(layout: Layout): IdLedger {
  if (!existsSync(layout.idLedger)) return { version: 1, ids: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(layout.idLedger, 'utf8'));
  } catch (e) {
    throw new UserError(`cannot read the id ledger ${layout.idLedger}: ${(e as Error).message}`);
  }
  const ids = (parsed as IdLedger | null)?.ids;
  if (!Array.isArray(ids) || ids.some((x) => typeof x?.id !== 'string' || idNumber(x.id) === undefined)) {
    throw new UserError(`the id ledger ${layout.idLedger} is malformed: expected {"version":1,"ids":[{"id":"v2-001",...}]}`);
  }
  return { version: 1, ids };
}

function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Every id number in use anywhere: the ledger, the tree (archive included) and conf/experiment. */
export function usedIdNumbers(layout: Layout): Set<number> {
  const used = new Set<number>();
  for (const e of readLedger(layout).ids) used.add(idNumber(e.id)!);
  const dirs = [
    layout.phaseDir(1),
    layout.phaseDir(2),
    layout.phaseDir(3),
    layout.promotionTestsDir,
    layout.modelsDir('baseline'),
    layout.modelsDir('candidates'),
    layout.deprecatedDir,
  ];
  for (const dir of dirs) {
    for (const name of namesIn(dir)) {
      const m = ID_PREFIX.exec(name);
      if (m) used.add(Number(m[1]));
    }
  }
  const expDir = join(layout.confDir, 'experiment');
  for (const name of namesIn(expDir)) {
    if (!/\.ya?ml$/.test(name)) continue;
    const m = ID_PREFIX.exec(name);
    if (m) used.add(Number(m[1]));
    try {
      const declared = /^\s*id:\s*["']?(v2-\d{3,})["']?\s*(#.*)?$/m.exec(readFileSync(join(expDir, name), 'utf8'));
      if (declared) used.add(idNumber(declared[1]!)!);
    } catch {
      // An unreadable conf file cannot hold an id we could honour; config loading reports it.
    }
  }
  return used;
}

/** The id allocateId would hand out now (read-only; another process may take it first). */
export function nextFreeId(layout: Layout): string {
  let max = 0;
  for (const n of usedIdNumbers(layout)) max = Math.max(max, n);
  return formatId(max + 1);
}

function checkMeta(meta: { phase: Phase; name: string }): void {
  if (![1, 2, 3].includes(meta.phase)) throw new UserError(`experiment phase must be 1, 2 or 3, not ${String(meta.phase)}`);
  if (typeof meta.name !== 'string' || meta.name.trim() === '') throw new UserError('an experiment needs a name');
}

/** Hand out the next id and record it in the ledger (under a lock: safe across processes). */
export function allocateId(layout: Layout, meta: { phase: Phase; name: string }): string {
  checkMeta(meta);
  return withLockSync(layout.idLedgerLock, () => {
    const ledger = readLedger(layout);
    const id = nextFreeId(layout);
    ledger.ids.push({ id, phase: meta.phase, name: meta.name, at: new Date().toISOString(), source: 'allocated' });
    writeJsonAtomic(layout.idLedger, ledger);
    return id;
  });
}

/**
 * Record an id that a conf/experiment file declares. Idempotent for the same name; an id the
 * ledger holds under another name is an error (ids are never reused).
 */
export function registerId(layout: Layout, id: string, meta: { phase: Phase; name: string }): IdEntry {
  checkMeta(meta);
  if (idNumber(id) === undefined) throw new UserError(`bad experiment id '${id}': ids look like v2-001`);
  return withLockSync(layout.idLedgerLock, () => {
    const ledger = readLedger(layout);
    const existing = ledger.ids.find((e) => e.id === id);
    if (existing) {
      if (existing.name !== meta.name) {
        throw new UserError(
          `experiment id ${id} already belongs to '${existing.name}' (phase ${existing.phase}) in ${layout.idLedger}; ` +
            `ids are never reused — the next free id is ${nextFreeId(layout)}`,
        );
      }
      return existing;
    }
    const entry: IdEntry = { id, phase: meta.phase, name: meta.name, at: new Date().toISOString(), source: 'registered' };
    ledger.ids.push(entry);
    ledger.ids.sort((a, b) => idNumber(a.id)! - idNumber(b.id)!);
    writeJsonAtomic(layout.idLedger, ledger);
    return entry;
  });
}
