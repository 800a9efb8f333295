// The champion registry: models/production/champion_current and champion_previous point at model
// bundles (relative symlinks, or copies with a marker file where symlinks cannot be made).
//
// Two links cannot be renamed in one atomic step, so every change is journalled: the intended
// final state is written atomically to registry.json (with `pending`) BEFORE any link moves, and
// the pending mark is cleared after. Anyone who finds a pending journal rolls it forward. A process
// killed at any instant therefore leaves the old state (journal not yet written) or the new one
// (links completed from the journal) — never a missing, dangling or mixed champion.
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, cpSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { bundleFile, type Layout } from './layout.ts';
import { writeJsonAtomic } from './atomic.ts';
import { withLockSync } from './lock.ts';
import { faultPoint } from '../util/fault.ts';
import { readJsonArtifact } from './read-json.ts';

export const COPY_MARKER = '.edgelab_champion_copy';

export interface ChampionRef {
  id: string;
  /** Absolute path of the bundle the link points at (or of the copy). */
  bundle: string;
}

export interface ChampionEvent {
  action: 'promote' | 'rollback' | 'force-promote';
  at: string;
  current: string | null;
  previous: string | null;
  reason: string;
}

export interface ChampionJournal {
  version: 1;
  current: ChampionRef | null;
  previous: ChampionRef | null;
  /** Set while links are being moved; cleared once they match. */
  pending: boolean;
  mode: 'symlink' | 'copy';
  history: ChampionEvent[];
}

function journalPath(layout: Layout): string {
  return layout.championRegistry;
}

function fault(step: string): void {
  faultPoint(`champion:${step}`);
}

/** Can this filesystem hold symlinks? (Probe by making one in `dir`.) */
export function symlinksSupported(dir: string): boolean {
  // EDGELAB_NO_SYMLINKS=1 forces the copy mode (for filesystems that lie, and for tests).
  if (process.env.EDGELAB_NO_SYMLINKS === '1') return false;
  mkdirSync(dir, { recursive: true });
  const probe = join(dir, `.symlink-probe-${process.pid}-${randomBytes(3).toString('hex')}`);
  try {
    symlinkSync('.', probe);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { force: true });
  }
}

export function readJournal(layout: Layout): ChampionJournal | null {
  const p = journalPath(layout);
  if (!existsSync(p)) return null;
  const j = readJsonArtifact<ChampionJournal>(p, 'champion registry journal');
  return { ...j, current: rebase(layout, j.current), previous: rebase(layout, j.previous) };
}

/**
 * The journal records bundles by absolute path. A project moved or copied to another directory
 * keeps the old paths: a change completed from them would link champion_previous to the old
 * location, out of the tree. A path outside the tree that ends in a bundle home of the same id
 * (models/baseline|candidates/<id>, archive/deprecated/<id>) is read as that home in this tree.
 */
function rebase(layout: Layout, ref: ChampionRef | null): ChampionRef | null {
  if (!ref || typeof ref.bundle !== 'string' || ref.bundle.startsWith(layout.root + sep)) return ref;
  for (const home of [layout.modelBundle(ref.id, 1), layout.modelBundle(ref.id, 2), layout.deprecatedBundle(ref.id)]) {
    if (ref.bundle.endsWith(sep + relative(layout.root, home))) return { ...ref, bundle: home };
  }
  return ref;
}

/** Point `linkPath` at `target` atomically (temp link/copy + rename). null removes it. */
function placeLink(linkPath: string, ref: ChampionRef | null, mode: 'symlink' | 'copy'): void {
  const tmp = join(dirname(linkPath), `.${basename(linkPath)}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`);
  if (ref === null) {
    if (isPresent(linkPath)) {
      renameSync(linkPath, tmp);
      rmSync(tmp, { recursive: true, force: true });
    }
    return;
  }
  if (mode === 'symlink') {
    symlinkSync(relative(dirname(linkPath), ref.bundle), tmp);
    renameSync(tmp, linkPath); // rename(2) replaces a symlink atomically
  } else {
    cpSync(ref.bundle, tmp, { recursive: true });
    writeFileSync(join(tmp, COPY_MARKER), `${ref.id}\n${ref.bundle}\n`);
    if (isPresent(linkPath)) {
      const old = `${tmp}.old`;
      renameSync(linkPath, old);
      renameSync(tmp, linkPath);
      rmSync(old, { recursive: true, force: true });
    } else renameSync(tmp, linkPath);
  }
}

