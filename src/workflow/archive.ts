// `edgelab archive`: retire an experiment without losing its record. Its model bundle and its
// experiment outputs move under archive/deprecated/, MANIFEST.md records why and from where, the
// index and the MLflow runs are marked. `--restore` puts everything back. All under the tree lock
// and all-or-nothing: the whole plan is journalled before the first move (archive-journal.ts), so
// a kill at any step is completed from the journal by the next archive command or `doctor --fix`,
// and a step that fails undoes the steps before it. The id ledger is never touched, so an
// archived id is never handed out again.
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';
import type { Layout, Phase } from '../artifacts/layout.ts';
import { readChampion, readJournal } from '../artifacts/champion.ts';
import { withLock } from '../artifacts/lock.ts';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { checkIndex, readIndex, upsertIndexRow, STATUS_MARK } from '../artifacts/experiment-index.ts';
import { appendManifest, oneLine, openArchiveEntry, type ManifestMove } from '../artifacts/archive-manifest.ts';
import { UsageError, UserError } from '../util/errors.ts';
import { faultPoint } from '../util/fault.ts';
import { locateExperiment, readSummary, unknownIdError, whereChampion } from '../readers/experiments.ts';
import { setExperimentRunTag, undoTagChanges, type TagChange } from './mlflow-tag.ts';
import { ARCHIVED_TAG, applyMove, clearArchiveJournal, completeArchiveJournal, writeArchiveJournal, type ArchiveJournal } from './archive-journal.ts';
import { createTracker } from '../tracking/create.ts';
import type { Tracker } from '../tracking/tracker.ts';

export { ARCHIVED_TAG };

export interface ArchiveResult {
  id: string;
  action: 'archived' | 'restored';
  at: string;
  reason: string;
  /** Paths relative to the artifacts root. */
  moves: ManifestMove[];
  mlflow_runs: string[];
  /** Index status before the change. */
  previous_status: string;
  status: string;
}

interface Step {
  name: string;
  run(): void | Promise<void>;
  undo(): void | Promise<void>;
}

/** Fault point after each step (EDGELAB_FAULT=archive:STEP kills, archive:STEP@throw fails so tests can watch the undo). */
function fault(step: string): void {
  faultPoint(`archive:${step}`);
}

/**
 * Run steps in order; on a failure undo the completed ones in reverse and rethrow. `rolledBack`
 * runs only when every undo succeeded (the journal is dropped then; otherwise it stays, so that
 * `doctor --fix` can complete the change from it).
 */
async function transaction(steps: Step[], rolledBack: () => void): Promise<void> {
  const done: Step[] = [];
  try {
    for (const s of steps) {
      await s.run();
      done.push(s);
      fault(s.name);
    }
  } catch (e) {
    const undoErrors: string[] = [];
    for (const s of done.reverse()) {
      try {
        await s.undo();
      } catch (u) {
        undoErrors.push(`${s.name}: ${(u as Error).message}`);
      }
    }
    const msg = (e as Error).message;
    if (undoErrors.length) throw new UserError(`${msg}; undo also failed (${undoErrors.join('; ')}) — \`edgelab doctor --fix\` completes the change from its journal`);
    rolledBack();
    throw e instanceof UserError ? e : new UserError(`${msg}; nothing was changed`);
  }
}

function moveStep(layout: Layout, m: ManifestMove): Step {
  const from = join(layout.root, m.from);
  const to = join(layout.root, m.to);
  return {
    name: `move:${m.from}`,
    run: () => applyMove(layout, m),
    undo: () => renameSync(to, from),
  };
}

function snapshotStep(name: string, path: string, write: () => void): Step {
  let before: string | null = null;
  return {
    name,
    run: () => {
      before = existsSync(path) ? readFileSync(path, 'utf8') : null;
      write();
    },
    undo: () => (before === null ? rmSync(path, { force: true }) : writeFileAtomic(path, before)),
  };
}

