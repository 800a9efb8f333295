// Test support: `edgelab dashboard --port 0` in a child process, resolved once it prints its URL.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from '../helpers/tmp.ts';

export interface DashboardProcess {
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

/** `args` go after `--port 0` (e.g. `--open`); `env` is laid over the test's environment. */
export async function startDashboardProcess(project: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<DashboardProcess> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'edgelab.js'), '--project', project, 'dashboard', '--port', '0', ...args], {
    env: { ...process.env, ...env, NO_COLOR: '1' },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setInterval(() => {
      const m = /edgelab dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearInterval(t);
        resolve(m[1]!);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(t);
      reject(new Error(`dashboard exited ${code}: ${out}`));
    });
  });
  return {
    url,
    output: () => out,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
