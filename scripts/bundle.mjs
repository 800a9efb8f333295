// Bundle the compiled CLI (dist/cli/main.js and everything it imports, dependencies included)
// into dist/bundle/: main.js plus one lazily loaded chunk per command, so a command loads a
// handful of files instead of 200–600 modules (each ESM module costs its own resolve, read,
// parse and link; zod alone is 95 of them). bin/edgelab.js runs dist/bundle/main.js when it
// exists, else dist/cli/main.js. Called by scripts/build.mjs on the tree it builds aside.
//
// Only native addons stay external (@duckdb/node-bindings, @resvg/resvg-js: their .node files
// load from node_modules), the AWS SDK (loaded only for s3:// stores; large, and it reads its own
// files) and undici (loaded only for an MLflow server over TLS; a CommonJS package imported
// with import(), whose exports esbuild's interop did not hand over: `u.Agent is not a
// constructor`, caught by test/e2e/secrets.test.ts). The per-file dist/ stays beside the
// bundle: worker threads load task modules by URL (pool.ts, helper-thread.ts, plot-threads.ts
// pass `import.meta.url`), and files are found
// relative to a module (package.json, conf/, build/wasm/, dashboard/static). So that every such
// URL means what it meant, each of our modules' `import.meta.url` is rewritten to the URL of its
// own per-file twin in dist/ (the bundle's chunks all sit in dist/bundle/, one level down, so
// the relative path from a chunk to the twin is the same for every chunk) — except in task
// modules, which hand their own URL to a worker thread (or import it in this thread when no
// worker is used; found by TASK_HANDOFF): they are entry points of the bundle, sharing its
// chunks, and their URL is their entry's, so a task run in this thread uses the same module
// instances as the command (one kept WebAssembly heap, one set of settings) and a worker loads a
// few bundled files. test/e2e/bundle.test.ts checks that every other use of `import.meta.url`
// in src/ locates a file, so a hand-off written another way is caught.
// DuckDB's JavaScript API (@duckdb/node-api: 181 CommonJS files, resolved and compiled one by one
// when required from node_modules) is bundled into a chunk of its own, loaded when a warehouse
// is first opened: src/data/warehouse/duck-api.ts is replaced by an import() of it (DUCK_API).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const EXTERNAL = ['@duckdb/node-bindings', '@resvg/resvg-js', '@aws-sdk/client-s3', 'undici'];
/** esbuild's options for a bundle of ours that Node runs (also the test mirror's, scripts/test-vendor.mjs). */
export const NODE_BUNDLE = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // Bundled CommonJS dependencies call require() for Node's built-ins.
  banner: { js: "import { createRequire as __edgelabRequire } from 'node:module'; const require = __edgelabRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
};
/** The module that loads DuckDB's API (a path under dist/), and what it becomes in the bundle. */
export const DUCK_API = {
  file: 'data/warehouse/duck-api.js',
  contents: "export async function importDuckApi() { return (await import('@duckdb/node-api')).default; }\n",
};
/** How a module hands its own URL to a worker as the module to run (pool.ts, helper-thread.ts). */
export const TASK_HANDOFF = /module: import\.meta\.url|postToHelper\(import\.meta\.url/;

/** The bundle entry of a task module (a path under dist/ with '/'): models/fit-many.js → task-models-fit-many. */
export function taskEntry(file) {
  return `task-${file.replace(/\.js$/, '').replaceAll('/', '-')}`;
}

/** The task modules under `dist` (paths with '/'), found by TASK_HANDOFF. */
export function taskModules(dist) {
  const out = [];
  const visit = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (relative(dist, p) !== 'bundle') visit(p);
      } else if (e.name.endsWith('.js') && TASK_HANDOFF.test(readFileSync(p, 'utf8'))) out.push(relative(dist, p).split(sep).join('/'));
    }
  };
  visit(dist);
  return out.sort();
}

/**
 * Bundle `<dist>/cli/main.js` into `<dist>/bundle`. Returns an error message or null; a missing
 * esbuild (it comes with tsx) is not an error: the CLI then runs the per-file dist/.
 */
export async function bundle(dist) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  const out = join(dist, 'bundle');
  const tasks = new Set(taskModules(dist));
  const duckApi = resolve(dist, ...DUCK_API.file.split('/'));
  if (!existsSync(duckApi)) return `${DUCK_API.file} is missing: DuckDB's API would not be bundled (scripts/bundle.mjs DUCK_API)`;
  const bundledDuckApi = {
    name: 'bundled-duck-api',
    setup(b) {
      b.onLoad({ filter: /duck-api\.js$/ }, (args) => (args.path === duckApi ? { contents: DUCK_API.contents, loader: 'js' } : undefined));
    },
  };
  const ownUrl = {
    name: 'own-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (args) => {
        const rel = relative(dist, args.path);
        if (rel.startsWith('..') || rel.startsWith(`bundle${sep}`)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const posix = rel.split(sep).join('/');
        const target = JSON.stringify(tasks.has(posix) ? `./${taskEntry(posix)}.js` : `../${posix}`);
        return { contents: text.replaceAll('import.meta.url', `new URL(${target}, import.meta.url).href`), loader: 'js' };
      });
    },
  };
  try {
    await esbuild.build({
      entryPoints: {
        main: join(dist, 'cli', 'main.js'),
        ...Object.fromEntries([...tasks].map((file) => [taskEntry(file), join(dist, ...file.split('/'))])),
      },
      ...NODE_BUNDLE,
      outdir: out,
      plugins: [bundledDuckApi, ownUrl],
      logLevel: 'error',
    });
    return null;
  } catch (e) {
    return `bundling failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}

// `node scripts/bundle.mjs DIST` (build.mjs runs it in a child: its build() is synchronous).
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split(sep).join('/'))) {
  const err = await bundle(process.argv[2] ?? 'dist');
  if (err) {
    console.error(`bundle: ${err}`);
    process.exit(1);
  }
}