function indexStatus(layout: Layout, id: string): string {
  return readIndex(layout).find((r) => r.ID === id)?.Status ?? '';
}

function requireReason(reason: string | undefined): string {
  const r = oneLine(reason ?? '');
  if (!r) throw new UsageError('archive needs --reason "…" (it goes into archive/MANIFEST.md)');
  return r;
}

function rel(layout: Layout, p: string): string {
  return relative(layout.root, p);
}

/** The champion roles of `id` now (links, and the registry journal for safety). */
function championRole(layout: Layout, id: string): 'current' | 'previous' | null {
  const links = whereChampion(layout);
  const j = readJournal(layout);
  if (links.current?.id === id || j?.current?.id === id) return 'current';
  if (links.previous?.id === id || j?.previous?.id === id) return 'previous';
  return null;
}

/**
 * Journal the plan, then run it: moves, MLflow tag, index status, manifest entry (a fault point
 * after each). Returns the MLflow runs changed.
 */
async function runJournalled(layout: Layout, tracker: Tracker, j: ArchiveJournal): Promise<string[]> {
  let tagChanges: TagChange[] = [];
  await transaction(
    [
      // The journal goes only when every undo succeeded (rolledBack below): otherwise it is what
      // lets `doctor --fix` complete the change.
      { name: 'journal', run: () => writeArchiveJournal(layout, j), undo: () => undefined },
      ...j.moves.map((m) => moveStep(layout, m)),
      {
        name: 'mlflow',
        run: async () => void (tagChanges = await setExperimentRunTag(tracker, j.id, ARCHIVED_TAG, j.tag)),
        undo: () => undoTagChanges(tracker, tagChanges),
      },
      snapshotStep('index', layout.experimentsIndex, () => upsertIndexRow(layout, { ID: j.id, Status: j.status })),
      snapshotStep('manifest', layout.archiveManifest, () =>
        appendManifest(layout, { id: j.id, action: j.action, at: j.at, reason: j.reason, previousStatus: j.previous_status, moves: j.moves, mlflowRuns: tagChanges.map((c) => c.runId) }),
      ),
    ],
    () => clearArchiveJournal(layout),
  );
  clearArchiveJournal(layout);
  return tagChanges.map((c) => c.runId);
}

/** The configured tracking store (the file store, or MLFLOW_TRACKING_URI's server). */
function trackerFor(layout: Layout): Tracker {
  return createTracker({ fileStoreDir: layout.mlruns, sourceDir: layout.project });
}

export async function archiveExperiment(layout: Layout, id: string, reasonText: string | undefined, now = new Date(), tracker: Tracker = trackerFor(layout)): Promise<ArchiveResult> {
  const reason = requireReason(reasonText);
  checkIndex(layout); // archive marks the index: a damaged one is refused before anything moves
  readChampion(layout); // rolls a half-finished promotion forward (takes the lock itself)
  return withLock(layout.lockFile, async () => {
    await completeArchiveJournal(layout, tracker); // an earlier archive/restore killed mid-way
    const loc = locateExperiment(layout, id);
    if (!loc) throw unknownIdError(layout, id);
    if (loc.archived) {
      const entry = openArchiveEntry(layout, id);
      const when = entry ? ` on ${entry.at}` : '';
      throw new UserError(`${id} is already archived${when} (${rel(layout, loc.outputs ?? loc.bundle!)}); restore it with \`edgelab archive --restore ${id}\``);
    }
    const role = championRole(layout, id);
    if (role === 'current') throw new UserError(`${id} is the current champion (models/production/champion_current); promote another model before archiving it`);
    if (role === 'previous') throw new UserError(`${id} is the previous champion (models/production/champion_previous, the rollback target); it cannot be archived while it is the rollback target`);

    const moves: ManifestMove[] = [];
    if (loc.bundle) moves.push({ from: rel(layout, loc.bundle), to: rel(layout, layout.deprecatedBundle(id)) });
    if (loc.outputs) moves.push({ from: rel(layout, loc.outputs), to: rel(layout, layout.deprecatedOutputs(id)) });
    for (const m of moves) if (existsSync(join(layout.root, m.to))) throw new UserError(`cannot archive ${id}: ${m.to} exists already (move it away first)`);

    const j: ArchiveJournal = { version: 1, id, action: 'archived', at: now.toISOString(), reason, previous_status: indexStatus(layout, id), status: STATUS_MARK.archived, moves, tag: 'true' };
    const runs = await runJournalled(layout, tracker, j);
    return { id, action: 'archived', at: j.at, reason, moves, mlflow_runs: runs, previous_status: j.previous_status, status: j.status };
  });
}

