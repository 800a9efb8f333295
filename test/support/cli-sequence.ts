// Several short CLI commands in ONE real process, one after another: the compiled main that
// bin/edgelab.js runs, each command with its own argv, environment and working directory, the
// process's stdout and stderr split per command by marker lines. For tests that must see every
// byte a process writes (what would bypass process.stdout too: a write to fd 1 or 2, a worker
// thread, a warning) without paying a process start per command (test/e2e/secrets.test.ts).
//
// `runSequence` (in the test) spawns this file; the steps come on stdin, never in argv (a command
// may record its command line, and the steps hold the test's secrets).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REPO } from '../helpers/tmp.ts';
import { tsEntry } from '../helpers/spawn.ts';

export interface Step {
  args: string[];
  /** Laid over the process's environment for this command, then taken back. */
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface StepOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

const MARK = '\u0000edgelab-cli-sequence-step';

/**
 * Run `steps` in one child process (environment: the test's with `processEnv` laid over it, with
 * NO_COLOR and without the project variables, as runCli gives a child: what the process sees from
 * its start, before any step's own environment). Resolves with each step's outcome and the whole
 * raw output; rejects if the process dies before the last step.
 */
export function runSequence(steps: Step[], processEnv: NodeJS.ProcessEnv = {}): Promise<{ steps: StepOutcome[]; raw: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...processEnv, NO_COLOR: '1' };
  for (const k of ['EDGELAB_PROJECT', 'EDGELAB_ARTIFACTS', 'EDGELAB_FAULT']) delete env[k];
  const child = spawn(process.execPath, tsEntry(fileURLToPath(import.meta.url)), { cwd: REPO, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(JSON.stringify(steps));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const outs = stdout.split(MARK);
      const errs = stderr.split(MARK);
      if (code !== 0 || outs.length !== steps.length + 1) {
        reject(new Error(`cli sequence exited ${code ?? signal} after ${outs.length - 1} of ${steps.length} steps:\n${stderr}`));
        return;
      }
      // Each marker is followed by " <exit code>\n": it ends the part before it.
      const parts = steps.map((_, i) => ({ out: outs[i]!, err: errs[i]!, next: outs[i + 1]! }));
      resolve({
        steps: parts.map((p, i) => ({ code: Number(/^ (\d+)\n/.exec(p.next)?.[1] ?? NaN), stdout: i === 0 ? p.out : p.out.replace(/^ \d+\n/, ''), stderr: i === 0 ? p.err : p.err.replace(/^ \d+\n/, '') })),
        raw: stdout + stderr,
      });
    });
  });
}

/** The child: read the steps, run them in turn, mark the end of each on both streams. */
async function child(): Promise<void> {
  const steps = JSON.parse(readFileSync(0, 'utf8')) as Step[];
  const bundled = join(REPO, 'dist', 'bundle', 'main.js');
  const compiled = existsSync(bundled) && process.env.EDGELAB_NO_BUNDLE !== '1' ? bundled : join(REPO, 'dist', 'cli', 'main.js');
  const { main } = (await import(pathToFileURL(compiled).href)) as { main: (argv: string[]) => Promise<number> };
  const bin = join(REPO, 'bin', 'edgelab.js');
  for (const step of steps) {
    const savedEnv = { ...process.env };
    const savedArgv = process.argv;
    process.argv = [process.execPath, bin, ...step.args];
    for (const [k, v] of Object.entries(step.env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    process.chdir(step.cwd);
    process.exitCode = undefined;
    let code: number;
    try {
      code = await main([...step.args]);
    } finally {
      process.argv = savedArgv;
      process.chdir(REPO);
      for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
      Object.assign(process.env, savedEnv);
    }
    // Pipes are written synchronously on Linux: the marker lands after everything the command wrote.
    process.stdout.write(`${MARK} ${code}\n`);
    process.stderr.write(`${MARK} ${code}\n`);
  }
  process.exitCode = 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await child();
