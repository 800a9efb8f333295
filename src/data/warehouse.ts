// The warehouse: one embedded DuckDB file holding games, lines, team_game, the ingest log and
// per-source state. Loads are one transaction each and idempotent (an upsert that reports
// inserted / updated / unchanged rows); user queries run read-only.
// DuckDB's native module loads when a warehouse is opened, not with this module (start-up).
import type { DuckDBInstance, DuckDBConnection } from '@duckdb/node-api';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Dataset, Game, Line, Sport, TeamGame } from './schema.ts';
import { UserError } from '../util/errors.ts';
import { columnsOf, readAll, readObjects, readRows, sqlString } from './warehouse/duck.ts';
import { seasonFingerprintOf } from './fingerprint.ts';
import { createTableSql, datasetFingerprint, INGEST_LOG_SQL, migrateSql, rowText, SOURCE_STATE_SQL, TABLES, type TableSpec } from './warehouse/tables.ts';
import { importDuckApi, type DuckApi } from './warehouse/duck-api.ts';
import { attachWarehouse, detachWarehouse, scanWithThreads, type Attachment } from './warehouse/host.ts';

/** DuckDB's API once a warehouse has been opened in this process (warehouse/duck-api.ts). */
let duckApi: DuckApi | undefined;
import { upsertTable, type RowChange, type TableCounts } from './warehouse/upsert.ts';
import { datasetFromImage, filterDataset, knownTexts, rememberRows, tableLoad, type LoadedRows, type TableImage, type WarehouseImage } from './warehouse/table-image.ts';
import { LoadError, validateBatch } from './warehouse/validate.ts';
import { warehouseStatus, type WarehouseStatus } from './warehouse/status.ts';
import { currentWarehouseSession, sharedWarehouse } from './warehouse-session.ts';
import { faultPoint } from '../util/fault.ts';
import { cores } from '../util/cores.ts';

export { LoadError };
export type { TableCounts, RowChange, WarehouseStatus };

export interface LoadMeta {
  source: string;
  params: unknown;
  /**
   * Rows of this scope (game_id prefix) that the batch does not hold are deleted: the batch is
   * the whole truth for that scope (the demo league uses `demo_`).
   */
  scope?: { gameIdPrefix: string };
  /** Source state saved in the same transaction (read back with `sourceState`). */
  state?: unknown;
}

export interface LoadReport {
  source: string;
  ingestId: number;
  fingerprint: string;
  tables: Record<'games' | 'lines' | 'team_game', TableCounts>;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Up to 200 changed rows with their old and new values (also kept in ingest_log). */
  changes: RowChange[];
}

export interface DatasetFilter {
  seasons?: number[];
  sport?: Sport;
}

export interface QueryResult {
  columns: string[];
  rows: (string | number | boolean | null)[][];
}

const MAX_CHANGES = 200;
/**
 * Input (files to scan) below this is read by one thread: DuckDB's CSV reader gives each thread
 * ≈ 8 MB of a file (CSVIterator::BYTES_PER_THREAD), and a Parquet file that small holds one row
 * group or a few small ones.
 */
const SPLIT_BYTES = 8_000_000;
/** The session's key of an unfiltered read (readDataset). */
const ALL_ROWS = JSON.stringify([null, null]);

export class Warehouse {
  /** Held by a warehouse session: close() keeps it open, release() closes it. */
  private shared = false;
  /** In a session, datasets already read (by filter), until the next load. */
  private readonly datasets = new Map<string, Dataset>();
  /** In a session, the tables' content as the loads left it, when known (warehouse/table-image.ts). */
  private image: WarehouseImage | null = null;
  /** In a session, the frozen batch rows its loads committed, per table (table-image.ts LoadedRows). */
  private readonly loaded = Object.fromEntries(TABLES.map((t) => [t.name, new WeakMap()])) as Record<TableSpec['name'], LoadedRows>;
  /** In a session (the file's only writer), the next ingest id once a load has asked for it. */
  private nextIngestId: number | null = null;
  /** In a session, each source's saved state as stored (JSON text; null: none), once read or written. */
  private readonly states = new Map<string, string | null>();
  /** Columns of the schema a read-only warehouse of an earlier version lacks (read as NULL). */
  private missing = new Set<string>();

