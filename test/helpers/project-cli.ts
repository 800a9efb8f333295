// The CLI against one project directory, synchronously (end-to-end tests that walk a project
// through many commands): `cli` returns the outcome, `ok` asserts exit 0 with stderr in the message.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './tmp.ts';

export function projectCli(dir: string) {
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin', 'edgelab.js'), '--project', dir, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const ok = (args: string[]) => {
    const r = cli(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    return r;
  };
  return { cli, ok };
}
