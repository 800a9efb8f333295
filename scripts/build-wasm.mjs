#!/usr/bin/env node
// Compile the WebAssembly kernels (assembly/*.ts, AssemblyScript) to build/wasm/*.wasm. Run by
// scripts/build.mjs, so `npm ci` (prepare) builds them from source; the .wasm files are never
// committed. A kernel is rebuilt only when its source is newer than its .wasm. Without the
// compiler (an install without dev dependencies) nothing is built and the product uses the
// JavaScript twins of the kernels, which give the same numbers.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'assembly');
const OUT = join(ROOT, 'build', 'wasm');
const ASC = join(ROOT, 'node_modules', 'assemblyscript', 'bin', 'asc.js');
// Shared memory (imported, so two threads can run one kernel over the same heap), SIMD, no
// runtime: the kernels never allocate; the caller lays out the heap.
const FLAGS = ['--enable', 'simd', '--enable', 'threads', '--importMemory', '--sharedMemory', '--initialMemory', '16', '--maximumMemory', '32768', '--runtime', 'stub', '-O3', '--noAssert'];

/** The kernels whose .wasm is missing or older than their source: [source, output] pairs. */
function staleKernels() {
  if (!existsSync(SRC) || !existsSync(ASC)) return [];
  return readdirSync(SRC)
    .filter((n) => n.endsWith('.ts'))
    .sort()
    .map((name) => [join(SRC, name), join(OUT, name.replace(/\.ts$/, '.wasm'))])
    .filter(([src, out]) => !existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs);
}

/** Whether a kernel needs building (and can be: the compiler is installed). */
export function wasmIsStale() {
  return staleKernels().length > 0;
}

/** Build stale kernels; returns an error message or null. */
export function buildWasm() {
  const stale = staleKernels();
  if (stale.length) mkdirSync(OUT, { recursive: true });
  for (const [src, out] of stale) {
    const tmp = `${out}.${process.pid}.tmp`;
    const res = spawnSync(process.execPath, [ASC, relative(ROOT, src), ...FLAGS, '--outFile', tmp], { stdio: 'inherit', cwd: ROOT });
    if (res.status !== 0) {
      rmSync(tmp, { force: true });
      return `asc failed on ${relative(ROOT, src)} (exit ${res.status ?? res.signal})`;
    }
    renameSync(tmp, out);
  }
  return null;
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  const err = buildWasm();
  if (err) {
    console.error(`build-wasm: ${err}`);
    process.exit(1);
  }
}
