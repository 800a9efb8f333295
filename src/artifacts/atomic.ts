// Every artifact write goes through here: write a temporary file beside the target, fsync it,
// rename it over the target, fsync the directory. A process killed at any instant leaves either
// the old file or the new one, never a torn one.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync, existsSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

function tmpName(target: string): string {
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

/** Atomically replace `target` with `data` (parent directories are created). */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = tmpName(target);
  const fd = openSync(tmp, 'w');
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  // Test hook: lets a test kill the writer after the temp file is complete but before the rename.
  if (process.env.EDGELAB_FAULT === 'atomic-before-rename') process.kill(process.pid, 'SIGKILL');
  renameSync(tmp, target);
  fsyncDir(dirname(target));
}

/** Atomically write JSON (2-space indent, trailing newline). */
export function writeJsonAtomic(target: string, value: unknown): void {
  writeFileAtomic(target, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Build a whole directory atomically: `build` fills a fresh temporary directory, which is then
 * renamed into place. An existing target is moved aside first and removed only after the new one
 * is in place, so a crash leaves the old directory or the new one (plus, at worst, a stale
 * `.old-*` sibling that `doctor` can clean).
 */
export function writeDirAtomic(target: string, build: (tmpDir: string) => void): void {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = tmpName(target);
  mkdirSync(tmp, { recursive: true });
  try {
    // The files inside are new and unseen until the rename: their directories are synced once,
    // before it.
    syncDirsOnce(() => build(tmp));
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (existsSync(target)) {
    const old = join(dirname(target), `.${basename(target)}.old-${process.pid}-${randomBytes(4).toString('hex')}`);
    renameSync(target, old);
    renameSync(tmp, target);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(tmp, target);
  }
  fsyncDir(dirname(target));
}
