// Whether anything in a directory tree changed since the last look: an inotify watch (fs.watch,
// one per directory: a recursive watch is not dependable on Linux under Node 20) on every
// directory of the tree, the new ones included. For a test that reads a tree while other
// processes write it (test/reliability/concurrency.test.ts): a read of a tree that has not
// changed since the last read began gives the same answer from the same bytes, so the reader
// reads whenever the tree changed instead of on a clock.
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface TreeChanges {
  /**
   * True if anything under the root was created, written, renamed or removed since the last call
   * (true on the first call). Call it just before reading: a change during the read makes the
   * next call true. Watches the directories made since the last call before it answers.
   */
  take(): boolean;
  close(): void;
}

export function watchTree(root: string): TreeChanges {
  const watchers = new Map<string, { w: FSWatcher; ino: number }>();
  let changed = true;
  let blind = false;
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let ino: number;
    try {
      ino = statSync(dir).ino;
    } catch {
      return; // gone since its parent was listed: its parent's watch saw that
    }
    seen.add(dir);
    const had = watchers.get(dir);
    // A watch follows its directory, not its path: another directory renamed to this path gets one of its own.
    if (had && had.ino !== ino) {
      had.w.close();
      watchers.delete(dir);
    }
    if (!watchers.has(dir)) {
      try {
        // Set up before the directory is listed: an entry made after the listing is an event.
        const w = watch(dir, { persistent: false }, () => (changed = true));
        const entry = { w, ino };
        w.on('error', () => {
          // (the directory went away, or the watch failed: the next call walks the tree again)
          changed = true;
          w.close();
          if (watchers.get(dir) === entry) watchers.delete(dir);
        });
        watchers.set(dir, entry);
      } catch (e) {
        // Gone (renamed or removed) since its parent was listed: its parent's watch saw that.
        // Anything else (no watches left): this directory's changes would go unseen, so every
        // call answers true from now on — a read each time, as without a watch.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && (e as NodeJS.ErrnoException).code !== 'ENOTDIR') blind = true;
        return;
      }
    }
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name));
  };
  return {
    take() {
      if (!changed && !blind) return false;
      changed = false;
      // Directories made since the last look get their watch now (what was written in them
      // before is read by the read this call precedes); gone ones lose theirs.
      seen.clear();
      walk(root);
      for (const [dir, { w }] of watchers) {
        if (!seen.has(dir)) {
          w.close();
          watchers.delete(dir);
        }
      }
      return true;
    },
    close() {
      for (const { w } of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
