// The part of `doctor --fix` that completes work instead of restoring it: a promotion or rollback
// whose plan is journalled is rolled forward (links, MLflow aliases, decision log, index), and so
// is a journalled archive or restore (moves, MLflow tag, index mark, manifest entry) — exactly as
// the next champion or archive command would do. Both need the async MLflow client, so they run
// before the synchronous checks.
import { existsSync } from 'node:fs';
import type { Layout } from '../artifacts/layout.ts';
import { readJournal, recoverChampion } from '../artifacts/champion.ts';
import { withLock } from '../artifacts/lock.ts';
import { createTracker } from '../tracking/create.ts';
import { recoverChampionChange } from './champion-change.ts';
import { completeArchiveJournal } from './archive-journal.ts';

/** A sentence saying what was completed, or null when nothing was pending. */
export async function completeInterruptedChampionChange(layout: Layout): Promise<string | null> {
  const links = readJournal(layout)?.pending === true;
  if (!links && !existsSync(layout.pendingChampionChange)) return null;
  if (links) recoverChampion(layout);
  const c = await recoverChampionChange(layout);
  const what = c ? `${c.action} to ${c.current.id}` : 'champion links';
  return `completed the interrupted ${what} from its journal`;
}

/** A sentence saying which archive/restore was completed, or null when none was pending. */
export async function completeInterruptedArchive(layout: Layout): Promise<string | null> {
  if (!existsSync(layout.pendingArchiveChange)) return null;
  const tracker = createTracker({ fileStoreDir: layout.mlruns, sourceDir: layout.project });
  const done = await withLock(layout.lockFile, () => completeArchiveJournal(layout, tracker));
  if (!done) return null;
  const verb = done.journal.action === 'archived' ? 'archive' : 'restore';
  return `completed the interrupted ${verb} of ${done.journal.id} from its journal (${done.journal.moves.length} move(s), ${done.runs.length} MLflow run(s), index, manifest)`;
}

/** Everything `doctor --fix` completes from journals: one check per completed change. */
export async function completeInterruptedWork(layout: Layout): Promise<{ name: string; message: string }[]> {
  const out: { name: string; message: string }[] = [];
  const champion = await completeInterruptedChampionChange(layout);
  if (champion) out.push({ name: 'champion-change', message: champion });
  const archive = await completeInterruptedArchive(layout);
  if (archive) out.push({ name: 'archive-change', message: archive });
  return out;
}
