// Market checks: every scheduled game of the week has a line; the numbers are plausible.
import { Findings, type CheckResult, type WeekData } from './types.ts';

export function lineCoverage(d: WeekData): CheckResult {
  const f = new Findings();
  const priced = new Set(d.week_.lines.filter((l) => l.spread !== null && l.spread !== undefined).map((l) => l.game_id));
  for (const g of d.week_.games) if (!priced.has(g.game_id)) f.add('games', `game_id=${g.game_id}`, `no spread for ${g.away_team} at ${g.home_team}`, g);
  return f.result('line_coverage', d.thresholds.missing_line, 'games without a line', 'every game of the week has a line');
}

/** A valid American price: an integer whose magnitude is at least 100. */
export function validAmerican(p: unknown): boolean {
  return typeof p === 'number' && Number.isInteger(p) && Math.abs(p) >= 100;
}

export function lineValues(d: WeekData): CheckResult {
  const f = new Findings();
  const t = d.thresholds;
  for (const l of d.week_.lines) {
    const key = `game_id=${l.game_id}, provider=${l.provider}`;
    const bad = (detail: string) => f.add('lines', key, detail, l);
    for (const k of ['spread', 'spread_open'] as const) {
      const v = l[k];
      if (v !== null && v !== undefined && !(Number.isFinite(v) && Math.abs(v) <= t.max_abs_spread)) bad(`${k} = ${v} outside ±${t.max_abs_spread}`);
    }
    for (const k of ['total', 'total_open'] as const) {
      const v = l[k];
      if (v !== null && v !== undefined && !(Number.isFinite(v) && v >= t.total_min && v <= t.total_max)) bad(`${k} = ${v} outside ${t.total_min}-${t.total_max}`);
    }
    for (const k of ['spread_price_home', 'spread_price_away', 'over_price', 'under_price', 'home_moneyline', 'away_moneyline'] as const) {
      const v = l[k];
      if (v !== null && v !== undefined && !validAmerican(v)) bad(`${k} = ${v} is not valid American odds`);
    }
  }
  return f.result('line_values', 'fail', 'implausible line values', 'every line value is plausible');
}
