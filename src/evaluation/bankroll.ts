// The production bankroll (issue 17): it compounds week by week. The bankroll a week's bets are
// sized with is the starting bankroll plus every unit won or lost on the weeks settled before it,
// so fractional Kelly and fixed-fractional stakes and the weekly limits (a share of the bankroll)
// grow after winning weeks and shrink after losing ones. Pending bets count nothing until
// settled. Units are the bankroll's own unit, so compounding is a running sum of units.

export interface BankrollWeek {
  season: number;
  week: number;
  season_type: 'regular' | 'postseason';
  /** Units staked on the week's bets (settled and pending). */
  staked: number;
  /** Units won on settled bets. */
  units: number;
  /** Bets not settled yet. */
  pending: number;
}

export interface BankrollRow extends BankrollWeek {
  /** The bankroll the week's stakes and limits were sized with. */
  bankroll_before: number;
  /** bankroll_before + units. */
  bankroll_after: number;
}

export const BANKROLL_COLUMNS = ['season', 'week', 'season_type', 'bankroll_before', 'staked', 'units', 'pending', 'bankroll_after'] as const;

/** The ledger of chronological weeks from a starting bankroll. */
export function bankrollLedger(start: number, weeks: readonly BankrollWeek[]): BankrollRow[] {
  if (!(start > 0)) throw new RangeError(`bankroll: the starting bankroll must be positive, got ${start}`);
  let bankroll = start;
  return weeks.map((w) => {
    const row = { ...w, bankroll_before: bankroll, bankroll_after: bankroll + w.units };
    bankroll = row.bankroll_after;
    return row;
  });
}

/**
 * The bankroll to size a week with: the start plus the units of every week before it. Never
 * below 0 (a busted bankroll stakes nothing: Kelly and fractional stakes become 0).
 */
export function bankrollFor(start: number, earlier: readonly Pick<BankrollWeek, 'units'>[]): number {
  return Math.max(0, earlier.reduce((b, w) => b + w.units, start));
}
