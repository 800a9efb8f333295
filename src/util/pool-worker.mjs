// Worker side of src/util/pool.ts. Plain JavaScript so it starts without a loader; it then
// registers tsx (the CLI runs TypeScript without a build step) and runs task functions from
// TypeScript or JavaScript modules.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const modules = new Map();

parentPort.on('message', async ({ id, module, fn, arg }) => {
  try {
    let mod = modules.get(module);
    if (!mod) {
      mod = await import(module);
      modules.set(module, mod);
    }
    if (typeof mod[fn] !== 'function') throw new Error(`pool: module ${module} has no exported function '${fn}'`);
    const result = await mod[fn](arg);
    parentPort.postMessage({ id, ok: true, result });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    parentPort.postMessage({ id, ok: false, error: { name: err.name, message: err.message, stack: err.stack, exitCode: err.exitCode } });
  }
});
