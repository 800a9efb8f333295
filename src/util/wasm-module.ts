// Loading a WebAssembly kernel that `npm ci` compiled from assembly/ into build/wasm/. Every
// kernel has a plain-JavaScript twin giving the same bits, so a missing .wasm (an install without
// dev dependencies) or EDGELAB_NO_WASM=1 means slower, never different, results.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The compiled module at `url`, or null when it was not built, cannot load, or EDGELAB_NO_WASM=1. */
export function loadWasmModule(url: URL, what: string): WebAssembly.Module | null {
  if (process.env.EDGELAB_NO_WASM === '1') return null;
  let bytes: Buffer;
  try {
    bytes = readFileSync(url);
  } catch {
    return null; // not built: the JavaScript twin gives the same numbers, more slowly
  }
  try {
    return new WebAssembly.Module(Uint8Array.from(bytes));
  } catch (e) {
    // A broken build: still correct with the twin, but say why it is slow (`npm run build`).
    process.emitWarning(`${what}: ${fileURLToPath(url)} does not load (${(e as Error).message}); using the slower JavaScript kernel`);
    return null;
  }
}
