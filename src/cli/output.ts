// Terminal output: colour only on a TTY without NO_COLOR, aligned tables, JSON for --json.
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR) return true;
  return Boolean(stream.isTTY);
}

const codes = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
export type Color = keyof typeof codes;

export function paint(text: string, color: Color, stream: NodeJS.WriteStream = process.stdout): string {
  return useColor(stream) ? `\x1b[${codes[color]}m${text}\x1b[0m` : text;
}

const ANSI = /\x1b\[[0-9;]*m/g;
/** Visible width of a cell (colour codes take no room). */
const visible = (s: string) => s.replace(ANSI, '').length;

/** The mark for a cell with no value: a table never shows a blank cell. */
export const NONE = '—';

/**
 * Render rows as an aligned plain-text table (numbers right-aligned). Cells may be painted;
 * a missing value (null, undefined, '') prints as an em dash, never as a blank.
 */
export function table(columns: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((r) => columns.map((_, i) => {
    const v = r[i];
    return v === null || v === undefined || v === '' ? NONE : String(v);
  }));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => visible(r[i]!))));
  const numeric = columns.map((_, i) => cells.length > 0 && cells.every((r) => r[i] === NONE || /^[-+]?[\d.,%]+[a-z]?$/.test(r[i]!.replace(ANSI, ''))));
  const pad = (v: string, w: number, right: boolean) => (right ? ' '.repeat(w - visible(v)) + v : v + ' '.repeat(w - visible(v)));
  const fmt = (r: string[]) => r.map((v, i) => pad(v, widths[i]!, numeric[i]!)).join('  ').trimEnd();
  return [fmt(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(fmt)].join('\n');
}

/** Green for a gain (or a win, a pass), red for a loss (or a failure), plain for nothing either way. */
export function signed(text: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value) || value === 0) return text;
  return paint(text, value > 0 ? 'green' : 'red');
}

/** A bet's result in colour: win green, loss red, push and pending plain. */
export function resultCell(result: string): string {
  return result === 'win' ? paint(result, 'green') : result === 'loss' ? paint(result, 'red') : result;
}

const LEVEL_COLOR: Record<string, Color> = { green: 'green', yellow: 'yellow', orange: 'magenta', red: 'red' };

/** An alert level in its colour (orange, which ANSI lacks, as magenta); anything else plain. */
export function levelCell(level: string | null | undefined): string {
  if (!level) return '';
  const c = LEVEL_COLOR[level];
  return c ? paint(level, c) : level;
}

/** A gate verdict: passed (and champion) green, not passed red. */
export function verdictCell(verdict: string): string {
  if (verdict === 'passed' || verdict === 'pass' || verdict === 'champion') return paint(verdict, 'green');
  if (verdict === 'not passed' || verdict === 'FAIL' || verdict === 'fail') return paint(verdict, 'red');
  return verdict;
}

/** Wrap text at `width` columns on spaces; continuation lines start with `indent`. */
export function wrap(text: string, width: number, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const limit = lines.length ? width - indent.length : width;
    if (line && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i ? indent + l : l)).join('\n');
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
