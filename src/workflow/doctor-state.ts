// `doctor`'s view of interrupted work: which state a killed command left the tree in, and what
// `doctor --fix` does about it. The rule everywhere: --fix never deletes data. It restores the old
// state (a directory moved aside goes back) or completes the new one (a journalled champion change
// is rolled forward); anything else left over is moved to archive/recovered/ for the user to look
// at. Only lock files (which hold no data) are removed.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { LEFTOVER_RE } from '../artifacts/atomic.ts';
import { readJournal } from '../artifacts/champion.ts';
import type { Layout, Phase } from '../artifacts/layout.ts';
import { describeHolder, inspectLock, pidAlive } from '../artifacts/lock.ts';
import { storeLockFile } from '../tracking/store-lock.ts';
import { readSummary, type Summary } from '../readers/experiments.ts';
import { readIndex, upsertIndexRow } from '../artifacts/experiment-index.ts';
import { openArchiveEntry } from '../artifacts/archive-manifest.ts';
import { trainedIndexRow } from './train/index-row.ts';
import type { ExperimentSummary } from './train/outputs.ts';
import { readArchiveJournal, type ArchiveJournal } from './archive-journal.ts';

export type StateStatus = 'ok' | 'warn' | 'fail';

export interface StateCheck {
  name: string;
  status: StateStatus;
  message: string;
  advice: string[];
  fixed?: boolean;
}

// Most paths asked about are absent (an experiment lives in one of three phases, most are not
// archived): answered without an exception (≈ 12 µs each) for those.
const isDir = (p: string) => {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
};
const present = (p: string) => existsSync(p);
const PHASES: readonly Phase[] = [1, 2, 3];

/** Move `p` into archive/recovered/<stamp>/<its path in the tree>, never over anything. */
function quarantine(layout: Layout, p: string, stamp: string): string {
  const inTree = relative(layout.project, p);
  const to = join(layout.recoveredDir, stamp, inTree);
  mkdirSync(dirname(to), { recursive: true });
  renameSync(p, to);
  return relative(layout.project, to);
}

function stampNow(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

interface Leftover {
  path: string;
  target: string;
  kind: 'tmp' | 'old';
}

/** `.NAME.tmp-PID-HEX` / `.NAME.old-PID-HEX` siblings whose writer is gone. */
function findLeftovers(layout: Layout): Leftover[] {
  const out: Leftover[] = [];
  // Paths by concatenation: the walk starts at normalised absolute paths (the layout's) and adds
  // names readdir gave, which path.join would normalise again, entry by entry (the whole tree,
  // the MLflow store included, at every doctor run).
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const under = dir.endsWith(sep) ? dir : dir + sep;
    for (const d of entries) {
      const p = under + d.name;
      if (p === layout.recoveredDir) continue;
      const m = LEFTOVER_RE.exec(d.name);
      if (m && !pidAlive(Number(m[3]))) out.push({ path: p, target: join(dir, m[1]!), kind: m[2] as 'tmp' | 'old' });
      else if (d.isDirectory() && !d.isSymbolicLink()) walk(p);
    }
  };
  walk(layout.root);
  walk(dirname(layout.experimentsIndex));
  walk(dirname(layout.decisionLog));
  return out;
}

/**
 * Interrupted file and directory writes. A `.tmp-` sibling never became its target, so the target
 * holds the old state; a `.old-` sibling (older edgelab replaced directories with two renames) is
 * the previous version: when its target is missing it is the only copy, and --fix puts it back.
 */
export function checkInterruptedWrites(layout: Layout, fix: boolean): StateCheck {
  const found = findLeftovers(layout);
  const rel = (p: string) => relative(layout.project, p);
  if (found.length === 0) return { name: 'writes', status: 'ok', message: 'no interrupted writes: every file and directory is its old or its new version, whole', advice: [] };
  const lines = found.map((l) =>
    l.kind === 'old' && !present(l.target)
      ? `${rel(l.target)} is missing; its previous version is whole in ${rel(l.path)}`
      : `${rel(l.path)}: an unfinished write of ${rel(l.target)} (${present(l.target) ? 'which holds its old version' : 'which was never created'})`,
  );
  if (!fix) {
    const restore = found.some((l) => l.kind === 'old' && !present(l.target));
    return {
      name: 'writes',
      status: restore ? 'fail' : 'warn',
      message: `${found.length} interrupted write(s): ${lines.join('; ')}`,
      advice: [`run \`edgelab doctor --fix\`: it ${restore ? 'puts previous versions back and ' : ''}moves unfinished writes to ${rel(layout.recoveredDir)}/ (nothing is deleted)`],
    };
  }
  const stamp = stampNow();
  const done = found.map((l) => {
    if (l.kind === 'old' && !present(l.target)) {
      renameSync(l.path, l.target);
      return `restored ${rel(l.target)}`;
    }
    return `moved ${rel(l.path)} to ${quarantine(layout, l.path, stamp)}`;
  });
  return { name: 'writes', status: 'ok', message: done.join('; '), advice: [], fixed: true };
}