  private constructor(
    readonly path: string,
    readonly readOnly: boolean,
    private readonly conn: DuckDBConnection,
    /** The warehouse's attachment to the process's DuckDB instance (warehouse/host.ts), or */
    private readonly attachment: Attachment | null,
    /** its own instance, when the host could not take it. */
    private readonly instance: DuckDBInstance | null,
  ) {}

  static async open(path: string, opts: { readOnly?: boolean } = {}): Promise<Warehouse> {
    const readOnly = opts.readOnly ?? false;
    if (readOnly && path !== ':memory:' && !existsSync(path))
      throw new UserError(`no warehouse at ${path}: load data first (edgelab data demo, or edgelab data import)`);
    if (!readOnly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let own: { instance: DuckDBInstance; conn: DuckDBConnection } | null = null;
    let attachment: Attachment | null;
    try {
      const api = (duckApi ??= await importDuckApi());
      // The warehouse's queries are small (a few tables of thousands of rows, read whole or
      // upserted in one transaction): one thread does them for less CPU than DuckDB's default of
      // one per core (status and validate ≈ 50 ms less per command; a weekly reveal ≈ 0.1 s, the
      // first load of eleven demo seasons ≈ 0.1 s less, wall time no longer), with the same results.
      // EDGELAB_DUCKDB_THREADS: pin DuckDB's threads (benchmarks compare at equal threads).
      const threads = process.env.EDGELAB_DUCKDB_THREADS ?? '1';
      attachment = await attachWarehouse(api, path, readOnly, threads);
      if (!attachment) {
        // The process's first open, or the file is attached already (opened twice in this
        // process) or its name is taken: an instance of its own, as every open had before
        // (warehouse/host.ts).
        const instance = await api.DuckDBInstance.create(path, { ...(readOnly ? { access_mode: 'READ_ONLY' } : {}), threads });
        own = { instance, conn: await instance.connect() };
      }
    } catch (e) {
      const msg = (e as Error).message;
      if (/lock/i.test(msg)) throw new UserError(`warehouse ${path} is busy: another process has it open for writing (${msg.split('\n')[0]}); try again when it has finished`);
      throw new UserError(`cannot open warehouse ${path}: ${msg.split('\n')[0]}`);
    }
    const conn = attachment?.conn ?? own!.conn;
    const wh = new Warehouse(path, readOnly, conn, attachment, own?.instance ?? null);
    try {
      if (!readOnly) {
        for (const t of TABLES) await conn.run(createTableSql(t));
        await conn.run(INGEST_LOG_SQL);
        await conn.run(SOURCE_STATE_SQL);
      }
      await wh.migrate();
    } catch (e) {
      // An attachment is never collected: detach it, or the file stays locked while the process runs.
      await wh.release().catch(() => {});
      throw e;
    }
    return wh;
  }

  /**
   * A warehouse written by an earlier version lacks the columns added since: a writable open adds
   * them (empty), a read-only one reads them as NULL, so an existing warehouse keeps loading.
   */
  private async migrate(): Promise<void> {
    for (const t of TABLES) {
      if (!t.columns.some((col) => col.added)) continue;
      const res = await readAll(this.conn, `SELECT name FROM pragma_table_info(${sqlString(t.name)})`).catch(() => null);
      if (!res) continue; // read-only and never created: reading it fails as before
      const existing = new Set(res.rows.map((r) => r[0] as string));
      if (this.readOnly) {
        for (const col of t.columns) if (!existing.has(col.name)) this.missing.add(`${t.name}.${col.name}`);
      } else {
        for (const sql of migrateSql(t, existing)) await this.conn.run(sql);
      }
    }
  }

  /** Upsert a batch in one transaction; a bad row rolls everything back (LoadError). */
  async load(dataset: Partial<Dataset>, meta: LoadMeta): Promise<LoadReport> {
    if (this.readOnly) throw new UserError(`warehouse ${this.path} is open read-only; cannot load`);
    const startedAt = new Date().toISOString();
    this.datasets.clear();
    const before = this.shared ? (this.image ?? (await this.emptyImage())) : null;
    this.image = null;
    const batch = dataset as unknown as Record<string, Record<string, unknown>[] | undefined>;
    // Rows the session's image holds as they are, or that it loaded before (the same frozen
    // objects), were validated and texted when they were loaded.
    const known = this.shared ? Object.fromEntries(TABLES.map((t) => [t.name, knownTexts(t, before?.[t.name], batch[t.datasetKey] ?? [], this.loaded[t.name])])) : undefined;
    await validateBatch(batch, (ids) => this.existingGameIds(ids), known);
    // Each row's text once: the fingerprint hashes it, the session's image compares by it.
    const texts = Object.fromEntries(TABLES.map((t) => [t.name, (batch[t.datasetKey] ?? []).map((r, i) => known?.[t.name]![i] ?? rowText(t, r))]));
    const fp = datasetFingerprint(batch, 16, texts);
    const after: Partial<Record<TableSpec['name'], TableImage | null>> = {};
    const changes: RowChange[] = [];
    const tables = {} as LoadReport['tables'];
    await this.conn.run('BEGIN TRANSACTION');
    try {
      for (const t of TABLES) {
        const rows = batch[t.datasetKey] ?? [];
        let plan;
        if (this.shared) ({ plan, after: after[t.name] } = tableLoad(t, before?.[t.name], rows, texts[t.name]!, meta.scope?.gameIdPrefix));
        tables[t.name] = await upsertTable(this.conn, t, rows, meta.scope?.gameIdPrefix, changes, MAX_CHANGES, plan);
        faultPoint(`data:after-${t.name}`);
      }
      const sum = (k: keyof TableCounts) => TABLES.reduce((s, t) => s + tables[t.name][k], 0);
      const ingestId = (this.shared ? this.nextIngestId : null) ?? Number((await readAll(this.conn, 'SELECT COALESCE(MAX(id), 0) + 1 FROM ingest_log')).rows[0]![0]);
      const rows = Object.fromEntries(TABLES.map((t) => [t.name, (batch[t.datasetKey] ?? []).length]));
      const report: LoadReport = {
        source: meta.source,
        ingestId,
        fingerprint: fp,
        tables,
        inserted: sum('inserted'),
        updated: sum('updated'),
        unchanged: sum('unchanged'),
        deleted: sum('deleted'),
        changes,
      };
      const finishedAt = new Date().toISOString();
      await this.conn.run('INSERT INTO ingest_log VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)', [
        ingestId,
        meta.source,
        JSON.stringify(meta.params ?? null),
        startedAt,
        finishedAt,
        JSON.stringify({ batch: rows, ...tables }),
        report.inserted,
        report.updated,
        report.unchanged,
        report.deleted,
        fp,
        JSON.stringify(changes),
      ]);
      if (meta.state !== undefined) {
        // An UPDATE of the source's row, inserted when there is none: the same row as
        // INSERT … ON CONFLICT DO UPDATE, which measured three times the CPU of an UPDATE.
        const values = [meta.source, JSON.stringify(meta.state), finishedAt];
        const updated = await this.conn.run('UPDATE source_state SET state = $2, updated_at = $3 WHERE source = $1', values);
        if (Number(updated.rowsChanged) === 0) await this.conn.run('INSERT INTO source_state VALUES ($1, $2, $3)', values);
      }
      faultPoint('data:before-commit');
      await this.conn.run('COMMIT');
      faultPoint('data:after-commit');
      if (this.shared) this.nextIngestId = ingestId + 1;
      if (this.shared && meta.state !== undefined) this.states.set(meta.source, JSON.stringify(meta.state));
      if (this.shared) for (const t of TABLES) rememberRows(this.loaded[t.name], batch[t.datasetKey] ?? [], texts[t.name]!);
      if (this.shared) this.image = await this.checkedImage(TABLES.every((t) => after[t.name]) ? (after as WarehouseImage) : null);
      return report;
    } catch (e) {
      await this.conn.run('ROLLBACK');
      if (e instanceof UserError) throw e;
      throw new UserError(`load refused, nothing changed: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  /**
   * The image of a warehouse whose tables hold no row (a fresh project's first load), else null.
   * With it, the first load appends its rows to the tables directly instead of staging all of
   * them and joining them against empty tables: the same rows, counts and report.
   */
  private async emptyImage(): Promise<WarehouseImage | null> {
    const res = await readAll(this.conn, `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t.name})`).join(', ')}`).catch(() => null);
    if (!res || !TABLES.every((_, i) => Number(res.rows[0]![i]) === 0)) return null;
    return Object.fromEntries(TABLES.map((t) => [t.name, { rows: [], byKey: new Map() }])) as unknown as WarehouseImage;
  }

