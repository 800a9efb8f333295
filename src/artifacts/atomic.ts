// Every artifact write goes through here: write a temporary file beside the target, fsync it,
// rename it over the target, fsync the directory. A process killed at any instant leaves either
// the old file or the new one, never a torn one.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync, existsSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { faultPoint } from '../util/fault.ts';

/** The temporary sibling a write goes through (`.NAME.tmp-PID-HEX`, see LEFTOVER_RE). */
export function tmpName(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

// Directories whose fsync is deferred to the end of the current syncDirsOnce scope.
let deferredDirs: Set<string> | null = null;

/**
 * Run `fn` (synchronous) with each directory fsynced once at its end instead of after every
 * rename: a batch of files in one directory costs one directory fsync, not one per file. Each
 * file is still replaced atomically (fsync before rename); only the durability of the renames
 * waits for the end of the batch. Use it for independent files (MLflow params, the files of a
 * directory being built), never where a later write must not survive without an earlier one.
 */
export function syncDirsOnce<T>(fn: () => T): T {
  if (deferredDirs) return fn();
  const dirs = new Set<string>();
  deferredDirs = dirs;
  try {
    return fn();
  } finally {
    deferredDirs = null;
    for (const d of dirs) fsyncDir(d);
  }
}

function fsyncDir(dir: string): void {
  if (deferredDirs) {
    deferredDirs.add(dir);
    return;
  }
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic there.
  }
}

/**
 * A failed write(2)/fsync(2) names no file (`ENOSPC: no space left on device, write`), a failed
 * open names only the temporary sibling: add the target, so the one-line message says which
 * artifact could not be written. The error keeps its
 * code and syscall (the CLI shows such errors as one line) and says the old version is intact.
 */
export function namingTarget(e: unknown, target: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err.code !== 'string' || typeof err.syscall !== 'string' || err.path === target) return e;
  err.message = `${err.message} (writing ${target}; its previous version, if any, is intact)`;
  err.path = target;
  return err;
}

/** Atomically replace `target` with `data` (parent directories are created). */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = tmpName(target);
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    throw namingTarget(e, target); // the temporary name alone would not say which file
  }
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    // Test hook: `atomic-write@enospc` fails the write as a full disk does.
    faultPoint('atomic-write');
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw namingTarget(e, target);
  }
  closeSync(fd);
  // Test hook: lets a test kill the writer after the temp file is complete but before the rename.
  faultPoint('atomic-before-rename');
  renameSync(tmp, target);
  fsyncDir(dirname(target));
}

/** Atomically write JSON (2-space indent, trailing newline). */
export function writeJsonAtomic(target: string, value: unknown): void {
  writeFileAtomic(target, JSON.stringify(value, null, 2) + '\n');
}

/** A directory write refused because the target exists (directories in the tree are written once). */
export class DirectoryExistsError extends Error {
  constructor(public readonly target: string) {
    super(`${target} exists already: directories in the artifacts tree are written once and never replaced (a retrain is a new id)`);
    this.name = 'DirectoryExistsError';
  }
}

/**
 * Build a whole directory atomically: `build` fills a fresh temporary sibling, which is then
 * renamed into the absent target. The target therefore goes from absent to complete in one
 * rename(2) — there is no moment at which a reader sees half of it, and no moment at which an
 * older version is gone before the new one is in place, because there is no older version:
 * replacing a directory needs two renames (a window in which neither exists), so it is refused
 * with DirectoryExistsError. Things that change (a summary, a journal) are files, replaced by
 * writeFileAtomic. A process killed during `build` leaves only the `.NAME.tmp-PID-HEX` sibling,
 * which `doctor` reports and `doctor --fix` moves to archive/recovered/ (never deletes).
 */
export function writeDirAtomic(target: string, build: (tmpDir: string) => void): void {
  const tmp = startDir(target);
  try {
    // The files inside are new and unseen until the rename: their directories are synced once,
    // before it.
    syncDirsOnce(() => build(tmp));
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw namingTarget(e, target);
  }
  placeDir(tmp, target);
}

/**
 * writeDirAtomic with an asynchronous `build` (one that writes with writeFilesAtomicBatch, whose
 * fsyncs are in flight together): the same contract, the rename only after `build` has settled.
 */
export async function writeDirAtomicAsync(target: string, build: (tmpDir: string) => Promise<void>): Promise<void> {
  const tmp = startDir(target);
  try {
    await build(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw namingTarget(e, target);
  }
  placeDir(tmp, target);
}

/** The fresh temporary sibling a directory is built in (the target must not exist). */
function startDir(target: string): string {
  mkdirSync(dirname(target), { recursive: true });
  if (existsSync(target)) throw new DirectoryExistsError(target);
  const tmp = tmpName(target);
  mkdirSync(tmp, { recursive: true });
  return tmp;
}

/** Rename a complete temporary directory into the absent target. */
function placeDir(tmp: string, target: string): void {
  faultPoint('atomic-dir-before-rename');
  try {
    // rename(2) onto an existing non-empty directory fails (ENOTEMPTY/EEXIST): a concurrent
    // writer that got there first wins, and ours is refused rather than merged.
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new DirectoryExistsError(target);
    throw e;
  }
  fsyncDir(dirname(target));
}

/** The name pattern of interrupted writes' leftovers: `.NAME.tmp-PID-HEX` (and `.NAME.old-PID-HEX` of older versions). */
export const LEFTOVER_RE = /^\.(.+)\.(tmp|old)-(\d+)-[0-9a-f]{8}$/;
