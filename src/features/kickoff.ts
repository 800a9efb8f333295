// Time is kickoff time. Week labels only group games (real calendars label weeks oddly: CFBD
// puts the FCS playoffs in postseason weeks 13–15, played before the bowls of postseason week 1);
// every point-in-time cut — features, training windows, ratings, burn-in, walk-forward — is a
// moment, the first kickoff of the week being predicted, and a game counts as known at that
// moment only if its result was in by then.

/**
 * A result counts as known this long after kickoff. The data has kickoff times but no final
 * whistles; the longest football games (overtimes, weather delays) run about four and a half
 * hours, so five hours never admits a game that was still being played.
 */
export const RESULT_DELAY_MS = 5 * 3_600_000;

/** Kickoff in epoch milliseconds (NaN when the date cannot be read). */
export function kickoffMs(startDate: string): number {
  return Date.parse(startDate);
}

/** When a game's result is known (NaN for an unreadable kickoff: such a game is never "known"). */
export function resultKnownMs(kickoff: number): number {
  return kickoff + RESULT_DELAY_MS;
}

/** Was the result of a game kicked off at `kickoff` known at the moment `cut`? */
export function knownBefore(kickoff: number, cut: number): boolean {
  return resultKnownMs(kickoff) <= cut;
}

/** Sort key of a kickoff: unreadable kickoffs sort last. */
export function kickoffSortKey(kickoff: number): number {
  return Number.isFinite(kickoff) ? kickoff : Infinity;
}

/** The cut of each week group (keyed by any group key): its first kickoff. */
export function firstKickoffs<K>(games: Iterable<{ key: K; kickoff: number }>): Map<K, number> {
  const out = new Map<K, number>();
  for (const { key, kickoff } of games) {
    const k = kickoffSortKey(kickoff);
    const cur = out.get(key);
    if (cur === undefined || k < cur) out.set(key, k);
  }
  return out;
}