  /** The image, if every table holds as many rows as it says (then exactly its rows: every row it names was upserted). */
  private async checkedImage(image: WarehouseImage | null): Promise<WarehouseImage | null> {
    if (!image) return null;
    // After the commit: a failure here only means no image (the next read goes to DuckDB).
    const res = await readAll(this.conn, `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t.name})`).join(', ')}`).catch(() => null);
    return res && TABLES.every((t, i) => Number(res.rows[0]![i]) === image[t.name].rows.length) ? image : null;
  }

  private async existingGameIds(ids: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += 1000) {
      const part = ids.slice(i, i + 1000);
      const res = await readAll(this.conn, `SELECT game_id FROM games WHERE game_id IN (${part.map(sqlString).join(', ')})`);
      for (const r of res.rows) out.add(r[0] as string);
    }
    return out;
  }

  /** The saved state of a source (e.g. the demo league's seed and reveal week), or undefined. */
  async sourceState(source: string): Promise<unknown> {
    // In a session the loads are the only writers: the state a load saved is known (a weekly reveal asks every week).
    let text = this.shared ? this.states.get(source) : undefined;
    if (text === undefined) {
      const res = await readAll(this.conn, 'SELECT state FROM source_state WHERE source = $1', [source]);
      text = res.rows.length ? (res.rows[0]![0] as string) : null;
      if (this.shared) this.states.set(source, text);
    }
    return text === null ? undefined : JSON.parse(text);
  }

  /** Every row of the selected seasons, sorted by key, as Dataset rows. */
  async readDataset(filter: DatasetFilter = {}): Promise<Dataset> {
    if (!this.shared) return this.readDatasetNow(filter);
    // In a session the tables are read once per load and passed on: fresh arrays (callers may
    // push to them) of frozen rows (so no caller can change what another one sees).
    const key = JSON.stringify([filter.seasons ?? null, filter.sport ?? null]);
    let d = this.datasets.get(key);
    if (!d && this.image) {
      d = datasetFromImage(this.image, filter);
      this.datasets.set(key, d);
    }
    // Every row already read (a command that reads all seasons, then some): the same rows, filtered here.
    const all = key === ALL_ROWS ? undefined : this.datasets.get(ALL_ROWS);
    if (!d && all) {
      d = filterDataset(all, filter);
      this.datasets.set(key, d);
    }
    if (!d) {
      d = await this.readDatasetNow(filter);
      for (const rows of [d.games, d.lines, d.teamGames] as object[][]) for (const r of rows) Object.freeze(r);
      this.datasets.set(key, d);
    }
    return { games: [...d.games], lines: [...d.lines], teamGames: [...d.teamGames] };
  }

  private async readDatasetNow(filter: DatasetFilter): Promise<Dataset> {
    const conds: string[] = [];
    if (filter.seasons) conds.push(filter.seasons.length ? `season IN (${filter.seasons.map((s) => Math.trunc(s)).join(', ')})` : 'FALSE');
    if (filter.sport) conds.push(`COALESCE(sport, 'cfb') = ${sqlString(filter.sport)}`);
    const gameWhere = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
    const inGames = conds.length ? `WHERE game_id IN (SELECT game_id FROM games ${gameWhere})` : '';
    const read = async <T>(t: TableSpec, where: string): Promise<T[]> => {
      const cols = t.columns.map((c) => (this.missing.has(`${t.name}.${c.name}`) ? `NULL::${c.type} AS ${c.name}` : c.name));
      // Objects built straight from the chunks, properties in column order (an omitted NULL left out).
      return (await readRows(this.conn, `SELECT ${cols.join(', ')} FROM ${t.name} ${where} ORDER BY ${t.key.join(', ')}`, t.columns)) as T[];
    };
    const games = await read<Game>(TABLES[0]!, gameWhere);
    const lines = await read<Line>(TABLES[1]!, inGames);
    const teamGames = await read<TeamGame>(TABLES[2]!, inGames);
    return { games, lines, teamGames };
  }

  /**
   * Whether some line or team_game row refers to a game the warehouse does not hold, answered
   * from the session's image (a lookup per row, no query); undefined when there is no image.
   */
  straysKnown(): boolean | undefined {
    if (!this.image) return undefined;
    const games = this.image.games.byKey;
    return this.image.lines.rows.some((r) => !games.has(r.game_id as string)) || this.image.team_game.rows.some((r) => !games.has(r.game_id as string));
  }

  /** Content fingerprint of one season (all three tables); experiments record it. */
  async seasonFingerprint(season: number): Promise<string> {
    return seasonFingerprintOf(await this.readDataset({ seasons: [season] }), season);
  }

  /**
   * One thread per core for what follows (unless EDGELAB_DUCKDB_THREADS pins it): the warehouse
   * opens on one thread because its own queries are small, but scanning a user's large file
   * (a season of play-by-play, hundreds of thousands of rows) is where DuckDB's threads pay.
   * `inputBytes`, the size of the files to scan: below SPLIT_BYTES one thread reads them all
   * whatever the setting, so the warehouse stays on its one thread (the threads started for such
   * a file only cost: data-import-pbp.test.ts's imports of small files ≈ 1 s of CPU in 4).
   */
  async scanWithAllCores(inputBytes = Infinity): Promise<void> {
    if (process.env.EDGELAB_DUCKDB_THREADS || inputBytes < SPLIT_BYTES) return;
    // On the shared instance the setting is every attachment's: set back when this one closes.
    if (this.attachment) await scanWithThreads(this.attachment, cores());
    else await this.conn.run(`SET threads = ${cores()}`);
  }

  /** Run one read-only statement (SELECT, EXPLAIN); anything that could write is refused. */
  async query(sql: string): Promise<QueryResult> {
    let extracted;
    try {
      extracted = await this.conn.extractStatements(sql);
    } catch (e) {
      throw new UserError(`query: ${(e as Error).message.split('\n')[0]}`);
    }
    if (extracted.count !== 1) throw new UserError(`query: give exactly one statement (got ${extracted.count})`);
    let prepared;
    try {
      prepared = await extracted.prepare(0);
    } catch (e) {
      throw new UserError(`query: ${(e as Error).message.split('\n')[0]}`);
    }
    const type = prepared.statementType;
    const { StatementType } = duckApi!; // loaded: the warehouse is open
    // EXPLAIN ANALYZE executes its statement, so only a plain EXPLAIN counts as read-only.
    if ((type !== StatementType.SELECT && type !== StatementType.EXPLAIN) || (type === StatementType.EXPLAIN && /\banaly[sz]e\b/i.test(sql)))
      throw new UserError(`query refused: ${StatementType[type] ?? 'this'} statements may change the warehouse; only SELECT and EXPLAIN run here`);
    // Belt and braces on a writable warehouse: the statement runs in a transaction rolled back after.
    if (!this.readOnly) await this.conn.run('BEGIN TRANSACTION');
    try {
      const res = await this.conn.stream(sql);
      const columns = res.deduplicatedColumnNames();
      const data = await columnsOf(res);
      const rows: QueryResult['rows'] = [];
      for (let r = 0; r < (data[0]?.length ?? 0); r++) rows.push(data.map((col) => col[r]!));
      return { columns, rows };
    } catch (e) {
      throw new UserError(`query: ${(e as Error).message.split('\n')[0]}`);
    } finally {
      if (!this.readOnly) await this.conn.run('ROLLBACK');
    }
  }

  async status(): Promise<WarehouseStatus> {
    return warehouseStatus(this.path, (sql) => readObjects(this.conn, sql));
  }

  /** Close (a session's warehouse stays open). Await it: the file is unlocked when it resolves. */
  async close(): Promise<void> {
    if (!this.shared) await this.release();
  }

  /** Mark this instance as a session's (see warehouse-session.ts). */
  holdForSession(): this {
    this.shared = true;
    return this;
  }

  /** Close for real (a session does this when it ends); the file is unlocked when it resolves. */
  async release(): Promise<void> {
    this.shared = false;
    this.datasets.clear();
    this.image = null;
    this.nextIngestId = null;
    this.states.clear();
    if (this.attachment) return detachWarehouse(this.attachment);
    this.conn.closeSync();
    this.instance!.closeSync();
  }
}


/** Open a warehouse; inside withWarehouseSession, the session's shared instance. */
export function openWarehouse(path: string, opts?: { readOnly?: boolean }): Promise<Warehouse> {
  const session = currentWarehouseSession();
  if (!session || path === ':memory:') return Warehouse.open(path, opts);
  return sharedWarehouse(session, path, opts?.readOnly ?? false, async (p, readOnly) => {
    const wh = await Warehouse.open(p, { readOnly });
    return wh.holdForSession();
  });
}
