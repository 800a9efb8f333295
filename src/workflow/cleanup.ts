// `edgelab cleanup`: keep the disk and the repository small by deleting what can be regenerated.
// Dry run by default. What goes, exactly:
//   - experiment CSVs over 1 MiB (predictions.csv, large metrics) last modified before the limit
//     — re-running the seeded experiment reproduces them;
//   - plots (experiment plots/ directories) last modified before the limit — regenerate-plots
//     rebuilds them from predictions.csv;
//   - scored results of seasons more than one season older than the latest season present.
// Both active experiments and archived outputs (archive/deprecated/<id>_outputs) count. Never
// touched: MLflow (mlruns/), model bundles, summaries, configs, production predictions, the
// performance log, validation records — enforced by a final guard (isProtected) that drops any
// such file the rules select (e.g. a stray summary.json inside plots/).
import { existsSync, lstatSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { experimentFile, EXPERIMENT_FILES, BUNDLE_FILES, type Layout } from '../artifacts/layout.ts';
import { withLockSync } from '../artifacts/lock.ts';
import { UsageError } from '../util/errors.ts';
import { seasonsIn } from '../readers/production.ts';
import { faultPoint } from '../util/fault.ts';

export const LARGE_CSV_BYTES = 1024 * 1024;
const DAY_MS = 86_400_000;

export type CleanupKind = 'experiment-csv' | 'plot' | 'scored';

export interface CleanupItem {
  /** Relative to the artifacts root. */
  path: string;
  bytes: number;
  kind: CleanupKind;
  modified: string;
}

export interface CleanupPlan {
  older_than: string;
  cutoff: string;
  latest_season: number | null;
  items: CleanupItem[];
  total_bytes: number;
  applied: boolean;
}

export interface CleanupOptions {
  /** Age limit as given (`30d`, `12h`, `2w`). */
  olderThan?: string;
  now?: number;
}

/** `30d` / `12h` / `2w` → milliseconds. */
export function parseAge(text: string): number {
  const m = /^(\d+)\s*([hdw])$/.exec(text.trim());
  if (!m) throw new UsageError(`--older-than ${JSON.stringify(text)}: expected a number and a unit h, d or w (e.g. 30d)`);
  const unit = m[2] === 'h' ? DAY_MS / 24 : m[2] === 'd' ? DAY_MS : 7 * DAY_MS;
  return Number(m[1]) * unit;
}

function listDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((n) => join(dir, n))
    .filter((p) => lstatSync(p).isDirectory());
}

/** Regular files under `dir`, recursively (symlinks are never followed nor deleted). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) out.push(...filesUnder(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

/** Every experiment directory, active (experiments/phaseN/<id>) or archived (<id>_outputs). */
function experimentDirs(layout: Layout): string[] {
  const dirs: string[] = [];
  for (const phase of [1, 2, 3] as const) dirs.push(...listDirs(layout.phaseDir(phase)));
  dirs.push(...listDirs(layout.deprecatedDir).filter((d) => basename(d).endsWith('_outputs')));
  return dirs;
}

const PROTECTED_NAMES = new Set<string>([EXPERIMENT_FILES.summary, EXPERIMENT_FILES.config, ...Object.values(BUNDLE_FILES), 'meta.yaml']);

/** The guard: files cleanup may never delete, whatever the rules above say. */
export function isProtected(layout: Layout, path: string): boolean {
  const inside = (dir: string) => path === dir || path.startsWith(dir + sep);
  return (
    PROTECTED_NAMES.has(basename(path)) ||
    inside(layout.mlruns) ||
    inside(layout.modelsDir('baseline')) ||
    inside(layout.modelsDir('candidates')) ||
    inside(layout.modelsDir('production')) ||
    inside(layout.predictionsDir()) ||
    inside(layout.monitoringDir) ||
    path === layout.archiveManifest ||
    !inside(layout.root)
  );
}

/** What cleanup would delete now (nothing is changed). */
export function planCleanup(layout: Layout, opts: CleanupOptions = {}): CleanupPlan {
  const olderThan = opts.olderThan ?? '30d';
  const now = opts.now ?? Date.now();
  const cutoff = now - parseAge(olderThan);
  const found: { path: string; kind: CleanupKind }[] = [];
  for (const dir of experimentDirs(layout)) {
    for (const p of filesUnder(dir)) {
      const st = lstatSync(p);
      if (st.mtimeMs >= cutoff) continue;
      const inPlots = p.startsWith(experimentFile(dir, 'plots') + sep);
      if (inPlots) found.push({ path: p, kind: 'plot' });
      else if (p.endsWith('.csv') && st.size > LARGE_CSV_BYTES) found.push({ path: p, kind: 'experiment-csv' });
    }
  }
  const seasons = [...new Set([...seasonsIn(layout.scoredDir()), ...seasonsIn(layout.predictionsDir())])];
  const latest = seasons.length ? Math.max(...seasons) : null;
  if (latest !== null) {
    for (const season of seasonsIn(layout.scoredDir())) {
      if (latest - season <= 1) continue;
      for (const p of filesUnder(layout.scoredDir(season))) found.push({ path: p, kind: 'scored' });
    }
  }
  const items: CleanupItem[] = [];
  for (const f of found) {
    if (isProtected(layout, f.path)) continue;
    const st = lstatSync(f.path);
    items.push({ path: relative(layout.root, f.path), bytes: st.size, kind: f.kind, modified: new Date(st.mtimeMs).toISOString() });
  }
  items.sort((a, b) => a.path.localeCompare(b.path));
  return {
    older_than: olderThan,
    cutoff: new Date(cutoff).toISOString(),
    latest_season: latest,
    items,
    total_bytes: items.reduce((s, i) => s + i.bytes, 0),
    applied: false,
  };
}

/** Delete exactly what planCleanup selects (recomputed under the tree lock). */
export function applyCleanup(layout: Layout, opts: CleanupOptions = {}): CleanupPlan {
  parseAge(opts.olderThan ?? '30d'); // a usage error before taking the lock
  return withLockSync(layout.lockFile, () => {
    const plan = planCleanup(layout, opts);
    for (const item of plan.items) {
      rmSync(join(layout.root, item.path));
      faultPoint('cleanup:after-delete');
    }
    // A scored season whose files are all gone leaves no empty directory behind.
    for (const season of seasonsIn(layout.scoredDir())) {
      const dir = layout.scoredDir(season);
      if (readdirSync(dir).length === 0) rmdirSync(dir);
    }
    return { ...plan, applied: true };
  });
}
