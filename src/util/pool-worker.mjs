// Worker side of src/util/pool.ts. Plain JavaScript so it starts without a loader. Task modules
// are compiled JavaScript when the CLI runs from dist/; when they are TypeScript sources
// (development, tests) the worker registers tsx first, once.
import { parentPort } from 'node:worker_threads';

const modules = new Map();
let tsx = null;

async function load(module) {
  let mod = modules.get(module);
  if (!mod) {
    if (/\.[mc]?ts$/.test(new URL(module).pathname)) {
      tsx ??= import('tsx/esm/api').then(({ register }) => register());
      await tsx;
    }
    mod = await import(module);
    modules.set(module, mod);
  }
  return mod;
}

parentPort.on('message', async ({ id, module, fn, arg }) => {
  try {
    const mod = await load(module);
    if (typeof mod[fn] !== 'function') throw new Error(`pool: module ${module} has no exported function '${fn}'`);
    const result = await mod[fn](arg);
    parentPort.postMessage({ id, ok: true, result });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    parentPort.postMessage({ id, ok: false, error: { name: err.name, message: err.message, stack: err.stack, exitCode: err.exitCode } });
  }
});
