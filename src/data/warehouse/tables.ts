// The warehouse tables (DESIGN.md section 5) as column specs: one description drives the DDL, the
// appender that stages rows, the diff of an upsert and the conversion back to Dataset rows.
import { createHash } from 'node:crypto';

export type ColumnType = 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN';

export interface Column {
  name: string;
  type: ColumnType;
  /** NOT NULL in the table; the load refuses a row without it. */
  required: boolean;
  /** Optional field of the row type: a NULL reads back as an absent property. */
  omitWhenNull?: boolean;
  /**
   * Added after warehouses were in use: opening a warehouse adds it where it is missing
   * (migrateSql), and a row without a value hashes as it did before the column existed, so
   * fingerprints recorded by earlier experiments still match their data.
   */
  added?: boolean;
}

export interface TableSpec {
  name: 'games' | 'lines' | 'team_game';
  /** Dataset property holding this table's rows. */
  datasetKey: 'games' | 'lines' | 'teamGames';
  key: string[];
  columns: Column[];
  /** Extra CHECK constraints: a backstop behind the row validation of validate.ts. */
  checks: string[];
}

const c = (name: string, type: ColumnType, required = false, omitWhenNull = false): Column => ({
  name,
  type,
  required,
  omitWhenNull,
});

// Optional fields of the row type (absent = NULL), so rows of sources without them round-trip as they are.
const added = (name: string): Column => ({ ...c(name, 'DOUBLE', false, true), added: true });

export const GAMES: TableSpec = {
  name: 'games',
  datasetKey: 'games',
  key: ['game_id'],
  columns: [
    c('game_id', 'VARCHAR', true),
    c('season', 'INTEGER', true),
    c('season_type', 'VARCHAR', true),
    c('week', 'INTEGER', true),
    c('start_date', 'VARCHAR', true),
    c('neutral_site', 'BOOLEAN', true),
    c('conference_game', 'BOOLEAN', true),
    c('home_team', 'VARCHAR', true),
    c('away_team', 'VARCHAR', true),
    c('home_conference', 'VARCHAR'),
    c('away_conference', 'VARCHAR'),
    c('home_points', 'INTEGER'),
    c('away_points', 'INTEGER'),
    c('completed', 'BOOLEAN', true),
    c('home_rest', 'DOUBLE'),
    c('away_rest', 'DOUBLE'),
    c('sport', 'VARCHAR', false, true),
  ],
  checks: [
    "season_type IN ('regular', 'postseason')",
    "sport IS NULL OR sport IN ('cfb', 'nfl')",
    'home_points IS NULL OR home_points >= 0',
    'away_points IS NULL OR away_points >= 0',
    'home_team <> away_team',
  ],
};

export const LINES: TableSpec = {
  name: 'lines',
  datasetKey: 'lines',
  key: ['game_id', 'provider'],
  columns: [
    c('game_id', 'VARCHAR', true),
    c('provider', 'VARCHAR', true),
    c('spread', 'DOUBLE'),
    c('spread_open', 'DOUBLE'),
    c('total', 'DOUBLE'),
    c('total_open', 'DOUBLE'),
    c('home_moneyline', 'INTEGER'),
    c('away_moneyline', 'INTEGER'),
    c('spread_price_home', 'INTEGER', true),
    c('spread_price_away', 'INTEGER', true),
    c('over_price', 'INTEGER', false, true),
    c('under_price', 'INTEGER', false, true),
    c('captured_at', 'VARCHAR'),
  ],
  checks: [],
};

export const TEAM_GAME: TableSpec = {
  name: 'team_game',
  datasetKey: 'teamGames',
  key: ['game_id', 'team'],
  columns: [
    c('game_id', 'VARCHAR', true),
    c('team', 'VARCHAR', true),
    c('opponent', 'VARCHAR', true),
    c('is_home', 'BOOLEAN', true),
    c('points', 'INTEGER'),
    c('plays', 'INTEGER'),
    c('drives', 'INTEGER'),
    c('yards_per_play', 'DOUBLE'),
    c('success_rate', 'DOUBLE'),
    c('epa_per_play', 'DOUBLE'),
    c('explosiveness', 'DOUBLE'),
    c('rush_yards_per_play', 'DOUBLE'),
    c('pass_yards_per_play', 'DOUBLE'),
    c('points_per_drive', 'DOUBLE'),
    // Pass/rush splits and explosive-play rate (issue 18): appended, never reordered, because a
    // migrated table gets them at its end and loads copy rows by position (upsert.ts).
    added('pass_epa_per_play'),
    added('rush_epa_per_play'),
    added('pass_success_rate'),
    added('rush_success_rate'),
    added('explosive_play_rate'),
  ],
  checks: ['points IS NULL OR points >= 0', 'plays IS NULL OR plays >= 0', 'drives IS NULL OR drives >= 0'],
};

