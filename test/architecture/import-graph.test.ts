// The house rules of docs/architecture.md, checked over the real import graph of src/: rooms import
// downward only, a room with a public face (index.ts) is entered through it, production code never
// imports test code or a devDependency, only artifacts/layout.ts names the files of the artifacts
// tree, every file name is kebab-case, and zod is imported by name (bundle size). A rule that is only written down drifts; this keeps it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkoutOf } from '../helpers/tmp.ts';

// The checkout's sources, also when this file runs from the compiled mirror (which holds .js twins).
const repo = checkoutOf(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'));
const src = join(repo, 'src');

/** Rank of each room: a file may import its own room or a room of lower rank, nothing else. */
export const RANK: Record<string, number> = {
  util: 0,
  config: 1,
  artifacts: 1,
  data: 2,
  models: 2,
  tracking: 2,
  features: 3,
  evaluation: 4,
  readers: 5,
  workflow: 6,
  dashboard: 6,
  cli: 7,
};
/** Rooms of equal rank that still may import each other (one direction only). */
const SIDEWAYS: ReadonlyArray<[from: string, to: string]> = [
  // data sources record their fingerprints/paths through artifacts' helpers and read config types.
  ['data', 'artifacts'],
  ['data', 'config'],
  ['models', 'config'],
  ['tracking', 'artifacts'],
  ['tracking', 'config'],
];

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'static' && name !== 'node_modules') walk(p, out);
    } else if (/\.(ts|mts|mjs|js)$/.test(name)) out.push(p);
  }
  return out;
}

const isTest = (f: string) => /\.test\.ts$/.test(f) || /\.test-helper\.ts$/.test(f);
const productFiles = walk(src).filter((f) => !isTest(f));
const roomOf = (f: string) => relative(src, f).split(sep)[0]!;

interface Edge {
  from: string;
  spec: string;
  target: string | null;
  line: number;
}

