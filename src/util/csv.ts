// RFC 4180 CSV: one parser and one formatter for the whole tool (importers, artifacts,
// exports), so a file edgelab writes always reads back identically.

export interface CsvTable {
  header: string[];
  /** Data rows; each has exactly header.length cells (checked by parseCsv). */
  rows: string[][];
  /** 1-based physical line number of each data row's start (for FILE:LINE messages). */
  lines: number[];
}

export class CsvError extends Error {
  constructor(public readonly line: number, message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

/** Split CSV text into records of raw string cells. Handles quotes, "" escapes, CRLF. */
export function parseCsvRecords(text: string): { cells: string[]; line: number }[] {
  const out: { cells: string[]; line: number }[] = [];
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    let inQuotes = false;
    let quotedCell = false;
    for (;;) {
      if (i >= n) {
        if (inQuotes) throw new CsvError(startLine, 'unterminated quoted field');
        cells.push(cell);
        break;
      }
      const ch = text[i]!;
      if (inQuotes) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else {
            inQuotes = false;
            i++;
          }
        } else {
          if (ch === '\n') line++;
          cell += ch;
          i++;
        }
        continue;
      }
      if (ch === '"') {
        if (cell !== '' || quotedCell) throw new CsvError(line, 'quote inside an unquoted field');
        inQuotes = true;
        quotedCell = true;
        i++;
      } else if (ch === ',') {
        cells.push(cell);
        cell = '';
        quotedCell = false;
        i++;
      } else if (ch === '\r' && text[i + 1] === '\n') {
        cells.push(cell);
        i += 2;
        line++;
        break;
      } else if (ch === '\n') {
        cells.push(cell);
        i++;
        line++;
        break;
      } else {
        if (quotedCell) throw new CsvError(line, 'characters after a closing quote');
        cell += ch;
        i++;
      }
    }
    // Skip blank lines (a record that is one empty unquoted cell).
    if (!(cells.length === 1 && cells[0] === '' )) out.push({ cells, line: startLine });
  }
  return out;
}

/** Parse CSV with a header row; every row must have as many cells as the header. */
export function parseCsv(text: string): CsvTable {
  const recs = parseCsvRecords(text);
  if (recs.length === 0) throw new CsvError(1, 'empty file (no header row)');
  const header = recs[0]!.cells.map((h) => h.trim());
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let r = 1; r < recs.length; r++) {
    const rec = recs[r]!;
    if (rec.cells.length !== header.length) {
      throw new CsvError(rec.line, `expected ${header.length} columns, found ${rec.cells.length}`);
    }
    rows.push(rec.cells);
    lines.push(rec.line);
  }
  return { header, rows, lines };
}

export type CsvValue = string | number | boolean | null | undefined;

function formatCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  let s: string;
  if (typeof v === 'number') s = Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
  else if (typeof v === 'boolean') s = v ? 'true' : 'false';
  else s = v;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Format rows of objects as CSV with the given column order (LF line ends, trailing newline). */
export function formatCsv(columns: readonly string[], rows: readonly Record<string, CsvValue>[]): string {
  const out = [columns.map(formatCell).join(',')];
  for (const r of rows) out.push(columns.map((c) => formatCell(r[c])).join(','));
  return out.join('\n') + '\n';
}

/** Parse CSV text into objects keyed by header. */
export function csvToObjects(text: string): Record<string, string>[] {
  const t = parseCsv(text);
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i]!])));
}
