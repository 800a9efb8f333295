// The compiled CLI (dist/bundle/main.js, what bin/edgelab.js runs; or the product modules the
// test imports, cliFromImportedModules below) called in this test process:
// the same argv, environment, working directory, stdout, stderr and exit code as a spawned
// `node bin/edgelab.js`, without paying a process start and the module loads for every command.
// Use it where a real process adds nothing; keep real spawns for what is about processes
// (signals, kills, concurrent shards, a TTY, the bin script itself).
//
// Calls are serialised (stdout, env, cwd and exitCode are process-wide). Output is captured by
// async context, so the test runner's own writes to stdout during a call are not taken for the
// CLI's.
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './tmp.ts';

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

interface Capture {
  stdout: string;
  stderr: string;
}

type Main = (argv: string[]) => Promise<number>;

const capture = new AsyncLocalStorage<Capture>();
let mainPromise: Promise<Main> | null = null;
let queue: Promise<unknown> = Promise.resolve();

let fromImported = false;

/**
 * Run the CLI in this process from the product modules the test process imports itself
 * (src/cli/main.ts; its compiled twin in a compiled run), not from the bundle. For test files
 * that also call the product's workflows directly: the process then holds one copy of the
 * product (its modules loaded, compiled and warmed up once, one DuckDB instance) instead of the
 * bundle's beside the test's own — ≈ 3–4 s of CPU less in the in-process end-to-end group
 * (scripts/unit-batches.mjs). The same main() on the same sources; the bundle itself stays
 * covered by every CLI process the tests spawn, test/e2e/bundle.test.ts and the quick demo's
 * bundle-against-sources comparison (test/e2e/demo.test.ts). Call it at a file's top level:
 * the first command of the process fixes where main comes from for every file in it.
 */
export function cliFromImportedModules(): void {
  fromImported = true;
}

function loadMain(): Promise<Main> {
  if (!mainPromise) {
    // What bin/edgelab.js runs: the bundle (unless EDGELAB_NO_BUNDLE=1), else the per-file dist/
    // (run-tests.mjs builds both before the run), else the sources.
    const bundled = join(REPO, 'dist', 'bundle', 'main.js');
    const compiled = existsSync(bundled) && process.env.EDGELAB_NO_BUNDLE !== '1' ? bundled : join(REPO, 'dist', 'cli', 'main.js');
    const entry = existsSync(compiled) && process.env.EDGELAB_FROM_SOURCE !== '1' ? compiled : join(REPO, 'src', 'cli', 'main.ts');
    // (a literal specifier: the compile of the tests points it at the compiled twin)
    const loaded: Promise<{ main: Main }> = fromImported ? import('../../src/cli/main.ts') : import(pathToFileURL(entry).href);
    mainPromise = loaded.then((m) => m.main);
    hook(process.stdout, 'stdout');
    hook(process.stderr, 'stderr');
  }
  return mainPromise;
}

function hook(stream: NodeJS.WriteStream, key: keyof Capture): void {
  const original = stream.write.bind(stream) as (...a: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const c = capture.getStore();
    if (!c) return original(chunk, ...rest);
    c[key] += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (cb) process.nextTick(cb);
    return true;
  }) as typeof stream.write;
}

/** Variables a spawned CLI would not inherit from the test's own environment (runCli drops them too). */
const DROPPED = ['EDGELAB_PROJECT', 'EDGELAB_ARTIFACTS', 'EDGELAB_FAULT'];

/**
 * `edgelab ARGS` in this process with NO_COLOR, `env` added to (or, with '' / undefined, kept
 * as given in) the environment, in `cwd`. Resolves when the command has finished.
 */
export function cliInProcess(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliOutcome> {
  const run = async (): Promise<CliOutcome> => {
    const main = await loadMain();
    const savedEnv = { ...process.env };
    const savedCwd = process.cwd();
    const savedExit = process.exitCode;
    for (const k of DROPPED) delete process.env[k];
    Object.assign(process.env, { NO_COLOR: '1' }, opts.env);
    for (const [k, v] of Object.entries(opts.env ?? {})) if (v === undefined) delete process.env[k];
    if (opts.cwd) process.chdir(opts.cwd);
    process.exitCode = undefined;
    const out: Capture = { stdout: '', stderr: '' };
    try {
      const code = await capture.run(out, () => main([...args]));
      return { code, stdout: out.stdout, stderr: out.stderr };
    } finally {
      process.exitCode = savedExit;
      process.chdir(savedCwd);
      for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
      Object.assign(process.env, savedEnv);
    }
  };
  const p = queue.then(run, run);
  queue = p.catch(() => undefined);
  return p;
}