const IMPORT = /(?:^|[^\w.])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"](\.[^'"]+)['"]\s*,\s*import\.meta\.url/g;

function edgesOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const edges: Edge[] = [];
  // Line numbers counted on from the previous match (slicing the text up to every match was
  // quadratic in the file's length).
  let line = 1;
  let at = 0;
  for (const m of text.matchAll(IMPORT)) {
    const spec = (m[1] ?? m[2] ?? m[3])!;
    for (let i = text.indexOf('\n', at); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    at = m.index;
    const target = spec.startsWith('.') ? resolve(dirname(file), spec) : null;
    edges.push({ from: file, spec, target, line });
  }
  return edges;
}

const edges = productFiles.flatMap(edgesOf);
const where = (e: Edge) => `${relative(repo, e.from)}:${e.line} imports '${e.spec}'`;

test('production code never imports test code or a devDependency', () => {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const dev = Object.keys(pkg.devDependencies ?? {});
  const bad = edges.filter((e) => {
    // The package's own manifest (the version) and the WebAssembly kernels that `npm ci` builds
    // from assembly/ into build/wasm/ are product; anything else outside src/ is not.
    const built = e.target?.startsWith(join(repo, 'build', 'wasm') + sep) && e.target.endsWith('.wasm');
    if (e.target) return e.target !== join(repo, 'package.json') && !built && (!e.target.startsWith(src + sep) || isTest(e.target));
    const name = e.spec.startsWith('@') ? e.spec.split('/').slice(0, 2).join('/') : e.spec.split('/')[0]!;
    return dev.includes(name);
  });
  assert.deepEqual(bad.map(where), []);
});

test('rooms import downward only (docs/architecture.md)', () => {
  assert.deepEqual(
    Object.keys(RANK).sort(),
    readdirSync(src).filter((d) => statSync(join(src, d)).isDirectory()).sort(),
    'every room of src/ has a rank in docs/architecture.md and in this test',
  );
  const bad = edges.filter((e) => {
    if (!e.target || !e.target.startsWith(src + sep)) return false;
    const a = roomOf(e.from);
    const b = roomOf(e.target);
    if (a === b) return false;
    if (RANK[b]! < RANK[a]!) return false;
    return !SIDEWAYS.some(([x, y]) => x === a && y === b);
  });
  assert.deepEqual(bad.map((e) => `${where(e)} (${roomOf(e.from)} → ${roomOf(e.target!)})`), []);
});

test('a room with a public face (index.ts) is entered only through it', () => {
  const faces = readdirSync(src).filter((d) => existsSync(join(src, d, 'index.ts')));
  assert.ok(faces.includes('models') && faces.includes('features'), 'models/ and features/ have public faces');
  const bad = edges.filter((e) => {
    if (!e.target) return false;
    const b = roomOf(e.target);
    return faces.includes(b) && roomOf(e.from) !== b && e.target !== join(src, b, 'index.ts');
  });
  assert.deepEqual(bad.map(where), []);
});

test('only artifacts/layout.ts names the files and folders of the artifacts tree', () => {
  // The names that make up the contract of DESIGN.md section 4; a literal elsewhere is a path
  // built outside the layout.
  const names = [
    'summary.json', 'metrics.csv', 'predictions.csv', 'model.json', 'metadata.json', 'feature_importance.csv',
    'registry.json', 'performance_log.csv', 'dashboard_data.json', 'test_ledger.json', 'attempts.jsonl',
    'decision_log.md', 'MANIFEST.md', 'warehouse.duckdb', 'champion_current', 'champion_previous',
    'promotion_tests', 'walk_forward', 'data_quality', 'phase1_baseline', 'phase2_features', 'phase3_models',
  ];
  // Each name's two patterns made once (not once per line of src/), and tried only on a line that
  // holds the name: both patterns contain it literally, so a line without it matches neither.
  const patterns = names.map((n) => {
    const esc = n.replace('.', '\\.');
    return { n, quoted: new RegExp(`['"\`]${esc}['"\`]`), glued: new RegExp(`\\}/${esc}\\b`) };
  });
  const layout = join(src, 'artifacts', 'layout.ts');
  const bad: string[] = [];
  for (const f of productFiles) {
    if (f === layout) continue;
    const lines = readFileSync(f, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      // A path is being built: join()/resolve() with the name as an argument, or the name glued
      // to a directory in a string (`${dir}/model.json`). A name in a message or a label is not.
      const building = /\b(join|resolve)\(/.test(code);
      for (const { n, quoted, glued } of patterns) {
        if (!code.includes(n)) continue;
        if ((building && quoted.test(code)) || glued.test(code)) bad.push(`${relative(repo, f)}:${i + 1}: '${n}'`);
      }
    });
  }
  assert.deepEqual(bad, []);
});

// (Python reference scripts in bench/ follow Python's own snake_case: a module name cannot hold '-'.)
test('file names are kebab-case in src/, test/ and bench/', () => {
  const bad: string[] = [];
  for (const dir of ['src', 'test', 'bench']) {
    const root = join(repo, dir);
    if (!existsSync(root)) continue;
    const visit = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (name === 'node_modules' || name.startsWith('.')) continue;
        if (statSync(p).isDirectory()) {
          if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) && !p.includes(`${sep}fixtures${sep}`) && name !== 'fixtures') bad.push(relative(repo, p) + '/');
          if (name !== 'fixtures') visit(p);
        } else if (/\.(ts|mjs|js)$/.test(name) && !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9-]+)*\.(ts|mjs|js)$/.test(name)) {
          bad.push(relative(repo, p));
        }
      }
    };
    visit(root);
  }
  assert.deepEqual(bad, []);
});

test('zod is imported for its values by name, and only in config/schema-kit.ts (the bundle keeps ≈ 200 KB of zod, not 760 KB)', () => {
  // `import { z } from 'zod'` (or `* as`, or a default import) names zod's whole namespace: the
  // bundle then keeps all of zod, a chunk every command compiles at start-up (≈ 0.07 s of CPU).
  const kit = join(src, 'config', 'schema-kit.ts');
  const valueImport = /(?:^|[;\n])\s*import\s+(?!type[\s{])([^;'"]*?)\s*from\s*['"]zod(?:\/[^'"]*)?['"]|import\(\s*['"]zod(?:\/[^'"]*)?['"]\s*\)/g;
  const bad: string[] = [];
  for (const file of productFiles) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(valueImport)) {
      const clause = (m[1] ?? '').trim();
      const named = /^\{[^}]*\}$/.test(clause) && !/(^|[{,\s])z(\s*[,}]|\s+as\b)/.test(clause.replace(/\btype\s+\w+/g, ''));
      const at = m.index + m[0].indexOf('import');
      if (file !== kit || !named) bad.push(`${relative(repo, file)}:${text.slice(0, at).split('\n').length} ${m[0].slice(at - m.index).trim()}`);
    }
  }
  assert.deepEqual(bad, []);
});
