// archive/MANIFEST.md: the append-only record of what was archived (and restored), when, why, and
// from where. Restore reads the original paths back from it, so the entry format is fixed:
// one `## <id> — <action> <date>` heading and `- key: value` lines.
import { existsSync, readFileSync } from 'node:fs';
import type { Layout } from './layout.ts';
import { writeFileAtomic } from './atomic.ts';

export interface ManifestMove {
  /** Paths relative to the artifacts root. */
  from: string;
  to: string;
}

export interface ManifestEntry {
  id: string;
  action: 'archived' | 'restored';
  at: string;
  reason: string;
  previousStatus: string;
  moves: ManifestMove[];
  mlflowRuns: string[];
}

export const MANIFEST_HEADER = `# Archive manifest

Every experiment archived by \`edgelab archive\` and every restore, oldest first. Paths are relative
to the artifacts root. Archived ids are never reused. The table is the summary (rebuilt from the
entries below it on every archive and restore); the entries are the record.

| Date | Item | Action | Moved from | Reason |
|---|---|---|---|---|
`;

const cell = (text: string) => oneLine(text).replace(/\|/g, '\\|') || '—';

/** The summary table's rows, one per entry, oldest first. */
export function summaryRows(entries: readonly ManifestEntry[]): string {
  return entries
    .map((e) => `| ${cell(e.at.slice(0, 10))} | ${cell(e.id)} | ${e.action} | ${cell(e.moves.map((m) => m.from).join(', '))} | ${cell(e.reason)} |\n`)
    .join('');
}

/**
 * The manifest after appending `e` to `before` (null: a new file): the header and the summary
 * table are rebuilt from all entries; every entry below the table (and any note a person wrote
 * between entries) is kept as it was.
 */
export function manifestWith(before: string | null, e: ManifestEntry): string {
  const text = before ?? '';
  const firstEntry = text.search(/^## /m);
  const body = (firstEntry < 0 ? '' : text.slice(firstEntry)).replace(/\n*$/, '\n');
  const entries = firstEntry < 0 ? formatEntry(e).replace(/^\n/, '') : body + formatEntry(e);
  return MANIFEST_HEADER + summaryRows(parseManifest(entries)) + '\n' + entries;
}

/** One line of free text (reasons may not break the entry format). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function formatEntry(e: ManifestEntry): string {
  return [
    '',
    `## ${e.id} — ${e.action} ${e.at}`,
    '',
    `- id: ${e.id}`,
    `- date: ${e.at}`,
    `- action: ${e.action}`,
    `- reason: ${oneLine(e.reason)}`,
    `- previous status: ${oneLine(e.previousStatus) || '(none)'}`,
    ...e.moves.map((m) => `- moved: \`${m.from}\` → \`${m.to}\``),
    `- mlflow runs: ${e.mlflowRuns.length ? e.mlflowRuns.join(', ') : '(none found)'}`,
    '',
  ].join('\n');
}

/** Parse every entry of the manifest text (lines it does not know are ignored). */
export function parseManifest(text: string): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  let cur: ManifestEntry | null = null;
  for (const line of text.split('\n')) {
    const h = /^## (\S+) — (archived|restored) (\S+)\s*$/.exec(line);
    if (h) {
      cur = { id: h[1]!, action: h[2] as ManifestEntry['action'], at: h[3]!, reason: '', previousStatus: '', moves: [], mlflowRuns: [] };
      entries.push(cur);
      continue;
    }
    if (!cur) continue;
    const mv = /^- moved: `([^`]+)` → `([^`]+)`\s*$/.exec(line);
    if (mv) cur.moves.push({ from: mv[1]!, to: mv[2]! });
    const kv = /^- (reason|previous status|mlflow runs): (.*)$/.exec(line);
    if (kv) {
      const v = kv[2]!.trim();
      if (kv[1] === 'reason') cur.reason = v;
      else if (kv[1] === 'previous status') cur.previousStatus = v === '(none)' ? '' : v;
      else cur.mlflowRuns = v.startsWith('(') ? [] : v.split(',').map((s) => s.trim());
    }
  }
  return entries;
}

export function readManifestText(layout: Layout): string | null {
  return existsSync(layout.archiveManifest) ? readFileSync(layout.archiveManifest, 'utf8') : null;
}

export function readManifest(layout: Layout): ManifestEntry[] {
  const t = readManifestText(layout);
  return t === null ? [] : parseManifest(t);
}

/** The latest `archived` entry of `id`, if it is not followed by a `restored` one. */
export function openArchiveEntry(layout: Layout, id: string): ManifestEntry | null {
  const mine = readManifest(layout).filter((e) => e.id === id);
  const last = mine.at(-1);
  return last && last.action === 'archived' ? last : null;
}

/** Append an entry (the whole file is rewritten atomically). Returns the text before, for undo. */
export function appendManifest(layout: Layout, e: ManifestEntry): string | null {
  const before = readManifestText(layout);
  writeFileAtomic(layout.archiveManifest, manifestWith(before, e));
  return before;
}
