// The production bankroll on disk (issue 17): production/bankroll.csv, rebuilt from the bets and
// scored files whenever predict or score writes (under the tree lock). The arithmetic is pure
// (evaluation/bankroll.ts); this file gathers the weeks. Backfilled bets (predict --backfill, made
// after kickoff) were never really placed, so they never move the bankroll: their stakes, units and
// pending counts are left out of every week, whatever --include-backfilled does to the figures.
import { existsSync, readFileSync } from 'node:fs';
import type { Layout } from '../artifacts/layout.ts';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { BANKROLL_COLUMNS, bankrollFor, bankrollLedger, type BankrollRow, type BankrollWeek } from '../evaluation/bankroll.ts';
import { csvToObjects, formatCsv } from '../util/csv.ts';
import type { WeekKey } from '../readers/dashboard-data.ts';
import { liveRows, ordinalOf, readBets, readScored, round, weeksWith } from './production-files.ts';

/** Every predicted week, chronological, with the settled units of its live bets (0 until scored). */
export function productionWeeks(layout: Layout): BankrollWeek[] {
  return weeksWith(layout, 'bets').map((k) => {
    const scoredFile = layout.scoredFile(k.season, k.week, k.season_type);
    if (existsSync(scoredFile)) {
      const rows = liveRows(readScored(scoredFile));
      const settled = rows.filter((r) => r.result !== 'pending');
      return { ...k, staked: rows.reduce((s, r) => s + r.recommended_units, 0), units: settled.reduce((s, r) => s + r.units_won, 0), pending: rows.length - settled.length };
    }
    const bets = liveRows(readBets(layout.predictionsFile(k.season, k.week, k.season_type)));
    return { ...k, staked: bets.reduce((s, r) => s + r.recommended_units, 0), units: 0, pending: bets.length };
  });
}

/** The bankroll to size `week` with: the start plus the settled units of every earlier week. */
export function bankrollForWeek(layout: Layout, start: number, week: WeekKey): number {
  const earlier = productionWeeks(layout).filter((w) => ordinalOf(w) < ordinalOf(week));
  return bankrollFor(start, earlier);
}

/** Rewrite production/bankroll.csv (call with the tree lock held). */
export function writeBankrollLedger(layout: Layout, start: number): BankrollRow[] {
  const rows = bankrollLedger(start, productionWeeks(layout));
  const out = rows.map((r) => ({ ...r, bankroll_before: round(r.bankroll_before), staked: round(r.staked), units: round(r.units), bankroll_after: round(r.bankroll_after) }));
  writeFileAtomic(layout.bankrollLedger, formatCsv(BANKROLL_COLUMNS, out as unknown as Record<string, string | number | null>[]));
  return rows;
}

/** The bankroll after every unit settled so far (production/bankroll.csv's last row; null before any bets). */
export function currentBankroll(layout: Layout): number | null {
  const rows = existsSync(layout.bankrollLedger) ? csvToObjects(readFileSync(layout.bankrollLedger, 'utf8')) : [];
  const last = rows.at(-1);
  return last ? Number(last.bankroll_after) : null;
}
