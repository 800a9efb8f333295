// Row validation before a load: types, required fields, impossible values, duplicate keys within
// the batch, rows that refer to an unknown game. Anything merely implausible (a 120-point score,
// a missing line) is left to the data-quality checks, which report instead of refusing.
import { UserError } from '../../util/errors.ts';
import { keyOf, TABLES, type Column, type TableSpec } from './tables.ts';

export class LoadError extends UserError {
  constructor(
    public readonly table: string,
    public readonly key: string,
    public readonly field: string,
    problem: string,
  ) {
    super(`load refused, nothing changed: table ${table}, key ${key}, field ${field}: ${problem}`);
    this.name = 'LoadError';
  }
}

const INT32 = 2 ** 31 - 1;

function checkType(col: Column, v: unknown): string | undefined {
  if (v === null || v === undefined) return col.required ? 'is required but missing' : undefined;
  switch (col.type) {
    case 'VARCHAR':
      if (typeof v !== 'string') return `must be a string (got ${JSON.stringify(v)})`;
      if (col.required && v.trim() === '') return 'must not be empty';
      return undefined;
    case 'BOOLEAN':
      return typeof v === 'boolean' ? undefined : `must be true or false (got ${JSON.stringify(v)})`;
    case 'INTEGER':
      if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > INT32) return `must be an integer (got ${JSON.stringify(v)})`;
      return undefined;
    case 'DOUBLE':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : `must be a finite number (got ${JSON.stringify(v)})`;
  }
}

type Row = Record<string, unknown>;

function impossible(t: TableSpec, r: Row): [string, string] | undefined {
  if (t.name === 'games') {
    if (r.season_type !== 'regular' && r.season_type !== 'postseason')
      return ['season_type', `must be regular or postseason (got ${JSON.stringify(r.season_type)})`];
    if (r.sport !== undefined && r.sport !== null && r.sport !== 'cfb' && r.sport !== 'nfl')
      return ['sport', `must be cfb or nfl (got ${JSON.stringify(r.sport)})`];
    if ((r.season as number) < 1869 || (r.season as number) > 2200) return ['season', `impossible season ${String(r.season)}`];
    if ((r.week as number) < 0 || (r.week as number) > 99) return ['week', `must be 0-99 (got ${String(r.week)})`];
    if (Number.isNaN(Date.parse(r.start_date as string))) return ['start_date', `not an ISO date-time (got ${JSON.stringify(r.start_date)})`];
    if (r.home_team === r.away_team) return ['away_team', `a team cannot play itself (${String(r.home_team)})`];
    for (const f of ['home_points', 'away_points'])
      if (typeof r[f] === 'number' && (r[f] as number) < 0) return [f, `points cannot be negative (got ${String(r[f])})`];
  }
  if (t.name === 'team_game') {
    if (r.team === r.opponent) return ['opponent', `a team cannot play itself (${String(r.team)})`];
    for (const f of ['points', 'plays', 'drives'])
      if (typeof r[f] === 'number' && (r[f] as number) < 0) return [f, `cannot be negative (got ${String(r[f])})`];
    if (typeof r.success_rate === 'number' && ((r.success_rate as number) < 0 || (r.success_rate as number) > 1))
      return ['success_rate', `must be between 0 and 1 (got ${String(r.success_rate)})`];
  }
  return undefined;
}

/** The checks of one row alone: an object, known fields, types, nothing impossible. */
function checkRow(t: TableSpec, r: Row, i: number, names: Set<string>, key: () => string): void {
  if (r === null || typeof r !== 'object') throw new LoadError(t.name, `row ${i + 1}`, '*', 'not an object');
  for (const f of Object.keys(r))
    if (!names.has(f)) throw new LoadError(t.name, key(), f, 'unknown field');
  for (const col of t.columns) {
    const problem = checkType(col, r[col.name]);
    if (problem) throw new LoadError(t.name, key(), col.name, problem);
  }
  const bad = impossible(t, r);
  if (bad) throw new LoadError(t.name, key(), bad[0], bad[1]);
}

/**
 * The two-column keys seen so far, without building a string per row: the rows' own strings are
 * looked up (a frozen row's strings keep their hash from one weekly reload to the next, a joined
 * key would be hashed anew every time).
 */
class KeyPairs {
  private readonly first = new Map<string, string | Set<string>>();
  /** Whether (a, b) is new; adds it. */
  add(a: string, b: string): boolean {
    const seen = this.first.get(a);
    if (seen === undefined) {
      this.first.set(a, b);
      return true;
    }
    if (typeof seen === 'string') {
      if (seen === b) return false;
      this.first.set(a, new Set([seen, b]));
      return true;
    }
    if (seen.has(b)) return false;
    seen.add(b);
    return true;
  }
}

/**
 * Validate every row of a batch; throw a LoadError naming table, key and field at the first problem.
 * `knownGameIds` tells whether a game_id that is not in the batch exists in the warehouse.
 * `checked` (per table, per row): rows already validated as they are (table-image.ts knownTexts)
 * skip the checks of the row alone; duplicate keys and references are checked for every row.
 */
export async function validateBatch(
  batch: Record<string, Row[] | undefined>,
  knownGameIds: (ids: string[]) => Promise<Set<string>>,
  checked?: Record<string, readonly (string | undefined)[]>,
): Promise<void> {
  let batchGames = new Set<string>();
  for (const t of TABLES) {
    const rows = batch[t.datasetKey] ?? [];
    const names = new Set(t.columns.map((col) => col.name));
    const known = checked?.[t.name];
    const [k0, k1] = t.key as [string, string | undefined];
    // The readable key is built only for a message; the duplicate test uses a cheap one.
    const key = (r: Row, i: number) => (t.key.every((k) => typeof r[k] === 'string') ? keyOf(t, r) : `row ${i + 1}`);
    const single = new Set<string>();
    const pairs = new KeyPairs();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (known?.[i] === undefined) checkRow(t, r, i, names, () => key(r, i));
      let fresh: boolean;
      if (k1 === undefined) {
        fresh = !single.has(r[k0] as string);
        single.add(r[k0] as string);
      } else fresh = pairs.add(r[k0] as string, r[k1] as string);
      if (!fresh) throw new LoadError(t.name, key(r, i), t.key.join('+'), 'duplicate key within the batch');
    }
    if (t.name === 'games') batchGames = single; // games are keyed by game_id alone
  }
  // Lines and team-game rows must belong to a game of this batch or of the warehouse.
  const refs = new Map<string, [string, string]>();
  for (const t of TABLES.slice(1))
    for (const r of batch[t.datasetKey] ?? [])
      if (!batchGames.has(r.game_id as string) && !refs.has(r.game_id as string)) refs.set(r.game_id as string, [t.name, keyOf(t, r)]);
  if (refs.size === 0) return;
  const known = await knownGameIds([...refs.keys()]);
  for (const [id, [table, key]] of refs)
    if (!known.has(id)) throw new LoadError(table, key, 'game_id', `refers to unknown game ${id}`);
}
