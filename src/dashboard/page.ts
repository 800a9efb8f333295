// The page shell: static/index.html with the getting-started steps rendered on the server, so an
// empty or brand-new tree reads as instructions even before (or without) the script running.
import { readFileSync } from 'node:fs';
import type { NextStep } from './getting-started.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderStart(steps: readonly NextStep[], empty: boolean, root: string): string {
  if (steps.length === 0) return '';
  const head = empty
    ? `<h2>Nothing to show yet</h2><p>The artifacts tree <code>${escapeHtml(root)}</code> has no experiments, champion or production weeks. Run these first, in order:</p>`
    : '<h2>Next steps</h2><p>Parts of the page stay empty until you run:</p>';
  const items = steps.map((s) => `<li><code>${escapeHtml(s.command)}</code> — ${escapeHtml(s.what)}</li>`).join('');
  return `${head}<ol>${items}</ol><p>Then reload this page.</p>`;
}

/** index.html with the start section filled in. */
export function renderIndex(templatePath: string, steps: readonly NextStep[], empty: boolean, root: string): string {
  return readFileSync(templatePath, 'utf8').replace('<!--START-->', renderStart(steps, empty, root));
}
