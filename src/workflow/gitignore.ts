// The git strategy of a project: model files, experiment CSVs and plots, scored bets, the
// personal analysis folder, MLflow's artifact copies and raw data stay out of git; metadata,
// summaries and configs go in. Appended to .gitignore once, never duplicated.
export const GITIGNORE_HEADER = '# edgelab: large or personal artifacts stay out of git (edgelab init)';

export const GITIGNORE_ENTRIES: readonly string[] = [
  'artifacts/models/**/model.json',
  'artifacts/models/**/*.joblib',
  'artifacts/models/**/*.pkl',
  'artifacts/experiments/**/*.csv',
  'artifacts/experiments/**/*.png',
  'artifacts/production/scored/',
  'artifacts/production/monitoring/*.csv',
  // `artifacts/analysis/*`, not `artifacts/analysis/`: git cannot re-include a file whose parent
  // directory is excluded, so the README exception below would otherwise never apply.
  'artifacts/analysis/*',
  '!artifacts/analysis/README.md',
  'artifacts/mlruns/*/*/artifacts/',
  'data/',
];

/**
 * `existing` with the entries it lacks appended (under the header). Lines already present —
 * the user's own included — are never repeated, and nothing else changes.
 */
export function mergeGitignore(existing: string): { text: string; added: string[] } {
  const have = new Set(existing.split(/\r?\n/).map((l) => l.trim()));
  const added = GITIGNORE_ENTRIES.filter((e) => !have.has(e));
  if (added.length === 0) return { text: existing, added };
  let text = existing;
  if (text !== '' && !text.endsWith('\n')) text += '\n';
  if (text !== '') text += '\n';
  if (!have.has(GITIGNORE_HEADER)) text += GITIGNORE_HEADER + '\n';
  text += added.join('\n') + '\n';
  return { text, added };
}