function isPresent(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** What a link (or copy) on disk points at right now; `dangling` when its target is gone. */
export function inspectLink(linkPath: string): { state: 'absent' } | { state: 'ok' | 'dangling'; id: string; bundle: string } {
  if (!isPresent(linkPath)) return { state: 'absent' };
  const st = lstatSync(linkPath);
  if (st.isSymbolicLink()) {
    const bundle = resolve(dirname(linkPath), readlinkSync(linkPath));
    return { state: existsSync(bundleFile(bundle, 'model')) ? 'ok' : 'dangling', id: basename(bundle), bundle };
  }
  const marker = join(linkPath, COPY_MARKER);
  if (existsSync(marker)) {
    const [id = '', bundle = ''] = readFileSync(marker, 'utf8').split('\n');
    return { state: existsSync(bundleFile(linkPath, 'model')) ? 'ok' : 'dangling', id, bundle };
  }
  return { state: 'dangling', id: basename(linkPath), bundle: linkPath };
}

function applyJournal(layout: Layout, j: ChampionJournal): void {
  placeLink(layout.championPrevious, j.previous, j.mode);
  fault('after-previous');
  placeLink(layout.championCurrent, j.current, j.mode);
  fault('after-current');
  writeJsonAtomic(journalPath(layout), { ...j, pending: false });
}

/** Finish a change a killed process left half done. Call with the lock held. */
function recoverLocked(layout: Layout): ChampionJournal | null {
  const j = readJournal(layout);
  if (j && j.pending) applyJournal(layout, j);
  return readJournal(layout);
}

export function recoverChampion(layout: Layout): ChampionJournal | null {
  return withLockSync(layout.lockFile, () => recoverLocked(layout));
}

/** The current and previous champions (rolling a pending change forward first). */
export function readChampion(layout: Layout): { current: ChampionRef | null; previous: ChampionRef | null } {
  const j = readJournal(layout);
  if (j?.pending) recoverChampion(layout);
  const cur = inspectLink(layout.championCurrent);
  const prev = inspectLink(layout.championPrevious);
  return {
    current: cur.state === 'ok' ? { id: cur.id, bundle: cur.bundle } : null,
    previous: prev.state === 'ok' ? { id: prev.id, bundle: prev.bundle } : null,
  };
}

function change(layout: Layout, next: (j: ChampionJournal) => ChampionJournal): ChampionJournal {
  return withLockSync(layout.lockFile, () => {
    mkdirSync(dirname(layout.championCurrent), { recursive: true });
    const prior: ChampionJournal = recoverLocked(layout) ?? {
      version: 1,
      current: null,
      previous: null,
      pending: false,
      mode: symlinksSupported(dirname(layout.championCurrent)) ? 'symlink' : 'copy',
      history: [],
    };
    const j = { ...next(prior), pending: true };
    writeJsonAtomic(journalPath(layout), j);
    fault('after-journal');
    applyJournal(layout, j);
    return { ...j, pending: false };
  });
}

/** Make `ref` the champion; the old champion becomes the previous one. */
export function setChampion(layout: Layout, ref: ChampionRef, reason: string, action: 'promote' | 'force-promote' = 'promote'): ChampionJournal {
  if (!existsSync(bundleFile(ref.bundle, 'model'))) throw new Error(`no model bundle at ${ref.bundle} (model.json missing)`);
  return change(layout, (j) => {
    const previous = j.current && j.current.id !== ref.id ? j.current : j.previous;
    return {
      ...j,
      current: ref,
      previous,
      history: [...j.history, { action, at: new Date().toISOString(), current: ref.id, previous: previous?.id ?? null, reason }],
    };
  });
}

/**
 * Roll back to `target` (by default the previous champion). `below` is what champion_previous
 * points at afterwards: the next rollback target on the registry's stack (champion-stack.ts),
 * never the model just rolled back from.
 */
export function rollbackChampion(layout: Layout, reason: string, target?: ChampionRef, below?: ChampionRef | null): ChampionJournal {
  return change(layout, (j) => {
    const to = target ?? j.previous;
    if (!to) throw new Error('no previous champion to roll back to');
    return {
      ...j,
      current: to,
      previous: below === undefined ? j.current : below,
      history: [...j.history, { action: 'rollback', at: new Date().toISOString(), current: to.id, previous: j.current?.id ?? null, reason }],
    };
  });
}

/** Has `id` ever been the champion or the previous champion (the links now, or the registry's history)? */
export function everChampion(layout: Layout, id: string): boolean {
  const { current, previous } = readChampion(layout);
  if (current?.id === id || previous?.id === id) return true;
  return (readJournal(layout)?.history ?? []).some((e) => e.current === id || e.previous === id);
}
