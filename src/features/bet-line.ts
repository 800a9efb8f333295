// Which line a bet is made at, and therefore which line its market features may use. An
// opening-line bet is placed when the opener is published, days before the closing number
// exists: its features, its offset and the provider choice itself read only opening fields
// (opening → opening everywhere), so nothing published after the bet time can reach it.
import type { Line } from '../data/schema.ts';
import { preferredLines, type LineField } from '../data/line-preference.ts';
import { linesMemo } from './build-memo.ts';

export type BetLine = 'closing' | 'opening';
export type LineMarketName = 'spread' | 'total';

/** The field of a line row that holds the number bet at. */
export function betLineField(market: LineMarketName, betLine: BetLine): LineField {
  if (betLine === 'opening') return market === 'spread' ? 'spread_open' : 'total_open';
  return market;
}

/** Each game's line row for `market`: the preferred provider that has the bet-line number. */
export function betLines(lines: readonly Line[], preference: readonly string[], market: LineMarketName, betLine: BetLine): ReadonlyMap<string, Line> {
  // Shared with earlier calls over the same (frozen) rows: monitor and predict ask for the same week's.
  return linesMemo(lines, ['bet', preference, market, betLine], () => preferredLines(lines, preference, betLineField(market, betLine)));
}
