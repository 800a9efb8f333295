// Where DuckDB's JavaScript API comes from, loaded when a warehouse is first opened (never at
// start-up: `--version` and the commands that use no warehouse do not pay for it).
// @duckdb/node-api is CommonJS: 181 small files, each resolved, read and compiled on its own
// (0.13–0.17 s of CPU per process). From the sources and the per-file dist/ it is require()d:
// `import()` would also make Node scan every re-exported file for its named exports (≈ 0.3 s more
// CPU). In the bundled CLI, scripts/bundle.mjs replaces this file with an import() of the API
// bundled into one lazily loaded chunk (≈ 0.06 s); only the native @duckdb/node-bindings (its
// duckdb.node and libduckdb.so) still load from node_modules.
import { createRequire } from 'node:module';

export type DuckApi = typeof import('@duckdb/node-api');

/** Load @duckdb/node-api (scripts/bundle.mjs swaps this function's body in the bundle). */
export async function importDuckApi(): Promise<DuckApi> {
  return createRequire(import.meta.url)('@duckdb/node-api') as DuckApi;
}
