// What the reliability suites know about the files of a project copy — each file's sha256 and
// whether it is whole (a JSON file parses, a CSV file ends with a newline) — read once per
// version of a file, not once per look.
//
// A file is known by its inode and stamp (size, mtime, ctime): a write or a rename changes the
// ctime, which no process can set back, so a file whose inode and stamp are unchanged since it
// was read holds the same bytes. A fresh copy of the prepared project has new inodes, so
// `copyKnown` copies it and hands each copied file what is known of its template file as it goes
// (MLflow's meta.yaml files, which the copy rewrites, are read). A fault-matrix case then reads
// only the files its command wrote, instead of the whole tree three times (before the kill, after
// it, after the repairs); the same rule as test/support/fault-project.ts's `snapshot`, which has
// no copies to seed.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, rmdirSync, statSync, unlinkSync, type BigIntStats } from 'node:fs';
import { copyProject } from '../helpers/project-cache.ts';

interface Known {
  stamp: string;
  hash?: string;
  /** null: whole; otherwise what is wrong with it. */
  torn?: string | null;
}

const known = new Map<string, Known>();
const id = (st: BigIntStats) => `${st.dev}:${st.ino}`;
const stampOf = (st: BigIntStats) => `${st.size}:${st.mtimeNs}:${st.ctimeNs}`;

/** The entry of the file at `path` as it is now (a new, empty one when it changed). */
function entry(path: string, st = statSync(path, { bigint: true })): Known {
  const stamp = stampOf(st);
  let k = known.get(id(st));
  if (k?.stamp !== stamp) known.set(id(st), (k = { stamp }));
  return k;
}

/** What is wrong with a JSON file's text (null: it parses). */
function jsonTornness(bytes: Buffer): string | null {
  try {
    JSON.parse(bytes.toString('utf8'));
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The size of the bytes of each hash taken (what `holds` narrows a search by). */
const sizes = new Map<string, number>();

/**
 * The buffer every file but a JSON one is read through, in pieces: the trees hold a 7 MB
 * warehouse, plots and MLflow copies, read again in every fresh copy, and a new buffer per file
 * is fresh memory (≈ 3.6 ms/MB to touch on this machine) and external memory that hastens a
 * full collection of this process's large heap.
 */
const piece = Buffer.allocUnsafe(1 << 20);

/** Read the file once for both questions: its hash, and whether it is whole (a JSON file parses, a CSV file ends with a newline). */
function fill(path: string, k: Known): Known {
  if (k.hash === undefined || k.torn === undefined) {
    const hash = createHash('sha256');
    let size = 0;
    let last = -1;
    if (path.endsWith('.json')) {
      const bytes = readFileSync(path);
      hash.update(bytes);
      size = bytes.length;
      k.torn = jsonTornness(bytes);
    } else {
      const fd = openSync(path, 'r');
      try {
        for (let n; (n = readSync(fd, piece, 0, piece.length, null)) > 0; size += n) {
          hash.update(piece.subarray(0, n));
          last = piece[n - 1]!;
        }
      } finally {
        closeSync(fd);
      }
      k.torn = path.endsWith('.csv') && size > 0 && last !== 0x0a ? 'no final newline (torn?)' : null;
    }
    k.hash = hash.digest('hex');
    sizes.set(k.hash, size);
  }
  return k;
}

/**
 * Every entry under `dir`: regular files with their stats, symlinks with their targets (and
 * folders, to `folder`). With `only`, the regular files whose relative path it refuses are
 * passed over unstated (a question about some files need not stat the others).
 */
function walk(dir: string, visit: (rel: string, path: string, st: BigIntStats | null, link: string | null) => void, folder?: (rel: string, path: string) => void, only?: (rel: string) => boolean): void {
  // Paths by concatenation: path.join and path.relative normalise every one of the thousands of
  // entries a walk meets, and these are built from names readdir gave.
  const go = (d: string, under: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = `${d}/${e.name}`;
      const rel = under ? `${under}/${e.name}` : e.name;
      if (e.isSymbolicLink()) visit(rel, p, null, readlinkSync(p));
      else if (e.isDirectory()) {
        folder?.(rel, p);
        go(p, rel);
      } else if (e.isFile() && (!only || only(rel))) visit(rel, p, statSync(p, { bigint: true }), null);
    }
  };
  if (existsSync(dir)) go(dir.replace(/\/+$/, '') || '/', '');
}

/**
 * A copy of the project `template` at `dest` (which must not exist), made and known in one walk:
 * `copyProject`'s (test/helpers/project-cache.ts: the same bytes, modes and mtimes, the
 * template's path rewritten in MLflow's `meta.yaml` files and in links), each copied file known
 * by what is known of its template file as it goes, so no second walk re-reads the copy.
 * Returns the copy's tree hashes, as `treeHashes(dest)` would.
 */
export function copyKnown(template: string, dest: string): Map<string, string> {
  const hashes = new Map<string, string>();
  copyProject(template, dest, (rel, dst, c) => {
    if ('link' in c) hashes.set(rel, `-> ${c.link}`);
    // A rewritten file's bytes are the copy's own (read when asked).
    else if (c.rewritten) hashes.set(rel, fill(dst, entry(dst)).hash!);
    else {
      const from = fill(c.src, entry(c.src, c.st));
      const copied = statSync(dst, { bigint: true });
      known.set(id(copied), { stamp: stampOf(copied), hash: from.hash, torn: from.torn });
      hashes.set(rel, from.hash!);
    }
  });
  return hashes;
}

/** Every file under `dir` (symlinks as `-> target`) with the sha256 of its bytes, by relative path. */
export function treeHashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  walk(dir, (rel, path, st, link) => out.set(rel, st ? fill(path, entry(path, st)).hash! : `-> ${link}`));
  return out;
}

