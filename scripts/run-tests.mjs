#!/usr/bin/env node
// Node 20 does not expand globs for `--test`, so we list the test files ourselves and hand
// them to node's own runner (keeping its default reporter: CI counts its summary lines).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build, distIsStale } from './build.mjs';

const explicit = process.argv.slice(2);
const roots = explicit.length ? explicit : ['src', 'test'].filter((d) => existsSync(d));
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.test\.ts$/.test(name)) files.push(relative(process.cwd(), p));
  }
}
for (const r of roots) {
  try {
    if (statSync(r).isDirectory()) walk(r);
    else files.push(r);
  } catch {
    console.error(`run-tests: no such file or directory: ${r}`);
    process.exit(2);
  }
}
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
// End-to-end tests spawn the compiled CLI (bin/edgelab.js runs dist/): rebuild it first when a
// source is newer than the last build, so a test never runs yesterday's code.
if (distIsStale()) {
  const err = build();
  if (err) {
    console.error(`run-tests: build failed: ${err}`);
    process.exit(1);
  }
}
const setup = new URL('./test-setup.mjs', import.meta.url).href;
const res = spawnSync(process.execPath, ['--import', 'tsx', '--import', setup, '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  env: { ...process.env, EDGELAB_TEST: '1' },
});
process.exit(res.status ?? 1);
