// `edgelab dashboard` as a user runs it: serves on a port, --open never fails the command, a port
// in use and a bad --port are clear errors, Ctrl-C (SIGTERM) stops it with exit 0. The server runs
// in a process of the bin script (a signal stops it); the two refusals, which end before serving
// anything, run in this process (test/helpers/cli-in-process.ts: the same main, exit code and
// stderr, without a process start each).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDashboardProcess } from '../support/dashboard-process.ts';
import { cliInProcess } from '../helpers/cli-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'edgelab-dashboard-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('serves a brand-new project, --open without xdg-open still serves, a taken port is exit 1, SIGTERM exits 0', { timeout: 60_000 }, async () => {
  // No xdg-open on PATH: --open must only print a note.
  const dash = await startDashboardProcess(dir, { PATH: '/nonexistent' }, ['--open']);
  let code: number | null;
  try {
    const url = dash.url;
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /edgelab init/);
    assert.equal((await fetch(url, { method: 'POST' })).status, 405);
    await new Promise((r) => setTimeout(r, 200));
    assert.match(dash.output(), /could not run xdg-open; open http:\/\/127\.0\.0\.1:\d+\/ yourself/);

    const port = new URL(url).port;
    const taken = await cliInProcess(['--project', dir, 'dashboard', '--port', port]);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, new RegExp(`error: port ${port} on 127\\.0\\.0\\.1 is in use \\(choose another with --port\\)`));
  } finally {
    code = await dash.stop();
  }
  assert.equal(code, 0);
});

test('a bad --port is a usage error (exit 2)', async () => {
  const r = await cliInProcess(['--project', dir, 'dashboard', '--port', '70000']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--port "70000": expected a whole number from 0 to 65535/);
});
