// The bundled CLI (scripts/bundle.mjs → dist/bundle/, what bin/edgelab.js runs): every module
// that hands its own URL to a worker thread is an entry of the bundle, so that a task run in the
// command's thread shares the command's module instances (and no other use of import.meta.url
// goes unrecognised); the files found relative to a module
// (package.json, conf/, the dashboard's static files) are found from the bundle; and a command
// loads a few bundled files, not hundreds of modules. (That the bundle and the sources give the
// same quick demo, file for file: test/e2e/demo.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from '../helpers/tmp.ts';
import { runCli, runNode } from '../helpers/spawn.ts';
import { tempDir } from '../helpers/tmp.ts';

const BUNDLE = join(REPO, 'dist', 'bundle');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /(?<!\.test)\.ts$/.test(n) ? [p] : [];
  });
}

test('every module that passes its own URL to a worker is an entry of the bundle, exporting the task; every other import.meta.url locates a file', async () => {
  const { TASK_HANDOFF, taskEntry } = (await import(pathToFileURL(join(REPO, 'scripts', 'bundle.mjs')).href)) as { TASK_HANDOFF: RegExp; taskEntry: (f: string) => string };
  const files = sources(join(REPO, 'src'));
  const handing = files.filter((f) => TASK_HANDOFF.test(readFileSync(f, 'utf8')));
  assert.ok(handing.length >= 3, 'the fold workers and helper threads hand off their modules');
  for (const f of handing) {
    const file = relative(join(REPO, 'src'), f).split('\\').join('/').replace(/\.ts$/, '.js');
    // (a task handed with another module's URL on the same line is that module's: the plot
    // helper's library warm-up in a source run, plot-libraries.mjs, which the bundle never runs)
    const own = readFileSync(f, 'utf8').split('\n').filter((l) => !/module: (?!import\.meta\.url)/.test(l)).join('\n');
    const tasks = [...own.matchAll(/fn: '(\w+)'|postToHelper\(import\.meta\.url, '(\w+)'/g)].map((m) => m[1] ?? m[2]!);
    assert.ok(tasks.length > 0, file);
    const mod = (await import(pathToFileURL(join(BUNDLE, `${taskEntry(file)}.js`)).href)) as Record<string, unknown>;
    for (const fn of tasks) assert.equal(typeof mod[fn], 'function', `${taskEntry(file)}.js exports ${fn}`);
  }
  // Any other use must locate a file (kept relative to the module's per-file twin by the bundle);
  // a hand-off written another way would run through the twin, with its own module instances.
  const locating = /new URL\([^)]*, import\.meta\.url\)|fileURLToPath\(import\.meta\.url\)|createRequire\(import\.meta\.url\)|import\.meta\.url\.endsWith\(|`import\.meta\.url`/g;
  for (const f of files) {
    const text = readFileSync(f, 'utf8').replace(new RegExp(TASK_HANDOFF.source, 'g'), '').replace(locating, '');
    assert.ok(!text.includes('import.meta.url'), `${relative(REPO, f)} uses import.meta.url in a way the bundle does not know`);
  }
});

test('the bundled CLI finds its version, conf/ and static files, and loads few files per command', async () => {
  assert.ok(existsSync(join(BUNDLE, 'main.js')), 'npm ci / run-tests bundle the CLI');
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const v = await runCli(['--version']);
  assert.equal(v.stdout.trim(), pkg.version);
  const dir = tempDir('edgelab-bundle-');
  const init = await runCli(['--project', dir, 'init', '-q']);
  assert.equal(init.code, 0, init.stderr);
  assert.equal(readFileSync(join(dir, 'conf', 'config.yaml'), 'utf8'), readFileSync(join(REPO, 'conf', 'config.yaml'), 'utf8'));
  // The modules a command loads, as the ESM loader sees them (CommonJS files not counted).
  const hooks = `data:text/javascript,${encodeURIComponent(
    "import { writeSync } from 'node:fs'; export async function load(u, c, n) { if (u.startsWith('file:')) writeSync(2, 'LOADED ' + u + '\\n'); return n(u, c); }",
  )}`;
  const register = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(hooks)});`)}`;
  const r = await runNode(['--import', register, join(REPO, 'bin', 'edgelab.js'), '--project', dir, 'monitor', '--help']);
  assert.equal(r.code, 0, r.stderr);
  const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
  assert.ok(loaded.some((l) => l.includes('/dist/bundle/main.js')), 'bin/edgelab.js runs the bundle');
  assert.ok(!loaded.some((l) => l.includes('/dist/cli/') || l.includes('/node_modules/zod/')), loaded.join('\n'));
  assert.ok(loaded.length < 80, `${loaded.length} files loaded for monitor --help`);
});
