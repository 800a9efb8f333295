// The compiled test mirror's bundled dependencies (scripts/test-vendor.mjs): the mirror's imports
// of the vendored packages point at one bundle that exports what Node exports for the package
// (CommonJS defaults, zod's reserved-word `enum` included), and comments and strings that mention
// a package stay as they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from '../helpers/tmp.ts';
// @ts-expect-error: a plain .mjs script of the runner, without type declarations
import { vendorDependencies } from '../../scripts/test-vendor.mjs';

// A package by a name held in a variable: a literal `import('yaml')` here would itself be pointed
// at a bundle when this file runs from the compiled mirror.
const byName = (spec: string) => import(spec);

test('vendored dependencies: imports point at the bundle, which exports what Node exports; comments and strings stay', async (t) => {
  const mirror = mkdtempSync(join(tmpdir(), 'edgelab-vendor-'));
  t.after(() => rmSync(mirror, { recursive: true, force: true }));
  mkdirSync(join(mirror, 'src', 'deep'), { recursive: true });
  const lines = (yaml: string, cli: string, zod: string) => [
    `import { parse } from '${yaml}';`,
    `import cliProgress from '${cli}';`,
    'import {',
    '  enum as enumOf,',
    '  object,',
    `} from '${zod}';`,
    "// a comment naming from 'commander' stays",
    `export const text = "a string with from 'commander' in it";`,
    `export const later = () => import('${yaml}');`,
    'export { parse, cliProgress, enumOf, object };',
    '',
  ];
  const file = join(mirror, 'src', 'deep', 'a.js');
  writeFileSync(file, lines('yaml', 'cli-progress', 'zod').join('\n'));
  assert.equal(vendorDependencies(REPO, mirror), null);
  assert.deepEqual(readFileSync(file, 'utf8').split('\n'), lines('../../vendor/yaml.js', '../../vendor/cli-progress.js', '../../vendor/zod.js'));
  assert.equal(existsSync(join(mirror, 'vendor', 'commander.js')), false, 'a package only mentioned is not bundled');

  const m = await import(pathToFileURL(file).href);
  assert.deepEqual(m.parse('a: [1, 2]'), { a: [1, 2] });
  assert.equal(typeof m.cliProgress.SingleBar, 'function');
  assert.deepEqual(m.object({ k: m.enumOf(['x', 'y']) }).parse({ k: 'y' }), { k: 'y' });
  assert.equal((await m.later()).parse, m.parse, 'one instance of yaml, however it is imported');
  for (const spec of ['yaml', 'cli-progress', 'zod']) {
    const own = Object.keys(await byName(spec)).sort();
    const vendored = Object.keys(await import(pathToFileURL(join(mirror, 'vendor', `${spec}.js`)).href)).sort();
    assert.deepEqual(vendored, own, `${spec}: the bundle exports what Node exports`);
  }
});