/** A recorded path must stay inside the artifacts root (the manifest is a hand-editable file). */
function insideRoot(layout: Layout, p: string): string {
  const n = normalize(p);
  if (isAbsolute(n) || n.startsWith('..')) throw new UserError(`${layout.archiveManifest}: path ${JSON.stringify(p)} is outside the artifacts root`);
  return n;
}

/** Where the archived dirs of `id` go back to: the manifest's record, else the layout's rule. */
function restoreMoves(layout: Layout, id: string): ManifestMove[] {
  const entry = openArchiveEntry(layout, id);
  if (entry && entry.moves.length) {
    return entry.moves.map((m) => ({ from: insideRoot(layout, m.to), to: insideRoot(layout, m.from) }));
  }
  // No manifest record (archived by hand?): the phase in summary.json says where outputs belong.
  const outputs = layout.deprecatedOutputs(id);
  const bundle = layout.deprecatedBundle(id);
  const phase = Number(existsSync(outputs) ? readSummary(outputs)?.phase : NaN);
  if (phase !== 1 && phase !== 2 && phase !== 3) {
    throw new UserError(`cannot restore ${id}: no entry in ${layout.archiveManifest} and no phase in its summary.json to say where it came from`);
  }
  const moves: ManifestMove[] = [];
  if (existsSync(bundle)) moves.push({ from: rel(layout, bundle), to: rel(layout, layout.modelBundle(id, phase as Phase)) });
  if (existsSync(outputs)) moves.push({ from: rel(layout, outputs), to: rel(layout, layout.experimentDir(id, phase as Phase)) });
  return moves;
}

export async function restoreExperiment(layout: Layout, id: string, reasonText?: string, now = new Date(), tracker: Tracker = trackerFor(layout)): Promise<ArchiveResult> {
  const reason = oneLine(reasonText ?? '') || 'restored';
  checkIndex(layout);
  return withLock(layout.lockFile, async () => {
    await completeArchiveJournal(layout, tracker); // an earlier archive/restore killed mid-way
    if (!existsSync(layout.deprecatedBundle(id)) && !existsSync(layout.deprecatedOutputs(id))) {
      const loc = locateExperiment(layout, id);
      if (!loc) throw unknownIdError(layout, id);
      throw new UserError(`${id} is not archived (its artifacts are at ${rel(layout, loc.outputs ?? loc.bundle!)})`);
    }
    const moves = restoreMoves(layout, id);
    for (const m of moves) {
      if (!existsSync(join(layout.root, m.from))) throw new UserError(`cannot restore ${id}: ${m.from} is missing from the archive`);
      if (existsSync(join(layout.root, m.to))) throw new UserError(`cannot restore ${id}: ${m.to} exists already`);
    }
    const entry = openArchiveEntry(layout, id);
    const back = entry?.previousStatus || STATUS_MARK.trained;
    const j: ArchiveJournal = { version: 1, id, action: 'restored', at: now.toISOString(), reason, previous_status: indexStatus(layout, id), status: back, moves, tag: null };
    const runs = await runJournalled(layout, tracker, j);
    return { id, action: 'restored', at: j.at, reason, moves, mlflow_runs: runs, previous_status: j.previous_status, status: back };
  });
}
