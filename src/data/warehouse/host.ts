// One DuckDB instance per process (per thread: a module variable), every warehouse ATTACHed to it.
// A fresh instance per open built DuckDB's whole built-in catalog and allocator state (≈ 20 ms
// of CPU) and its close freed all of it again (the suite's ≈ 290 opens: ≈ 16 s of closeSync);
// an attachment costs only the file's own state, and DETACH checkpoints and unlocks the file
// as an instance's close did (no .wal is left; another process can open it at once).
// The instance is in memory and holds nothing itself; its threads setting is the warehouses'
// (EDGELAB_DUCKDB_THREADS or 1), so one instance per setting.
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { DuckApi } from './duck-api.ts';
import { readAll, sqlString } from './duck.ts';

const hosts = new Map<string, Promise<DuckDBInstance>>();
/** ATTACH and the read of the name it gave, one at a time (the name is the one that appeared). */
let attaching: Promise<unknown> = Promise.resolve();
/** In-memory warehouses get names of their own (the host's own catalog is `memory`). */
let memories = 0;
/** Attachments that asked for a thread per core (scanWithAllCores), per host. */
const scanning = new Map<DuckDBInstance, Set<Attachment>>();

export interface Attachment {
  conn: DuckDBConnection;
  host: DuckDBInstance;
  /** The host's threads setting (restored when the last scan's warehouse is closed). */
  threads: string;
  /** The catalog's name: a file's is the one DuckDB gives it when it opens the file alone. */
  name: string;
}

/** Warehouses opened in this process (thread) so far. */
let opens = 0;

/**
 * Attach `path` to the host instance of `threads` and connect to it (USE: unqualified names are
 * its tables). Null when the host cannot take it: the file is attached already (DuckDB refuses
 * a second attachment) or its name is taken (another warehouse of the same file name); and for
 * the process's first open: a command opens one warehouse (one session), for which a host and
 * an attachment cost more than an instance of the file (the host's catalog is built all the
 * same, and Node-API destroys it at exit); the host pays from the second open on. On null the
 * caller opens an instance of its own, as every open did before.
 */
export async function attachWarehouse(api: DuckApi, path: string, readOnly: boolean, threads: string): Promise<Attachment | null> {
  if (opens++ === 0) return null;
  let pending = hosts.get(threads);
  if (!pending) {
    pending = api.DuckDBInstance.create(':memory:', { threads });
    hosts.set(threads, pending);
    pending.catch(() => hosts.delete(threads));
  }
  const host = await pending;
  const conn = await host.connect();
  const alias = path === ':memory:' ? `memory_${++memories}` : null;
  const attach = async (): Promise<string | null> => {
    const before = await names(conn);
    try {
      await conn.run(`ATTACH ${sqlString(path)}${alias ? ` AS "${alias}"` : ''}${readOnly ? ' (READ_ONLY)' : ''}`);
    } catch (e) {
      if (/unique file handle conflict|already exists/i.test((e as Error).message)) return null;
      throw e;
    }
    return alias ?? (await names(conn)).find((n) => !before.includes(n))!;
  };
  const run = attaching.then(attach, attach);
  attaching = run.catch(() => null);
  let name: string | null;
  try {
    name = await run;
    if (name !== null) await conn.run(`USE ${identifier(name)}`);
  } catch (e) {
    conn.closeSync();
    throw e;
  }
  if (name === null) {
    conn.closeSync();
    return null;
  }
  return { conn, host, threads, name };
}

/** Detach (checkpointing the file and dropping its lock) and disconnect. */
export async function detachWarehouse(a: Attachment): Promise<void> {
  try {
    await a.conn.run('USE memory'); // DuckDB will not detach a connection's current catalog
    await a.conn.run(`DETACH ${identifier(a.name)}`);
    await scanDone(a);
  } finally {
    a.conn.closeSync();
  }
}

/** One thread per core on the host while some attachment scans (the setting is the instance's). */
export async function scanWithThreads(a: Attachment, threads: number): Promise<void> {
  let set = scanning.get(a.host);
  if (!set) scanning.set(a.host, (set = new Set()));
  set.add(a);
  await a.conn.run(`SET threads = ${threads}`);
}

async function scanDone(a: Attachment): Promise<void> {
  const set = scanning.get(a.host);
  if (!set?.delete(a) || set.size) return;
  scanning.delete(a.host);
  await a.conn.run(`SET threads = ${a.threads}`);
}

async function names(conn: DuckDBConnection): Promise<string[]> {
  return (await readAll(conn, 'SELECT database_name FROM duckdb_databases()')).rows.map((r) => r[0] as string);
}

function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