/** Every lock file edgelab takes, with its takeover guard. */
function lockFiles(layout: Layout): string[] {
  const locks = [layout.lockFile, layout.idLedgerLock, `${layout.experimentsIndex}.lock`, `${layout.decisionLog}.lock`, storeLockFile(layout.mlruns)];
  return locks.flatMap((l) => [l, `${l}.takeover`]);
}

/** Locks: held by a live command (doctor says which), or stale (removed by --fix: they hold no data). */
export function checkLocks(layout: Layout, fix: boolean): StateCheck {
  const stale: string[] = [];
  const held: string[] = [];
  for (const file of lockFiles(layout)) {
    if (!present(file)) continue;
    if (file.endsWith('.takeover')) {
      // A guard lives for microseconds; one older than a second belongs to a dead waiter.
      if (Date.now() - statSync(file).mtimeMs > 1000) stale.push(file);
      continue;
    }
    const s = inspectLock(file);
    if (s.state === 'stale') stale.push(file);
    else if (s.state === 'held') held.push(`${relative(layout.project, file)} (${describeHolder(s.record)}; ${s.why})`);
  }
  const rel = stale.map((f) => relative(layout.project, f)).join(', ');
  if (fix && stale.length) for (const f of stale) rmSync(f, { force: true });
  if (held.length) return { name: 'locks', status: 'warn', message: `a command is running: ${held.join('; ')}${stale.length ? `; stale: ${rel}${fix ? ' (removed)' : ''}` : ''}`, advice: ['wait for it to finish before changing the project'] };
  if (stale.length) {
    return fix
      ? { name: 'locks', status: 'ok', message: `removed ${stale.length} stale lock(s) of dead commands: ${rel}`, advice: [], fixed: true }
      : { name: 'locks', status: 'warn', message: `${stale.length} stale lock(s) of dead commands: ${rel}`, advice: ['run `edgelab doctor --fix` to remove them (a lock holds no data; the next command would take it over anyway)'] };
  }
  return { name: 'locks', status: 'ok', message: 'no locks held', advice: [] };
}

/** A champion change (promote/rollback) a killed process left half recorded. */
export function checkChampionChange(layout: Layout): StateCheck {
  let pendingLinks = false;
  try {
    pendingLinks = readJournal(layout)?.pending === true;
  } catch (e) {
    return { name: 'champion-change', status: 'fail', message: `${layout.championRegistry} is unreadable: ${(e as Error).message}`, advice: ['restore it from git or a backup; edgelab will not guess the champion'] };
  }
  const pendingRecords = present(layout.pendingChampionChange);
  if (!pendingLinks && !pendingRecords) return { name: 'champion-change', status: 'ok', message: 'no promotion or rollback in progress', advice: [] };
  return {
    name: 'champion-change',
    status: 'fail',
    message: `a promotion or rollback was interrupted (${pendingLinks ? 'links not yet moved' : 'links moved, records not all written'}); its plan is journalled`,
    advice: ['run `edgelab doctor --fix` (or any champion command) to complete it from the journal'],
  };
}

/** An archive or restore a killed process left half done: its plan is journalled, --fix completes it. */
export function checkArchiveChange(layout: Layout): StateCheck {
  let j: ArchiveJournal | null;
  try {
    j = readArchiveJournal(layout);
  } catch (e) {
    return { name: 'archive-change', status: 'fail', message: (e as Error).message, advice: ['the journal holds the only record of the interrupted archive\'s plan: restore it from a backup, or move it away and check archive/deprecated/ by hand'] };
  }
  if (!j) return { name: 'archive-change', status: 'ok', message: 'no archive or restore in progress', advice: [] };
  const verb = j.action === 'archived' ? 'an archive' : 'a restore';
  return {
    name: 'archive-change',
    status: 'fail',
    message: `${verb} of ${j.id} was interrupted (${j.moves.map((m) => `${m.from} → ${m.to}`).join(', ')}); its plan is journalled in ${relative(layout.project, layout.pendingArchiveChange)}`,
    advice: [`run \`edgelab doctor --fix\` (or any \`edgelab archive\` command) to complete it: the remaining moves, the MLflow tag, the index mark and the manifest entry`],
  };
}

