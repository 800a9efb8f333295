// Family-wise error of the promotion gates (issue 17): when several candidates are tested against
// the same champion in a phase, the chance that at least one passes by luck grows with their
// number. Holm's step-down procedure keeps that chance at or below alpha for any number of
// candidates and any dependence between their tests, and is uniformly more powerful than
// Bonferroni. The family is read from the promotion-attempts log (one line per attempt).
//
// Convention: a hypothesis is rejected when its Holm-adjusted p-value is strictly below alpha,
// which for a family of one is exactly the single-test gate "confidence > min_confidence".

/** One line of experiments/promotion_tests/attempts.jsonl (the fields this module reads). */
export interface PromotionAttempt {
  attempt: number;
  at: string;
  phase: string;
  candidate: string;
  baseline: string;
  market: string;
  exploratory?: boolean;
  passed?: boolean;
  p_value: number;
  alpha?: number;
}

export interface HolmResult {
  /** Holm-adjusted p-values, aligned with the input. */
  adjusted: number[];
  /** Rejected null hypotheses (adjusted p < alpha), aligned with the input. */
  rejected: boolean[];
}

export function holm(pValues: readonly number[], alpha: number): HolmResult {
  const m = pValues.length;
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new RangeError(`holm: p-value ${p} is not in [0, 1]`);
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((i, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[i]!));
    adjusted[i] = running;
  });
  return { adjusted, rejected: adjusted.map((p) => p < alpha) };
}

export interface FamilyMember {
  candidate: string;
  p_value: number;
}

/**
 * The other members of a candidate's family in the attempts log: attempts of the same phase,
 * against the same baseline, on the same market, by OTHER candidates — each candidate once, with
 * its latest attempt (a retest of one candidate is the same hypothesis, not a new one).
 * Exploratory attempts count: they were tried, and a rule that let them off would invite
 * labelling every failure exploratory.
 */
export function familyOf(attempts: readonly PromotionAttempt[], current: { phase: string; baseline: string; market: string; candidate: string }): FamilyMember[] {
  const latest = new Map<string, PromotionAttempt>();
  for (const a of attempts) {
    if (a.phase !== current.phase || a.baseline !== current.baseline || a.market !== current.market || a.candidate === current.candidate) continue;
    if (!Number.isFinite(a.p_value)) continue;
    const seen = latest.get(a.candidate);
    if (!seen || a.attempt >= seen.attempt) latest.set(a.candidate, a);
  }
  return [...latest.values()].map((a) => ({ candidate: a.candidate, p_value: a.p_value }));
}
