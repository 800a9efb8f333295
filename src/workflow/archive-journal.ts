// The journal of an archive or restore in progress. Moving two directories and writing three
// records (MLflow tag, index mark, manifest entry) cannot happen in one atomic step, so the whole
// plan — every move, the tag, the index status, the manifest entry with its reason — is written
// atomically to archive/pending_archive.json BEFORE the first move, and removed after the last
// record. A process killed at any instant therefore leaves either no journal (the old state, or
// the complete new one) or a journal from which the change is completed: every step is
// idempotent (a move already made is skipped, the tag and index mark are set again, the manifest
// entry is written once). The next archive command, or `doctor --fix`, completes it.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Layout } from '../artifacts/layout.ts';
import { writeJsonAtomic } from '../artifacts/atomic.ts';
import { readJsonArtifact } from '../artifacts/read-json.ts';
import { upsertIndexRow } from '../artifacts/experiment-index.ts';
import { appendManifest, readManifest, type ManifestMove } from '../artifacts/archive-manifest.ts';
import { UserError } from '../util/errors.ts';
import { setExperimentRunTag } from './mlflow-tag.ts';
import type { Tracker } from '../tracking/tracker.ts';

/** The MLflow tag set on an archived experiment's runs (removed on restore). */
export const ARCHIVED_TAG = 'archived';

export interface ArchiveJournal {
  version: 1;
  id: string;
  action: 'archived' | 'restored';
  at: string;
  reason: string;
  /** The index status before the change (recorded in the manifest). */
  previous_status: string;
  /** The index status after it. */
  status: string;
  /** Paths relative to the artifacts root, in order. */
  moves: ManifestMove[];
  /** The MLflow tag `archived` after the change: 'true', or null to remove it. */
  tag: string | null;
}

export function readArchiveJournal(layout: Layout): ArchiveJournal | null {
  if (!existsSync(layout.pendingArchiveChange)) return null;
  const j = readJsonArtifact<ArchiveJournal>(layout.pendingArchiveChange, 'archive journal');
  if (typeof j?.id !== 'string' || !Array.isArray(j.moves) || (j.action !== 'archived' && j.action !== 'restored')) {
    throw new UserError(`${layout.pendingArchiveChange}: not a readable archive journal (fields id, action, moves missing); restore it from a backup or move it away and check the tree by hand`);
  }
  return j;
}

export function writeArchiveJournal(layout: Layout, j: ArchiveJournal): void {
  writeJsonAtomic(layout.pendingArchiveChange, j);
}

export function clearArchiveJournal(layout: Layout): void {
  rmSync(layout.pendingArchiveChange, { force: true });
}

/** Where a move stands: not yet made, made, or neither side present / both present (not ours to guess). */
function moveState(layout: Layout, m: ManifestMove): 'todo' | 'done' | 'conflict' {
  const from = existsSync(join(layout.root, m.from));
  const to = existsSync(join(layout.root, m.to));
  if (from && !to) return 'todo';
  if (!from && to) return 'done';
  return 'conflict';
}

/** Make the journalled move if it is not made yet (idempotent). */
export function applyMove(layout: Layout, m: ManifestMove): void {
  const state = moveState(layout, m);
  if (state === 'done') return;
  if (state === 'conflict') {
    const both = existsSync(join(layout.root, m.from));
    throw new UserError(`cannot complete the move ${m.from} → ${m.to}: ${both ? 'both exist' : 'neither exists'}; check the tree by hand (${layout.pendingArchiveChange} holds the plan)`);
  }
  // The destination's parent may not exist yet; creating it is idempotent.
  mkdirSync(dirname(join(layout.root, m.to)), { recursive: true });
  renameSync(join(layout.root, m.from), join(layout.root, m.to));
}

/** Whether the manifest already holds this journal's entry (it is written once). */
function manifestHas(layout: Layout, j: ArchiveJournal): boolean {
  return readManifest(layout).some((e) => e.id === j.id && e.action === j.action && e.at === j.at);
}

/**
 * Complete a journalled archive/restore (call with the tree lock held). Returns the MLflow runs
 * tagged, or null when nothing was pending.
 */
export async function completeArchiveJournal(layout: Layout, tracker: Tracker): Promise<{ journal: ArchiveJournal; runs: string[] } | null> {
  const j = readArchiveJournal(layout);
  if (!j) return null;
  for (const m of j.moves) applyMove(layout, m);
  const runs = (await setExperimentRunTag(tracker, j.id, ARCHIVED_TAG, j.tag)).map((c) => c.runId);
  upsertIndexRow(layout, { ID: j.id, Status: j.status });
  if (!manifestHas(layout, j)) {
    appendManifest(layout, { id: j.id, action: j.action, at: j.at, reason: j.reason, previousStatus: j.previous_status, moves: j.moves, mlflowRuns: runs });
  }
  clearArchiveJournal(layout);
  return { journal: j, runs };
}
