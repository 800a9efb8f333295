// The part of `doctor --fix` that completes work instead of restoring it: a promotion or rollback
// whose plan is journalled is rolled forward (links, MLflow aliases, decision log, index), exactly
// as the next champion command would do.
import { existsSync } from 'node:fs';
import type { Layout } from '../artifacts/layout.ts';
import { readJournal, recoverChampion } from '../artifacts/champion.ts';
import { recoverChampionChange } from './champion-change.ts';

/** A sentence saying what was completed, or null when nothing was pending. */
export async function completeInterruptedChampionChange(layout: Layout): Promise<string | null> {
  const links = readJournal(layout)?.pending === true;
  if (!links && !existsSync(layout.pendingChampionChange)) return null;
  if (links) recoverChampion(layout);
  const c = await recoverChampionChange(layout);
  const what = c ? `${c.action} to ${c.current.id}` : 'champion links';
  return `completed the interrupted ${what} from its journal`;
}
