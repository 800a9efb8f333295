#!/usr/bin/env node
// Compile src/ to dist/ with the native tsc (TypeScript 7), so that the CLI starts without a
// loader: `npm ci` runs this through the `prepare` script. Test files are not compiled; files
// that are not TypeScript (the pool worker, the dashboard's static files) are copied beside the
// output, and scripts/bundle.mjs bundles the CLI into dist/bundle/ (what bin/edgelab.js runs).
// The new tree is built aside and swapped in, so a reader never sees half a dist/.
// `node scripts/build.mjs --if-stale` builds only when a source is newer than the last build.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildWasm, wasmIsStale } from './build-wasm.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.built');
/**
 * tsc's type checkers, one per core (at most its default, 4): tsc 7 checks the program in that
 * many parallel checkers, each of which resolves the types the files share (zod's, the AWS SDK's,
 * DuckDB's …) again, so on 2 cores its default 4 costs CPU and no time. The test compile with its
 * check (scripts/build-tests.mjs, the start of `npm test`), interleaved under load 7: 8.6 s of CPU
 * with 4, 7.0 s with 2, 6.5 s with 1 (session 13).
 */
export const TSC_CHECKERS = ['--checkers', String(Math.max(1, Math.min(4, availableParallelism())))];
const INPUTS = ['src', 'assembly', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/bundle.mjs'];

function newestInput() {
  let newest = 0;
  const visit = (p) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const n of readdirSync(p)) visit(join(p, n));
    else if (!p.endsWith('.test.ts')) newest = Math.max(newest, st.mtimeMs);
  };
  for (const i of INPUTS) if (existsSync(join(ROOT, i))) visit(join(ROOT, i));
  return newest;
}

/** Whether dist/ is missing or older than a source file, or a WebAssembly kernel needs building. */
export function distIsStale() {
  if (!existsSync(STAMP) || wasmIsStale()) return true;
  return newestInput() > statSync(STAMP).mtimeMs;
}

function copyNonTs(from, to) {
  for (const name of readdirSync(from)) {
    const p = join(from, name);
    if (statSync(p).isDirectory()) copyNonTs(p, join(to, name));
    else if (!name.endsWith('.ts')) {
      mkdirSync(to, { recursive: true });
      cpSync(p, join(to, name));
    }
  }
}

/** Build dist/; returns an error message or null. */
export function build() {
  // The stamp carries the build's start time: a source saved during the build counts as newer.
  const started = new Date();
  const wasmErr = buildWasm();
  if (wasmErr) return wasmErr;
  const tmp = join(ROOT, `.dist-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) return 'typescript is not installed (a production-only install?)';
  const res = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), ...TSC_CHECKERS, '--outDir', tmp], { stdio: 'inherit', cwd: ROOT });
  if (res.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    return `tsc failed (exit ${res.status ?? res.signal})`;
  }
  copyNonTs(join(ROOT, 'src'), tmp);
  // A few files per command instead of hundreds of modules (scripts/bundle.mjs). Without a
  // bundle the CLI runs the per-file output, only slower to start: a failed bundling (say, no
  // esbuild binary for this platform) is a warning, not a failed install;
  // test/e2e/bundle.test.ts fails if the bundle is missing.
  const bundled = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), tmp], { stdio: 'inherit', cwd: ROOT });
  if (bundled.status !== 0) {
    console.error('build: the CLI was not bundled; it runs the per-file dist/ (slower start-up)');
    rmSync(join(tmp, 'bundle'), { recursive: true, force: true });
  }
  stampAndSwap(tmp, DIST, join(ROOT, `.dist-old-${process.pid}`), started);
  return null;
}

/**
 * Stamp the tree built in `tmp` with the build's start time (`.built`) and put it in place of
 * `dest`, so that a reader sees the old tree or the new one, never half of one.
 */
export function stampAndSwap(tmp, dest, old, started) {
  writeFileSync(join(tmp, '.built'), `${started.toISOString()}\n`);
  utimesSync(join(tmp, '.built'), started, started);
  if (existsSync(dest)) renameSync(dest, old);
  renameSync(tmp, dest);
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  if (process.argv.includes('--if-stale') && !distIsStale()) process.exit(0);
  const err = build();
  if (err) {
    console.error(`build: ${err}`);
    // Without a compiler (npm ci --omit=dev) the CLI still runs from the sources through tsx.
    process.exit(err.startsWith('typescript is not installed') ? 0 : 1);
  }
}
