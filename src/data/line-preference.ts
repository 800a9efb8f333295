// Which provider's line is "the" line of a game: the first provider of
// `data.line_provider_preference` that has a value for the market, else the alphabetically first
// provider that has one (deterministic). Providers are never averaged: each is a real price
// someone could bet, an average (or median) of them is not.
import type { Line } from './schema.ts';

export type LineMarket = 'spread' | 'total';
/** The numeric line fields a provider may or may not have: closing and opening numbers. */
export type LineField = LineMarket | 'spread_open' | 'total_open';

function rank(preference: readonly string[]): (provider: string) => number {
  const pos = new Map(preference.map((p, i) => [p.toLowerCase(), i]));
  // Each provider's rank once: a league's lines name a handful of providers thousands of times.
  const seen = new Map<string, number>();
  return (provider) => {
    let r = seen.get(provider);
    if (r === undefined) seen.set(provider, (r = pos.get(provider.toLowerCase()) ?? preference.length));
    return r;
  };
}

/** The chosen line of every game that has a value in `market` (a closing or opening field), keyed by game_id. */
export function preferredLines(lines: readonly Line[], preference: readonly string[], market: LineField = 'spread'): Map<string, Line> {
  const r = rank(preference);
  const better = (a: Line, b: Line) => r(a.provider) - r(b.provider) || (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0);
  const out = new Map<string, Line>();
  for (const l of lines) {
    if (l[market] === null) continue;
    const cur = out.get(l.game_id);
    if (cur === undefined || better(l, cur) < 0) out.set(l.game_id, l);
  }
  return out;
}
