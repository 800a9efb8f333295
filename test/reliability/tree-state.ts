// What the reliability suites know about the files of a project copy — each file's sha256 and
// whether it is whole (a JSON file parses, a CSV file ends with a newline) — read once per
// version of a file, not once per look.
//
// A file is known by its inode and stamp (size, mtime, ctime): a write or a rename changes the
// ctime, which no process can set back, so a file whose inode and stamp are unchanged since it
// was read holds the same bytes. A fresh copy of the prepared project has new inodes, so
// `seedCopy` hands each copied file what is known of its template file, when the copy has the
// template file's size and mtime (the copy keeps mtimes to the millisecond; the files the copy
// rewrites, MLflow's meta.yaml, get a new one and are read). A fault-matrix case then reads only the files its
// command wrote, instead of the whole tree three times (before the kill, after it, after the
// repairs); the same rule as test/support/fault-project.ts's `snapshot`, which has no copies to seed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync, type BigIntStats } from 'node:fs';
import { join, relative } from 'node:path';

interface Known {
  stamp: string;
  hash?: string;
  /** null: whole; otherwise what is wrong with it. */
  torn?: string | null;
}

const known = new Map<string, Known>();
const MS = 1_000_000n;
const id = (st: BigIntStats) => `${st.dev}:${st.ino}`;
const stampOf = (st: BigIntStats) => `${st.size}:${st.mtimeNs}:${st.ctimeNs}`;

/** The entry of the file at `path` as it is now (a new, empty one when it changed). */
function entry(path: string, st = statSync(path, { bigint: true })): Known {
  const stamp = stampOf(st);
  let k = known.get(id(st));
  if (k?.stamp !== stamp) known.set(id(st), (k = { stamp }));
  return k;
}

function tornness(path: string, bytes: Buffer): string | null {
  if (path.endsWith('.json')) {
    try {
      JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      return (e as Error).message;
    }
  } else if (path.endsWith('.csv') && bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) return 'no final newline (torn?)';
  return null;
}

/** Read the file once for both questions. */
function fill(path: string, k: Known): Known {
  if (k.hash === undefined || k.torn === undefined) {
    const bytes = readFileSync(path);
    k.hash = createHash('sha256').update(bytes).digest('hex');
    k.torn = tornness(path, bytes);
  }
  return k;
}

/** Every entry under `dir`: regular files with their stats, symlinks with their targets. */
function walk(dir: string, visit: (rel: string, path: string, st: BigIntStats | null, link: string | null) => void): void {
  const go = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isSymbolicLink()) visit(relative(dir, p), p, null, readlinkSync(p));
      else if (e.isDirectory()) go(p);
      else if (e.isFile()) visit(relative(dir, p), p, statSync(p, { bigint: true }), null);
    }
  };
  if (existsSync(dir)) go(dir);
}

/** After `copy` was copied from `template`: what is known of each unchanged template file holds for its copy. */
export function seedCopy(template: string, copy: string): void {
  walk(copy, (rel, path, st) => {
    if (!st) return;
    let t: BigIntStats;
    try {
      t = statSync(join(template, rel), { bigint: true });
    } catch {
      return;
    }
    // The copy keeps mtimes to the millisecond (cpSync's preserveTimestamps).
    if (t.size !== st.size || t.mtimeNs / MS !== st.mtimeNs / MS) return;
    const from = fill(join(template, rel), entry(join(template, rel), t));
    known.set(id(st), { stamp: stampOf(st), hash: from.hash, torn: from.torn });
  });
}

/** Every file under `dir` (symlinks as `-> target`) with the sha256 of its bytes, by relative path. */
export function treeHashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  walk(dir, (rel, path, st, link) => out.set(rel, st ? fill(path, entry(path, st)).hash! : `-> ${link}`));
  return out;
}

/** The JSON and CSV files under `dir` that are not whole, with why (paths matching `skip` aside). */
export function tornFiles(dir: string, skip: (rel: string) => boolean = () => false): string[] {
  const bad: string[] = [];
  walk(dir, (rel, path, st) => {
    if (!st || skip(rel)) return;
    const torn = fill(path, entry(path, st)).torn;
    if (torn) bad.push(`${rel}: ${torn}`);
  });
  return bad;
}
