// Which line is "the" line of a game. Games can have a row per sportsbook; edgelab never averages
// providers: it takes the first provider of `data.line_provider_preference` that has a line, and
// when none of them does, the alphabetically first provider (deterministic, and visible in the
// `provider` field of the chosen line).
import type { Line } from './schema.ts';

export function selectLines(lines: readonly Line[], preference: readonly string[]): Map<string, Line> {
  const rank = new Map(preference.map((p, i) => [p.toLowerCase(), i]));
  const best = new Map<string, Line>();
  const score = (l: Line) => rank.get(l.provider.toLowerCase()) ?? preference.length;
  for (const l of lines) {
    if (l.spread === null && l.total === null) continue;
    const cur = best.get(l.game_id);
    if (!cur) {
      best.set(l.game_id, l);
      continue;
    }
    const a = score(l);
    const b = score(cur);
    if (a < b || (a === b && l.provider < cur.provider)) best.set(l.game_id, l);
  }
  return best;
}
