#!/usr/bin/env node
// Compile the tests with the product to plain JavaScript, so that each test file's process runs
// without tsx's loader: starting tsx and sending every module through its hooks cost ≈ 0.5 s of
// CPU per file, most of a small file's time (docs/performance-history.md, "The test suite").
//
// The output is a mirror of the checkout in node_modules/.cache/edgelab/compiled: a copy of every
// top-level entry (src/, test/, conf/, docs/, bin/, package.json … a few MB), with the compiled .js
// beside each .ts; only the generated node_modules/, dist/ and build/ are symlinks to the
// checkout's. A test's `new URL('../../conf/x.yaml', import.meta.url)` finds the same file as from
// the sources, and a test that copies conf/ and writes into the copy never writes through a link
// into the checkout. Tests that need the checkout itself (the CLI's own conf/, git) use REPO
// (test/helpers/tmp.ts), which names the checkout from the mirror too. The mirror sits inside the
// checkout, so git finds the checkout's repository from there as well. Source maps point stack
// traces at the .ts lines.
//
// Built aside and swapped in; rebuilt only when a source is newer than the last build. With
// `check` (`npm test`: run-tests.mjs --typecheck) the one tsc run is also the type check, and a
// type error leaves the old mirror in place (≈ 6 s of CPU less than `tsc --noEmit` and then a
// --noCheck compile); without it tsc runs with --noCheck.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stampAndSwap, TSC_CHECKERS } from './build.mjs';
import { vendorDependencies } from './test-vendor.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const COMPILED = join(ROOT, 'node_modules', '.cache', 'edgelab', 'compiled');
const STAMP = join(COMPILED, '.built');
// Generated, large, or never written by a test: linked, not copied.
const LINKED = ['node_modules', 'dist', 'build'];
// Run output that .gitignore names from the root (/edgelab-demo/, /bench/out/ …) is not copied.
function ignored() {
  const text = existsSync(join(ROOT, '.gitignore')) ? readFileSync(join(ROOT, '.gitignore'), 'utf8') : '';
  const anchored = text.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('/') && !l.includes('*'));
  return new Set(['.git', ...LINKED, ...anchored.map((l) => l.replace(/^\/|\/$/g, ''))]);
}
/** A filter over absolute paths in the checkout: whether the mirror copies it. */
function copies() {
  const skip = ignored();
  return (p) => {
    const rel = relative(ROOT, p);
    return !skip.has(rel) && !rel.startsWith('.dist-');
  };
}

function newestInput() {
  const copied = copies();
  let newest = 0;
  const visit = (p) => {
    if (!copied(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const n of readdirSync(p)) visit(join(p, n));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const name of readdirSync(ROOT)) visit(join(ROOT, name));
  return newest;
}

/** Whether the compiled tests are missing or older than a source. */
export function testsAreStale() {
  if (!existsSync(STAMP)) return true;
  return newestInput() > statSync(STAMP).mtimeMs;
}

/** The compiled twin of a test file (a path relative to the checkout), e.g. test/x.test.ts → <COMPILED>/test/x.test.js. */
export function compiledPath(file) {
  return join(COMPILED, file.replace(/\.ts$/, '.js'));
}

/**
 * Build the mirror; returns null, or what failed: `compiler` when tsc ran and failed (with
 * `check`: a type error, printed by tsc), else the mirror could not be built at all.
 */
export function buildTests({ check = false } = {}) {
  try {
    return buildMirror(check);
  } catch (e) {
    return { message: e instanceof Error ? e.message : String(e), compiler: false };
  }
}

function buildMirror(check) {
  const started = new Date();
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) return { message: 'typescript is not installed', compiler: false };
  const tmp = `${COMPILED}.${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const filter = copies();
  for (const name of readdirSync(ROOT)) {
    if (filter(join(ROOT, name))) cpSync(join(ROOT, name), join(tmp, name), { recursive: true, verbatimSymlinks: true, filter });
  }
  const res = spawnSync(
    process.execPath,
    [tsc, '-p', join(ROOT, 'tsconfig.json'), ...TSC_CHECKERS, '--noEmit', 'false', ...(check ? [] : ['--noCheck']), '--rewriteRelativeImportExtensions', '--sourceMap', '--rootDir', ROOT, '--outDir', tmp],
    { stdio: 'inherit', cwd: ROOT },
  );
  if (res.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    return { message: `tsc failed (exit ${res.status ?? res.signal})`, compiler: true };
  }
  for (const name of LINKED) if (existsSync(join(ROOT, name))) symlinkSync(join(ROOT, name), join(tmp, name));
  // The dependencies as a few bundled files (scripts/test-vendor.mjs); without esbuild the mirror
  // imports them from node_modules, only slower.
  const vendored = vendorDependencies(ROOT, tmp);
  if (vendored) console.error(`build-tests: dependencies not bundled (${vendored}); the tests import them from node_modules`);
  stampAndSwap(tmp, COMPILED, `${COMPILED}.old-${process.pid}`, started);
  return null;
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  if (process.argv.includes('--if-stale') && !testsAreStale()) process.exit(0);
  const err = buildTests({ check: process.argv.includes('--check') });
  if (err) {
    console.error(`build-tests: ${err.message}`);
    process.exit(1);
  }
}
