// Run a TypeScript file or the CLI in a child process and collect its output.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO } from './tmp.ts';

// This file's own place: test/helpers/spawn.js in the compiled mirror of a compiled run
// (scripts/build-tests.mjs), test/helpers/spawn.ts in the checkout.
const HERE = fileURLToPath(import.meta.url);
const MIRROR = HERE.endsWith('.js') ? join(dirname(HERE), '..', '..') : null;

/**
 * Node arguments that run the TypeScript file `file` (in the checkout): its compiled twin with
 * plain node when this test runs compiled, else the source through tsx. The child does the same
 * either way; the compiled one starts without tsx's loader (≈ 0.5 s of CPU less per process).
 */
export function tsEntry(file: string): string[] {
  const inside = (root: string) => !relative(root, file).startsWith('..');
  const rel = MIRROR && inside(MIRROR) ? relative(MIRROR, file) : inside(REPO) ? relative(REPO, file) : null;
  const twin = MIRROR && rel !== null ? join(MIRROR, rel.replace(/\.ts$/, '.js')) : null;
  return twin && existsSync(twin) ? [twin] : ['--import', 'tsx', file];
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runTs(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; onStdout?: (chunk: string) => void } = {}): Promise<Ran> {
  return runNode([...tsEntry(file), ...args], opts);
}

/** `node bin/edgelab.js ARGS` with NO_COLOR, in `cwd`. */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Ran> {
  return runNode([join(REPO, 'bin', 'edgelab.js'), ...args], opts);
}

/** `node ARGS` with NO_COLOR (and without the test's project variables), in `cwd` (default: the checkout). */
export function runNode(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; onStdout?: (chunk: string) => void } = {}): Promise<Ran> {
  // The child must find its project from its own options and cwd, not from the test's environment.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.EDGELAB_PROJECT;
  delete env.EDGELAB_ARTIFACTS;
  delete env.EDGELAB_FAULT;
  Object.assign(env, opts.env);
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: opts.cwd ?? REPO,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      opts.onStdout?.(d.toString());
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolveRun({ code, signal, stdout, stderr }));
  });
}
