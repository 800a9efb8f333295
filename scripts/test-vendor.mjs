// The compiled test mirror's dependencies, bundled: a test process that imports zod, yaml, vega
// and vega-lite, hono … from node_modules resolves, reads and links each of their modules on its
// own (zod alone is 95 files), in every test process and every plot helper thread. Loading the
// mirror's modules that use them took 340 ms of CPU in a fresh process, 180 ms bundled; with the
// plot renderers 873 → 364 ms (docs/performance.md, session 16). The CLI's bundle (scripts/bundle.mjs)
// already loads them as a few files; here the mirror gets the same: one esbuild run bundles the
// packages below (with code splitting, so a package another one imports is one instance) into
// <mirror>/vendor/, and the mirror's compiled files import them from there instead of by name.
// The tests then run the code against the same bundled dependencies the CLI ships with.
//
// Each vendored module re-exports what Node shows an ESM importer of the package (its named
// exports, and `default`), read from the package itself at build time, so `import { z } from
// 'zod'` and `import cliProgress from 'cli-progress'` mean what they meant. Left to node_modules:
// native addons and what the CLI's bundle leaves external too (DuckDB's API is require()d on
// purpose, src/data/warehouse/duck-api.ts), and the test-only libraries.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { NODE_BUNDLE } from './bundle.mjs';

/** Packages vendored, with any subpath the mirror imports (e.g. hono/cors). */
const VENDORED = ['zod', 'yaml', 'vega', 'vega-lite', 'commander', 'hono', '@hono/node-server', 'cfbd', 'cli-progress'];

const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const SPEC = /(\bfrom\s*|\bimport\s*\(\s*)(['"])([^'"\s]+)\2/g;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Whether the specifier SPEC matched at `index` of `text` is code: not in a comment or a string on its line. */
function inCode(text, index, head) {
  const prefix = text.slice(text.lastIndexOf('\n', index - 1) + 1, index);
  if (/\/\/|\/\*|^\s*\*/.test(prefix) || (prefix.match(/['"`]/g) ?? []).length % 2 === 1) return false;
  // `from 'x'` ends an import or export statement: its line starts one, or closes its braces.
  return head.startsWith('import') || /^\s*(import|export|\})/.test(prefix);
}

/** The .js files under dir. */
function jsFiles(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) jsFiles(p, out);
    else if (e.isFile() && e.name.endsWith('.js')) out.push(p);
  }
  return out;
}

/**
 * Bundle the VENDORED packages the mirror at `mirror` imports into `<mirror>/vendor/` and point
 * its imports there. `root` is the checkout (its node_modules resolves the packages). Returns
 * null, or why it did not (the mirror is then left importing from node_modules, as before).
 */
export function vendorDependencies(root, mirror) {
  // (The mirror copies the checkout's top-level entries: a vendor/ of the checkout's own is left alone.)
  if (existsSync(join(root, 'vendor'))) return 'the checkout has a vendor/ of its own';
  let esbuild;
  try {
    esbuild = createRequire(join(root, 'package.json'))('esbuild');
  } catch {
    return 'esbuild is not installed';
  }
  const files = ['src', 'test', 'bin'].flatMap((d) => {
    try {
      return jsFiles(join(mirror, d));
    } catch {
      return [];
    }
  });
  const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
  const specs = new Set();
  for (const text of texts.values()) for (const m of text.matchAll(SPEC)) if (VENDORED.includes(packageOf(m[3])) && inCode(text, m.index, m[1])) specs.add(m[3]);
  if (specs.size === 0) return null;
  const list = [...specs].sort();
  // What an ESM importer sees of each package, asked of Node itself (CommonJS packages' named
  // exports come from Node's own detection).
  const probe = spawnSync(process.execPath, ['--input-type=module', '-e', `const out = {}; for (const s of ${JSON.stringify(list)}) out[s] = Object.keys(await import(s)); console.log(JSON.stringify(out));`], { cwd: root, encoding: 'utf8' });
  if (probe.status !== 0) return `reading the packages' exports failed: ${probe.stderr.trim().split('\n').pop()}`;
  const names = JSON.parse(probe.stdout);
  const vendor = join(mirror, 'vendor');
  const entries = join(mirror, '.vendor-entries');
  rmSync(vendor, { recursive: true, force: true });
  mkdirSync(entries, { recursive: true });
  const entryName = (spec) => spec.replace(/^@/, '').replaceAll('/', '__');
  const entryPoints = {};
  for (const spec of list) {
    // Every name, reserved words (zod's `enum`) and non-identifiers included, as Node exports it.
    const named = names[spec].filter((n) => n !== 'default');
    const body = named.map((n, i) => `const v${i} = ns[${JSON.stringify(n)}];\nexport { v${i} as ${IDENTIFIER.test(n) ? n : JSON.stringify(n)} };\n`).join('');
    const file = join(entries, `${entryName(spec)}.mjs`);
    writeFileSync(file, `import * as ns from ${JSON.stringify(spec)};\n${body}export default ns.default;\n`);
    entryPoints[entryName(spec)] = file;
  }
  try {
    esbuild.buildSync({
      // The CLI's bundle options: what it leaves external stays so here.
      ...NODE_BUNDLE,
      entryPoints,
      outdir: vendor,
      nodePaths: [join(root, 'node_modules')],
      logLevel: 'silent',
    });
  } catch (e) {
    rmSync(vendor, { recursive: true, force: true });
    return `bundling failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  } finally {
    rmSync(entries, { recursive: true, force: true });
  }
  for (const [file, text] of texts) {
    const rewritten = text.replace(SPEC, (all, head, quote, spec, index) => {
      if (!specs.has(spec) || !inCode(text, index, head)) return all;
      let to = relative(dirname(file), join(vendor, `${entryName(spec)}.js`)).split(sep).join('/');
      if (!to.startsWith('.')) to = `./${to}`;
      return `${head}${quote}${to}${quote}`;
    });
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
  return null;
}
