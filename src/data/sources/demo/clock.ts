// The demo league's clock. Its seasons lie in the past, so against the wall clock every live
// week has "kicked off" and nothing that is only allowed before kickoff (regenerating a week's
// bets) could ever be tried on it. The league's own time is where its reveal stands: just after
// the last revealed game, before the next week's first kickoff. Real data keeps the wall clock.
import type { Dataset } from '../../schema.ts';
import { DEMO_ID_PREFIX } from './league.ts';

/** Hours after a kickoff by which a game is over. */
const GAME_HOURS = 4;

/**
 * The current time of a warehouse that holds only the demo league with a live season still
 * being revealed; null for any other data (use the wall clock).
 */
export function demoClock(data: Pick<Dataset, 'games'>): Date | null {
  if (data.games.length === 0 || !data.games.every((g) => g.game_id.startsWith(DEMO_ID_PREFIX))) return null;
  let lastPlayed = -Infinity;
  let unplayed = false;
  for (const g of data.games) {
    const t = Date.parse(g.start_date);
    if (!Number.isFinite(t)) continue;
    if (g.completed) lastPlayed = Math.max(lastPlayed, t);
    else unplayed = true;
  }
  if (!unplayed || !Number.isFinite(lastPlayed)) return null;
  return new Date(lastPlayed + GAME_HOURS * 3_600_000);
}
