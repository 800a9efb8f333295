// The CLI against one project directory (end-to-end tests that walk a project through many
// commands), in this process (test/helpers/cli-in-process.ts: the compiled main that
// bin/edgelab.js runs, without a process start per command): `cli` returns the outcome, `ok`
// asserts exit 0 with stderr in the message. `env` is added to every command's environment.
import assert from 'node:assert/strict';
import { cliInProcess } from './cli-in-process.ts';

export function projectCli(dir: string, env: NodeJS.ProcessEnv = {}) {
  const cli = async (args: string[]) => {
    const r = await cliInProcess(['--project', dir, ...args], { env });
    return { code: r.code, out: r.stdout, err: r.stderr };
  };
  const ok = async (args: string[]) => {
    const r = await cli(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    return r;
  };
  return { cli, ok };
}
