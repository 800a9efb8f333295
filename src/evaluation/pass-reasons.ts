// Why a week's candidates were not bet, in a few words a user can act on: the betting policy's
// reasons (policy.ts) grouped by kind, most frequent first. A week with 0 bets then says why
// ("46 not eligible: fewer than 2 prior games") instead of printing an empty table.
import { count } from '../util/plural.ts';

/** The kind of a policy reason: the reason with its per-game figures taken out. */
export function reasonKind(reason: string): string {
  if (reason.startsWith('not eligible: fewer than')) return reason.replace(/\s*\(.*\)$/, '').replace(/^not eligible: /, 'not eligible (') + ')';
  if (reason.startsWith('not eligible: |prediction|')) return reason.replace(/^not eligible: \|prediction\| [\d.]+ > /, 'not eligible (|prediction| above ') + ')';
  const edge = /^\|edge\| [\d.]+ < ([\d.]+)$/.exec(reason);
  if (edge) return `edge below ${count(Number(edge[1]), 'point')}`;
  if (reason.startsWith('cover probability')) return reason.replace(/^cover probability [\d.]+ < /, 'cover probability below ');
  if (reason.startsWith('expected value')) return reason.replace(/^expected value -?[\d.]+ < /, 'expected value below ');
  if (reason.startsWith('already a')) return 'one bet per game and market';
  return reason;
}

/**
 * Why a game of the design is not even a candidate (null: it is one) — the same tests as
 * backtest.ts candidatesOf: a line, an eligible feature row, a finite prediction.
 */
export function notCandidateKind(row: { line: number | null; eligible: boolean; ineligible_reason?: string }, prediction: number): string | null {
  if (row.line === null) return 'no line yet';
  if (!row.eligible) {
    const why = row.ineligible_reason ?? '';
    const min = /min_games (\d+)/.exec(why);
    if (min) return `not eligible (a team with fewer than ${count(Number(min[1]), 'prior game')} this season)`;
    if (why.includes('missing:')) return 'not eligible (missing feature values)';
    return 'not eligible';
  }
  return Number.isFinite(prediction) ? null : 'no prediction';
}

/** `{kind: n}` of the reasons, most frequent first (ties by kind). */
export function summarizeReasons(reasons: readonly (string | null)[]): { kind: string; n: number }[] {
  const by = new Map<string, number>();
  for (const r of reasons) if (r) by.set(reasonKind(r), (by.get(reasonKind(r)) ?? 0) + 1);
  return [...by].map(([kind, n]) => ({ kind, n })).sort((a, b) => b.n - a.n || a.kind.localeCompare(b.kind));
}

/**
 * "46 candidates, none bet: 40 not eligible (fewer than 2 prior games), 6 edge below 1 point";
 * with no candidate at all, why the games were not candidates ("no candidate: 92 not eligible (…)").
 */
export function noBetsLine(candidates: number, summary: readonly { kind: string; n: number }[]): string {
  const parts = summary.slice(0, 3).map((s) => `${s.n} ${s.kind}`);
  const why = `${parts.join(', ')}${summary.length > 3 ? ', …' : ''}`;
  if (candidates === 0) return parts.length ? `no candidate: ${why}` : 'no candidate';
  return `${count(candidates, 'candidate')}, none bet: ${why}`;
}
