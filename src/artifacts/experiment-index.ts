// docs/experiments/index.md: the human-readable registry of experiments, one Markdown table row
// per id. Rows are upserted by id, so re-running or promoting an experiment updates its row.
import { existsSync, readFileSync } from 'node:fs';
import type { Layout } from './layout.ts';
import { writeFileAtomic } from './atomic.ts';
import { withLockSync } from './lock.ts';

export const INDEX_COLUMNS = ['ID', 'Phase', 'Date', 'Model', 'Features', 'RMSE', 'Hit rate', 'ROI', 'Status', 'League'] as const;
export type IndexRow = Record<(typeof INDEX_COLUMNS)[number], string>;

/** Status marks: champion, promoted (passed gates), rejected, plus plain words. */
export const STATUS_MARK = {
  champion: '🏆 champion',
  promoted: '✔️ promoted',
  rejected: '❌ rejected',
  rolled_back: '↩️ rolled back',
  archived: '🗄️ archived',
  trained: 'trained',
} as const;
export type IndexStatus = keyof typeof STATUS_MARK;

const HEADER = `# Experiments

Every experiment edgelab has run, by id (ids are never reused). Status: 🏆 champion, ✔️ promoted
(passed its gates), ❌ rejected, 🗄️ archived.

| ${INDEX_COLUMNS.join(' | ')} |
|${INDEX_COLUMNS.map(() => '---').join('|')}|
`;

function splitRow(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

/** Parse the index's table rows (lines outside the table are kept verbatim by upserts). */
export function readIndex(layout: Layout): IndexRow[] {
  if (!existsSync(layout.experimentsIndex)) return [];
  const rows: IndexRow[] = [];
  for (const line of readFileSync(layout.experimentsIndex, 'utf8').split('\n')) {
    if (!/^\|\s*v2-\d+/.test(line)) continue;
    const cells = splitRow(line);
    rows.push(Object.fromEntries(INDEX_COLUMNS.map((c, i) => [c, cells[i] ?? ''])) as IndexRow);
  }
  return rows;
}

function formatRow(r: IndexRow): string {
  return `| ${INDEX_COLUMNS.map((c) => r[c].replace(/\|/g, '/')).join(' | ')} |`;
}

/** An index written before the League column gets it (header and separator), so rows line up. */
function widenOldHeader(lines: string[]): void {
  const h = lines.findIndex((l) => /^\|\s*ID\s*\|/.test(l));
  if (h < 0 || splitRow(lines[h]!).length >= INDEX_COLUMNS.length) return;
  const missing = INDEX_COLUMNS.slice(splitRow(lines[h]!).length);
  lines[h] = `${lines[h]!.trimEnd()} ${missing.join(' | ')} |`;
  if (/^\|[-|\s:]+\|$/.test(lines[h + 1] ?? '')) lines[h + 1] = `${lines[h + 1]!.trimEnd()}${missing.map(() => '---|').join('')}`;
}

/** Insert or replace the row of `row.ID` (merging given fields into an existing row). */
export function upsertIndexRow(layout: Layout, row: Partial<IndexRow> & { ID: string }): void {
  withLockSync(`${layout.experimentsIndex}.lock`, () => {
    const text = existsSync(layout.experimentsIndex) ? readFileSync(layout.experimentsIndex, 'utf8') : HEADER;
    const lines = text.split('\n');
    widenOldHeader(lines);
    const at = lines.findIndex((l) => /^\|/.test(l) && splitRow(l)[0] === row.ID);
    const empty = Object.fromEntries(INDEX_COLUMNS.map((c) => [c, ''])) as IndexRow;
    if (at >= 0) {
      const cells = splitRow(lines[at]!);
      const old = Object.fromEntries(INDEX_COLUMNS.map((c, i) => [c, cells[i] ?? ''])) as IndexRow;
      lines[at] = formatRow({ ...old, ...row } as IndexRow);
    } else {
      // Append after the last table line (or at the end when the table is empty).
      let last = -1;
      lines.forEach((l, i) => {
        if (/^\|/.test(l)) last = i;
      });
      const newLine = formatRow({ ...empty, ...row } as IndexRow);
      if (last >= 0) lines.splice(last + 1, 0, newLine);
      else lines.push(newLine);
    }
    writeFileAtomic(layout.experimentsIndex, lines.join('\n').replace(/\n*$/, '\n'));
  });
}

/** Set the status mark of one id (and, for a new champion, demote the old 🏆 to ✔️). */
export function markStatus(layout: Layout, id: string, status: IndexStatus): void {
  if (status === 'champion') {
    for (const r of readIndex(layout)) if (r.Status === STATUS_MARK.champion && r.ID !== id) upsertIndexRow(layout, { ID: r.ID, Status: STATUS_MARK.promoted });
  }
  upsertIndexRow(layout, { ID: id, Status: STATUS_MARK[status] });
}