/** The id of a journalled archive/restore (its directories are the journal's to complete). */
function journalledId(layout: Layout): string | null {
  try {
    return readArchiveJournal(layout)?.id ?? null;
  } catch {
    return null;
  }
}

/** Latest `<id>.replaced-STAMP` left by `train --force` under `base` (bundle or outputs). */
function replacedBy(dir: string, prefix: string): string | null {
  if (!isDir(dir)) return null;
  const hits = readdirSync(dir).filter((n) => n.startsWith(`${prefix}.replaced-`)).sort();
  return hits.length ? join(dir, hits[hits.length - 1]!) : null;
}

/**
 * Experiments a killed `train` or `archive` left partial. A trained experiment is complete when
 * its bundle and its outputs exist and summary.json names its MLflow run (the last thing train
 * writes into the tree). --fix restores what `train --force` or `archive` had moved away, and
 * moves the pieces of an unfinished train to archive/recovered/ (the id stays retired).
 */
export function checkExperiments(layout: Layout, fix: boolean): StateCheck {
  const problems: string[] = [];
  const fixes: string[] = [];
  const advice: string[] = [];
  let unfixable = 0; // problems --fix cannot repair (doctor says what to do instead)
  const stamp = stampNow();
  const rel = (p: string) => relative(layout.project, p);
  const ids = new Set<string>();
  for (const phase of PHASES) if (isDir(layout.phaseDir(phase))) for (const n of readdirSync(layout.phaseDir(phase))) if (!n.startsWith('.')) ids.add(n);
  for (const kind of ['baseline', 'candidates'] as const) if (isDir(layout.modelsDir(kind))) for (const n of readdirSync(layout.modelsDir(kind))) if (!n.startsWith('.')) ids.add(n);
  if (isDir(layout.deprecatedDir)) for (const n of readdirSync(layout.deprecatedDir)) {
    const m = /^(.+?)(?:_outputs)?\.replaced-/.exec(n);
    if (m) ids.add(m[1]!);
  }
  const indexed = new Set(readIndex(layout).map((r) => r.ID));
  // A journalled archive/restore is completed from its journal (checkArchiveChange), not undone here.
  const journalled = journalledId(layout);
  if (journalled) ids.delete(journalled);
  // Archive and restore move the directories first and write their records (MLflow tag, index
  // mark, manifest) after; the manifest entry comes last. Directories moved without their entry
  // (or back without a closing entry) are an interrupted archive/restore. Its reason is not
  // journalled, so --fix cannot complete it: doctor says what to run instead.
  if (isDir(layout.deprecatedDir)) for (const n of readdirSync(layout.deprecatedDir)) {
    const m = /^(v2-\d{3,})(_outputs)?$/.exec(n);
    if (!m) continue;
    const id = m[1]!;
    if (id === journalled) continue;
    const live = PHASES.some((p) => isDir(layout.experimentDir(id, p))) || isDir(layout.modelBundle(id, 1)) || isDir(layout.modelBundle(id, 2));
    if (!live && !openArchiveEntry(layout, id) && !problems.some((p) => p.startsWith(`${id}:`)) && existsSync(layout.archiveManifest)) {
      problems.push(`${id}: moved to ${rel(layout.deprecatedDir)} but ${rel(layout.archiveManifest)} has no entry for it (an archive was interrupted before its records were written)`);
      advice.push(`\`edgelab archive --restore ${id}\`, then \`edgelab archive ${id} --reason "…"\` again`);
      unfixable++;
    }
  }

  /** train --force moved the old outputs aside and died before writing the new ones: put them back. */
  const restoreReplaced = (id: string, archivedBundle: string | null, archivedOutputs: string | null): void => {
    // train --force moved the old outputs aside and died before writing the new ones.
    const oldOut = replacedBy(layout.deprecatedDir, `${id}_outputs`);
    const oldBundle = replacedBy(layout.deprecatedDir, id);
    if ((oldOut || oldBundle) && !archivedBundle && !archivedOutputs) {
      const summary = oldOut ? readSummary(oldOut) : null;
      const ph = summary && [1, 2, 3].includes(Number(summary.phase)) ? (Number(summary.phase) as 1 | 2 | 3) : null;
      if (ph === null) {
        problems.push(`${id}: \`train --force\` moved its outputs to ${rel(oldOut ?? oldBundle!)} and did not finish; its phase is unknown, so restore them by hand`);
        unfixable++;
        return;
      }
      problems.push(`${id}: \`train --force\` moved its outputs to ${rel(oldOut ?? oldBundle!)} and was killed before writing new ones`);
      if (fix) {
        if (oldOut) renameSync(oldOut, layout.experimentDir(id, ph));
        if (oldBundle) renameSync(oldBundle, layout.modelBundle(id, ph));
        fixes.push(`restored ${id}'s previous outputs`);
      }
    }
  };
  for (const id of [...ids].sort()) {
    const phase = PHASES.find((p) => isDir(layout.experimentDir(id, p)));
    const outputs = phase ? layout.experimentDir(id, phase) : null;
    const bundle = [layout.modelBundle(id, 1), layout.modelBundle(id, 2)].find(isDir) ?? null;
    const archivedBundle = isDir(layout.deprecatedBundle(id)) ? layout.deprecatedBundle(id) : null;
    const archivedOutputs = isDir(layout.deprecatedOutputs(id)) ? layout.deprecatedOutputs(id) : null;
    if (!outputs && !bundle) {
      restoreReplaced(id, archivedBundle, archivedOutputs);
      continue;
    }
    if (outputs && !bundle && archivedBundle) {
      problems.push(`${id}: its bundle is in ${rel(archivedBundle)} but its outputs are still in ${rel(outputs)} (an archive was interrupted)`);
      if (fix) {
        renameSync(archivedBundle, layout.modelBundle(id, phase!));
        fixes.push(`put ${id}'s bundle back (the archive did not happen)`);
      }
      continue;
    }
    if (!outputs && bundle && archivedOutputs) {
      problems.push(`${id}: its outputs are in ${rel(archivedOutputs)} but its bundle is still in ${rel(bundle)} (an archive was interrupted)`);
      if (fix) {
        const ph = Number(readSummary(archivedOutputs)?.phase);
        renameSync(archivedOutputs, layout.experimentDir(id, ph === 3 ? 3 : ph === 2 ? 2 : 1));
        fixes.push(`put ${id}'s outputs back (the archive did not happen)`);
      }
      continue;
    }
    let complete = !!outputs && !!bundle;
    let summary: Summary | null = null;
    if (outputs) {
      try {
        summary = readSummary(outputs);
        complete = complete && typeof summary?.mlflow_run_id === 'string' && summary.mlflow_run_id !== '';
      } catch (e) {
        problems.push(`${(e as Error).message}`);
        unfixable++;
        continue;
      }
    }
    if (complete) {
      // The index row is the one record train writes after the tree: a kill can lose only it.
      if (!indexed.has(id) && summary?.headline) {
        problems.push(`${id}: trained, but missing from ${rel(layout.experimentsIndex)}`);
        if (fix) {
          upsertIndexRow(layout, trainedIndexRow(summary as unknown as ExperimentSummary));
          fixes.push(`added ${id}'s row to the index`);
        }
      }
      continue;
    }
    const pieces = [bundle, outputs].filter((p): p is string => p !== null);
    problems.push(`${id}: a train was killed before it finished (${pieces.map(rel).join(' and ')} without ${!outputs ? 'outputs' : !bundle ? 'a bundle' : 'a recorded MLflow run'})`);
    if (fix) {
      for (const p of pieces) fixes.push(`moved ${rel(p)} to ${quarantine(layout, p, stamp)}`);
      // A `train --force` killed after its first new write: the previous outputs go back.
      const before = problems.length;
      restoreReplaced(id, archivedBundle, archivedOutputs);
      if (problems.length > before) problems.pop();
    }
  }
  if (problems.length === 0) return { name: 'experiments', status: 'ok', message: 'every experiment is whole (bundle, outputs, MLflow run)', advice: [] };
  if (fix && unfixable === 0) return { name: 'experiments', status: 'ok', message: `${problems.join('; ')} — ${fixes.join('; ')}`, advice: [], fixed: true };
  return {
    name: 'experiments',
    status: 'fail',
    message: problems.join('; '),
    advice: [...advice, 'run `edgelab doctor --fix`: it restores what was moved away and moves unfinished pieces to archive/recovered/ (an id whose pieces were recovered can be trained again)'],
  };
}

/** One line for the whole tree: the state a killed command left it in. */
export function treeVerdict(checks: StateCheck[]): string {
  const bad = checks.filter((c) => c.status !== 'ok' && c.name !== 'locks');
  if (bad.length === 0) return 'consistent: no interrupted command left anything half done';
  return `interrupted: ${bad.map((c) => c.name).join(', ')} — see below`;
}