/** In load order: games first, so lines and team_game rows can refer to them. */
export const TABLES: readonly TableSpec[] = [GAMES, LINES, TEAM_GAME];

export function createTableSql(t: TableSpec): string {
  const cols = t.columns.map((col) => `  ${col.name} ${col.type}${col.required ? ' NOT NULL' : ''}`);
  const checks = t.checks.map((ch) => `  CHECK (${ch})`);
  return `CREATE TABLE IF NOT EXISTS ${t.name} (\n${[...cols, `  PRIMARY KEY (${t.key.join(', ')})`, ...checks].join(',\n')}\n)`;
}

/**
 * Statements that bring a table created by an earlier version up to `t` (its `added` columns that
 * `existing` lacks, in spec order so the table's column order stays the spec's).
 */
export function migrateSql(t: TableSpec, existing: ReadonlySet<string>): string[] {
  return t.columns.filter((col) => col.added && !existing.has(col.name)).map((col) => `ALTER TABLE ${t.name} ADD COLUMN ${col.name} ${col.type}`);
}

export const INGEST_LOG_SQL = `CREATE TABLE IF NOT EXISTS ingest_log (
  id INTEGER PRIMARY KEY,
  source VARCHAR NOT NULL,
  params VARCHAR NOT NULL,
  started_at VARCHAR NOT NULL,
  finished_at VARCHAR NOT NULL,
  rows VARCHAR NOT NULL,
  inserted INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  fingerprint VARCHAR NOT NULL,
  changes VARCHAR NOT NULL
)`;

/** Small key/value store for sources that keep state (the demo league's seed and reveal week). */
export const SOURCE_STATE_SQL = `CREATE TABLE IF NOT EXISTS source_state (
  source VARCHAR PRIMARY KEY,
  state VARCHAR NOT NULL,
  updated_at VARCHAR NOT NULL
)`;

const FINGERPRINT_CHUNK = 512;

/**
 * Content fingerprint of rows in table order: sha256 over each row's values in column order
 * (much cheaper than canonical JSON of objects, and independent of property order).
 */
export function datasetFingerprint(batch: Record<string, Record<string, unknown>[] | undefined>, length = 16, texts?: Record<string, string[]>): string {
  const h = createHash('sha256');
  for (const t of TABLES) {
    h.update(`\u0000${t.name}\u0000`);
    const all = texts?.[t.name] ?? (batch[t.datasetKey] ?? []).map((r) => rowText(t, r));
    // The same bytes (each text and a newline) in chunks of rows: a call per row costs its
    // overhead 20,000 times, and one join of a whole table measured 6× slower than chunks.
    for (let i = 0; i < all.length; i += FINGERPRINT_CHUNK) h.update(all.slice(i, i + FINGERPRINT_CHUNK).join('\n') + '\n');
  }
  return h.digest('hex').slice(0, length);
}

/** A row's values in column order as JSON: what the fingerprint hashes (equal texts, equal rows). */
export function rowText(t: TableSpec, r: Record<string, unknown>): string {
  const values = t.columns.map((c) => r[c.name] ?? null);
  // Trailing added columns without a value are left out: the row hashes as before they existed.
  let n = values.length;
  while (n > 0 && t.columns[n - 1]!.added && values[n - 1] === null) n--;
  return JSON.stringify(n === values.length ? values : values.slice(0, n));
}

export function keyOf(t: TableSpec, row: Record<string, unknown>): string {
  return t.key.map((k) => `${k}=${String(row[k])}`).join(', ');
}