/** A file (or link) of a tree as `treeFiles` gives it: its size (-1: a link) and its hash as `treeHashes` gives it, read when first asked. */
export interface TreeFile {
  size: number;
  hash: () => string;
}

/**
 * Every file under `dir` as `treeHashes` has it, with the bytes read only when a hash is asked
 * for: a question that needs the hashes of some files (is this one unchanged? is that content
 * anywhere?) reads those, not the whole tree (a fresh copy's warehouse, its MLflow store).
 */
export function treeFiles(dir: string): Map<string, TreeFile> {
  const out = new Map<string, TreeFile>();
  walk(dir, (rel, path, st, link) => out.set(rel, st ? { size: Number(st.size), hash: () => fill(path, entry(path, st)).hash! } : { size: -1, hash: () => `-> ${link}` }));
  return out;
}

const bySize = new WeakMap<Map<string, TreeFile>, Map<number, TreeFile[]>>();
/** Does a file of `files` hold the bytes hashed `hash` (a link: point where `-> target` says)? Only files of that size are read. */
export function holds(files: Map<string, TreeFile>, hash: string): boolean {
  let index = bySize.get(files);
  if (!index) {
    index = new Map();
    for (const f of files.values()) index.set(f.size, [...(index.get(f.size) ?? []), f]);
    bySize.set(files, index);
  }
  const size = hash.startsWith('-> ') ? -1 : sizes.get(hash);
  // A hash of unknown size (none here: every hash is taken through `fill`) is looked for everywhere.
  const candidates = size === undefined ? [...files.values()] : (index.get(size) ?? []);
  return candidates.some((f) => f.hash() === hash);
}

/** The JSON and CSV files under `dir` that are not whole, with why (paths matching `skip` aside). */
export function tornFiles(dir: string, skip: (rel: string) => boolean = () => false): string[] {
  const bad: string[] = [];
  // Only JSON and CSV files can be torn here (`fill`): the others are neither read nor stated
  // (most of a project's files are MLflow's extensionless params, metrics and tags).
  walk(
    dir,
    (rel, path, st) => {
      if (!st) return;
      const torn = fill(path, entry(path, st)).torn;
      if (torn) bad.push(`${rel}: ${torn}`);
    },
    undefined,
    (rel) => /\.(json|csv)$/.test(rel) && !skip(rel),
  );
  return bad;
}

/**
 * Every entry of the tree `dir` as what it is: a folder (with its mode), a file (its mode and
 * bytes' hash) or a link (its target), by relative path. Two trees with equal states are the
 * same tree, times (and owners) aside.
 */
export function treeState(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const mode = (n: number | bigint) => (Number(n) & 0o7777).toString(8);
  walk(
    dir,
    (rel, path, st, link) => out.set(rel, st ? `file ${mode(st.mode)} ${fill(path, entry(path, st)).hash}` : `link -> ${link}`),
    (rel, path) => out.set(rel, `folder ${mode(statSync(path).mode)}`),
  );
  return out;
}

/** What differs between two tree states: `path: entry in x ≠ entry in y` for every entry one has and the other has not or has otherwise. */
export function stateDifferences(x: Map<string, string>, y: Map<string, string>): string[] {
  return [...new Set([...x.keys(), ...y.keys()])].sort().filter((rel) => x.get(rel) !== y.get(rel)).map((rel) => `${rel}: ${x.get(rel) ?? 'none'} ≠ ${y.get(rel) ?? 'none'}`);
}

/**
 * What differs between the trees `a` and `b` (their `treeState`s), as `path: entry in a ≠ entry
 * in b`. Empty: the same tree (times aside).
 */
export function treeDifferences(a: string, b: string): string[] {
  return stateDifferences(treeState(a), treeState(b));
}

/**
 * Remove the tree `dir` (absent: nothing to do). What `rmSync(dir, { recursive, force })` does
 * to a project copy, for half its CPU: rmSync lstats every entry and retries; a copy holds only
 * folders, files and links this process may remove.
 */
export function removeTree(dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const e of entries) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) removeTree(p);
    else unlinkSync(p);
  }
  rmdirSync(dir);
}
