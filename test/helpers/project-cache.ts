// Built projects shared between tests: a project that takes seconds of CPU to make (a demo
// league loaded, experiments trained) is built once per test run under a key and copied for
// each test that needs it — copying costs milliseconds, building costs seconds.
//
// The cache lives in EDGELAB_TEST_CACHE (run-tests.mjs makes one per run and removes it after),
// shared by the test files running side by side: one file builds a key while the others wait
// for it. Run directly (node --test FILE), each process has its own cache.
//
// A copy is a project of its own: the paths to the template that are used as paths (MLflow's
// artifact locations in meta.yaml, absolute links) are rewritten to the copy's, so nothing a test
// does to its copy reaches the template or another test's copy. Other files are copied byte for
// byte (some record content hashes of others).
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './tmp.ts';

let ownRoot: string | null = null;
function cacheRoot(): string {
  const shared = process.env.EDGELAB_TEST_CACHE;
  if (shared) {
    mkdirSync(shared, { recursive: true });
    return shared;
  }
  ownRoot ??= tempDir('edgelab-test-cache-');
  return ownRoot;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The template project for `key`, built by `build(dir)` into an empty directory if no test of
 * this run has built it yet. Never modify the template: `copyProject` it.
 */
export async function cachedProject(key: string, build: (dir: string) => void | Promise<void>): Promise<string> {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(key)) throw new Error(`project cache: bad key ${key}`);
  const root = cacheRoot();
  const done = join(root, key);
  const lock = join(root, `${key}.lock`);
  for (;;) {
    if (existsSync(done)) return done;
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another file is building it. A builder that died leaves its lock: after 10 minutes,
      // stop waiting and build here.
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if (age > 600_000) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      await sleep(100);
    }
  }
  const building = join(root, `${key}.building-${process.pid}`);
  try {
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building);
    await build(building);
    // The template is built where it will stay: paths inside it name `done`.
    renameSync(building, done);
    rewritePaths(done, building, done);
  } finally {
    rmSync(building, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
  return done;
}

/**
 * A copy of a template project at `dest` (which must not exist), with its paths made its own.
 * One walk that copies and rewrites as it goes: `cpSync` stats each entry several times over and a
 * second walk rewrote the paths, ≈ 3× the CPU of this on a trained project's thousands of small
 * files (MLflow keeps one file per parameter). Files keep their mode and times, folders their
 * mode; `seen` hears of each file and link as it is copied (the reliability suites' copyKnown).
 */
export function copyProject(template: string, dest: string, seen?: (rel: string, dst: string, copied: CopiedEntry) => void): string {
  mkdirSync(dest, { recursive: true });
  const visit = (from: string, to: string, rel: string) => {
    const mode = statSync(from).mode & 0o7777;
    if ((statSync(to).mode & 0o7777) !== mode) chmodSync(to, mode);
    for (const e of readdirSync(from, { withFileTypes: true })) {
      const src = join(from, e.name);
      const dst = join(to, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        mkdirSync(dst);
        visit(src, dst, r);
      } else if (e.isSymbolicLink()) {
        const link = readlinkSync(src).replaceAll(template, dest);
        symlinkSync(link, dst);
        seen?.(r, dst, { link });
      } else {
        const st = statSync(src, { bigint: true });
        const text = TEXT.test(e.name) && st.size < 4_000_000n ? readFileSync(src, 'utf8') : null;
        const rewritten = text !== null && text.includes(template);
        if (rewritten) writeFileSync(dst, text.replaceAll(template, dest), { mode: Number(st.mode & 0o7777n) });
        else copyFileSync(src, dst);
        utimesSync(dst, Number(st.atimeNs) / 1e9, Number(st.mtimeNs) / 1e9);
        seen?.(r, dst, { src, st, rewritten });
      }
    }
  };
  visit(template, dest, '');
  return dest;
}

/** A copied entry as copyProject hands it to `seen`: a link's target as written, or a file's source, its stat, and whether its text was rewritten (its bytes are then the copy's own). */
export type CopiedEntry = { link: string } | { src: string; st: BigIntStats; rewritten: boolean };

/** MLflow's file store records absolute artifact locations in these. */
const TEXT = /^meta\.yaml$/;

function rewritePaths(dir: string, from: string, to: string): void {
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) {
        const target = readlinkSync(p);
        if (target.includes(from)) {
          unlinkSync(p);
          symlinkSync(target.replaceAll(from, to), p);
        }
      } else if (st.isDirectory()) visit(p);
      else if (TEXT.test(name) && st.size < 4_000_000) {
        const text = readFileSync(p, 'utf8');
        if (text.includes(from)) writeFileSync(p, text.replaceAll(from, to));
      }
    }
  };
  visit(dir);
}
