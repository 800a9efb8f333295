// The row loop every file importer shares: read records with the shared CSV parser, check each
// row's column count, map it, and turn a FieldError into a FILE:LINE reject instead of a crash.
import { basename, dirname, extname, join } from 'node:path';
import { CsvError, formatCsv, parseCsvRecords } from '../../../util/csv.ts';
import { UserError } from '../../../util/errors.ts';
import { FieldError } from './fields.ts';
import { rejectMessage, type Located, type Reject } from './checks.ts';

export interface Records {
  header: string[];
  rows: { cells: string[]; line: number }[];
}

/** Split a file into header + records; a broken quote fails the whole file (FILE:LINE). */
export function readRecords(text: string, file: string): Records {
  let recs: { cells: string[]; line: number }[];
  try {
    recs = parseCsvRecords(text);
  } catch (e) {
    if (e instanceof CsvError) throw new UserError(`${file}:${e.line}: row: ${e.message}`);
    throw e;
  }
  if (recs.length === 0) throw new UserError(`${file}:1: header: empty file (no header row)`);
  const header = recs[0]!.cells.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new UserError(`${file}:1: header: column ${JSON.stringify(h)} appears twice`);
    seen.add(h);
  }
  return { header, rows: recs.slice(1) };
}

/** Reads a cell by schema field name (undefined when the file has no such column). */
export type CellGetter = (field: string) => string | undefined;

/**
 * Map every record with `mapRow`. `columnOf` gives the file column that holds a field (after
 * --map); errors name the field and, when it was renamed, the file's column.
 */
export function mapRecords<T>(
  file: string,
  recs: Records,
  columnOf: (field: string) => string | undefined,
  mapRow: (get: CellGetter) => T | undefined,
  rejects: Reject[],
): Located<T>[] {
  const index = new Map(recs.header.map((h, i) => [h, i]));
  // Resolve each field's cell index once, not once per cell.
  const cellIndex = new Map<string, number | undefined>();
  const indexOf = (field: string): number | undefined => {
    if (!cellIndex.has(field)) {
      const c = columnOf(field);
      cellIndex.set(field, c === undefined ? undefined : index.get(c));
    }
    return cellIndex.get(field);
  };
  const out: Located<T>[] = [];
  for (const { cells, line } of recs.rows) {
    const where = `${file}:${line}`;
    if (cells.length !== recs.header.length) {
      const reason = `expected ${recs.header.length} columns, found ${cells.length}`;
      rejects.push({ where, line, field: 'row', reason, cells });
      continue;
    }
    const get: CellGetter = (field) => {
      const i = indexOf(field);
      return i === undefined ? undefined : cells[i];
    };
    try {
      const value = mapRow(get);
      if (value !== undefined) out.push({ value, where, line, cells });
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      const c = columnOf(e.field);
      const field = c !== undefined && c !== e.field ? `${e.field} (column ${c})` : e.field;
      rejects.push({ where, line, field, reason: e.reason, cells });
    }
  }
  return out;
}

export function sortRejects(rejects: Reject[]): Reject[] {
  return rejects.sort((a, b) => a.line - b.line || a.field.localeCompare(b.field));
}

/** Fail the whole import on the first bad row (the default without --skip-bad-rows). */
export function assertNoRejects(rejects: Reject[]): void {
  if (rejects.length === 0) return;
  const sorted = sortRejects([...rejects]);
  const more = sorted.length > 1 ? ` (and ${sorted.length - 1} more bad row${sorted.length > 2 ? 's' : ''})` : '';
  throw new UserError(`${rejectMessage(sorted[0]!)}${more}; nothing was loaded (--skip-bad-rows loads the rest)`);
}

/** `dir/games.csv` → `dir/games.rejects.csv`, beside the input. */
export function rejectsPath(input: string): string {
  const ext = extname(input);
  const stem = ext.toLowerCase() === '.csv' ? basename(input, ext) : basename(input);
  return join(dirname(input), `${stem}.rejects.csv`);
}

/**
 * The rejects file: the input's own columns (so fixed rows can be re-imported) followed by
 * reject_line, reject_field, reject_reason. A row with the wrong cell count is padded/cut to
 * the header; its reason says so.
 */
export function formatRejects(header: string[], rejects: Reject[]): string {
  const extra = ['reject_line', 'reject_field', 'reject_reason'];
  const columns = [...header, ...extra.filter((c) => !header.includes(c))];
  const rows = sortRejects([...rejects]).map((r) => {
    const row: Record<string, string | number> = {};
    header.forEach((h, i) => (row[h] = r.cells[i] ?? ''));
    row.reject_line = r.line;
    row.reject_field = r.field;
    row.reject_reason = r.reason;
    return row;
  });
  return formatCsv(columns, rows);
}
