// One warehouse connection per command (and per demo): inside withWarehouseSession, every
// openWarehouse of the same file gets the same open instance, and close() leaves it open until
// the session ends. Opening and closing DuckDB per step cost the quick demo 181 opens and 2.26 s
// of closing alone. A read-only request is served by a writable instance already open; a
// writable request replaces a read-only one. Scoped with AsyncLocalStorage, so independent work
// in the same process (tests) never shares a connection by accident.
import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import type { Warehouse } from './warehouse.ts';

export interface WarehouseSession {
  open: Map<string, Promise<Warehouse>>;
}

const store = new AsyncLocalStorage<WarehouseSession>();

/** The session the caller runs in, if any. */
export function currentWarehouseSession(): WarehouseSession | undefined {
  return store.getStore();
}

/** Run fn with one shared connection per warehouse file; closed when fn settles. Nests. */
export async function withWarehouseSession<T>(fn: () => Promise<T>): Promise<T> {
  if (store.getStore()) return fn();
  const session: WarehouseSession = { open: new Map() };
  try {
    return await store.run(session, fn);
  } finally {
    for (const p of session.open.values()) {
      const wh = await p.catch(() => null);
      await wh?.release();
    }
  }
}

/** The session's instance for `path`, opening it (or upgrading a read-only one) when needed. */
export async function sharedWarehouse(
  session: WarehouseSession,
  path: string,
  readOnly: boolean,
  open: (path: string, readOnly: boolean) => Promise<Warehouse>,
): Promise<Warehouse> {
  const key = resolve(path);
  const held = session.open.get(key);
  let replaced: Warehouse | null = null;
  if (held) {
    const wh = await held.catch(() => null);
    if (wh && (readOnly || !wh.readOnly)) return wh;
    // Another caller replaced it while this one waited: ask again.
    const now = session.open.get(key);
    if (now && now !== held) return sharedWarehouse(session, path, readOnly, open);
    replaced = wh;
  }
  // Set before anything is awaited, so that a concurrent request waits for this instance; the
  // read-only one is closed (its file unlocked) before the writable one opens.
  const p = replaced ? replaced.release().then(() => open(path, readOnly)) : open(path, readOnly);
  session.open.set(key, p);
  try {
    return await p;
  } catch (e) {
    session.open.delete(key);
    throw e;
  }
}
