#!/usr/bin/env node
// The published entry point. It runs the JavaScript that `npm ci` compiled into dist/ (the
// `prepare` script), so the CLI starts without a TypeScript loader: the bundle (dist/bundle/, a
// few files per command, scripts/bundle.mjs) when it was built, else the per-file output.
// Development runs straight from the TypeScript sources through tsx: when dist/ is absent, or with EDGELAB_FROM_SOURCE=1.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

// `edgelab list | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');
const bundled = join(root, 'dist', 'bundle', 'main.js');
// EDGELAB_NO_BUNDLE=1 runs the per-file output (bench/startup.ts compares the two).
let entry = existsSync(bundled) && process.env.EDGELAB_NO_BUNDLE !== '1' ? bundled : compiled;
if (process.env.EDGELAB_FROM_SOURCE === '1' || !existsSync(compiled)) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = join(root, 'src', 'cli', 'main.ts');
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
