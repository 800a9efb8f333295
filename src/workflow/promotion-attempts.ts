// Every promotion-test attempt is kept: its own JSON file under promotion_tests/attempts/ and one
// line in promotion_tests/attempts.jsonl (the contract in GUIDE.md: attempt, at, phase,
// candidate, baseline, market, exploratory, passed, p_value, alpha, file, candidate_hashes,
// baseline_hashes). Re-running until one market or one baseline passes is visible, and
// family-wise error control can count the attempts.
import { existsSync, readFileSync } from 'node:fs';
import { promotionAttemptFile, promotionAttemptsLog, type Layout } from '../artifacts/layout.ts';
import { writeFileAtomic, writeJsonAtomic } from '../artifacts/atomic.ts';
import type { ContentHashes } from '../artifacts/content-hashes.ts';
import { withLockSync } from '../artifacts/lock.ts';
import type { PromotionTest } from '../evaluation/gates.ts';
import { UserError } from '../util/errors.ts';

export interface AttemptLine {
  attempt: number;
  at: string;
  phase: 'phase2' | 'phase3';
  candidate: string;
  baseline: string;
  market: string;
  exploratory: boolean;
  passed: boolean;
  p_value: number;
  alpha: number;
  file: string;
  candidate_hashes: ContentHashes;
  baseline_hashes: ContentHashes;
}

/** A promotion test as recorded: the gates' result plus what makes it an auditable attempt. */
export interface RecordedPromotionTest extends PromotionTest {
  /** The market the phase is judged on (conf/gates/phaseN.yaml `market`). */
  judged_market: string;
  /** A --market other than the judged one: informative only, never promotes. */
  exploratory: boolean;
  attempt: number;
  attempt_file: string;
  candidate_hashes: ContentHashes;
  baseline_hashes: ContentHashes;
}

export function readAttempts(layout: Layout): AttemptLine[] {
  const file = promotionAttemptsLog(layout);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as AttemptLine;
      } catch {
        throw new UserError(`${file}:${i + 1}: not a JSON object; the attempts log is append-only — restore it from a backup`);
      }
    });
}

/** Keep an attempt: its JSON file, then its log line (numbered per log, 1-based). */
export function recordAttempt(layout: Layout, test: Omit<RecordedPromotionTest, 'attempt' | 'attempt_file'>, alpha: number): RecordedPromotionTest {
  return withLockSync(`${promotionAttemptsLog(layout)}.lock`, () => {
    const attempt = readAttempts(layout).length + 1;
    const name = `${String(attempt).padStart(4, '0')}_${test.candidate_id}_vs_${test.baseline_id}_${test.market}.json`;
    const recorded: RecordedPromotionTest = { ...test, attempt, attempt_file: name };
    writeJsonAtomic(promotionAttemptFile(layout, name), recorded);
    const line: AttemptLine = {
      attempt,
      at: test.created_at,
      phase: test.phase === 3 ? 'phase3' : 'phase2',
      candidate: test.candidate_id,
      baseline: test.baseline_id,
      market: test.market,
      exploratory: test.exploratory,
      passed: test.passed,
      p_value: test.p_value,
      alpha,
      file: name,
      candidate_hashes: test.candidate_hashes,
      baseline_hashes: test.baseline_hashes,
    };
    // Append by atomic rewrite: the log is never seen half written.
    const log = promotionAttemptsLog(layout);
    const before = existsSync(log) ? readFileSync(log, 'utf8') : '';
    writeFileAtomic(log, before + JSON.stringify(line) + '\n');
    return recorded;
  });
}

/**
 * A sweep's configurations as attempts of their own (candidate `<sweep id>#<index>`), so that a
 * promotion test in the same phase, against the same baseline and market, counts every
 * configuration the sweep tried in its family-wise error. Idempotent: a configuration already in
 * the log is not added again. Returns the number of lines added.
 */
export function recordSweepAttempts(layout: Layout, lines: Omit<AttemptLine, 'attempt'>[]): number {
  return withLockSync(`${promotionAttemptsLog(layout)}.lock`, () => {
    const before = readAttempts(layout);
    const seen = new Set(before.map((a) => a.candidate));
    const fresh = lines.filter((l) => !seen.has(l.candidate));
    if (fresh.length === 0) return 0;
    const log = promotionAttemptsLog(layout);
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    writeFileAtomic(log, text + fresh.map((l, k) => JSON.stringify({ attempt: before.length + k + 1, ...l })).join('\n') + '\n');
    return fresh.length;
  });
}

/** Attempts for `candidate` logged before attempt number `attempt`. */
export function attemptsBefore(layout: Layout, candidate: string, attempt: number): number {
  return readAttempts(layout).filter((a) => a.candidate === candidate && a.attempt < attempt).length;
}
