// `edgelab promote-test --baseline A --candidate B`: the five gates on the games both models were
// evaluated on, from the two experiments' predictions.csv, with the thresholds of the candidate's
// phase (conf/gates/phase2.yaml | phase3.yaml). Writes promotion_tests/<B>_vs_baseline.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout } from '../artifacts/layout.ts';
import { writeJsonAtomic } from '../artifacts/atomic.ts';
import { markStatus } from '../artifacts/experiment-index.ts';
import { loadConfig } from '../config/load.ts';
import { resolveConfDir } from '../config/confdir.ts';
import { parsePredictions, scoredBetsOf } from '../evaluation/experiment-records.ts';
import { familyOf, holm, type PromotionAttempt } from '../evaluation/holm.ts';
import { promotionTest, type GateOverride, type Market, type ModelRun, type PromotionTest } from '../evaluation/gates.ts';
import { UsageError, UserError } from '../util/errors.ts';
import { readExperimentConfig } from './experiment-config.ts';

/** A trained experiment's walk-forward record as the gates read it. */
export function modelRunOf(layout: Layout, id: string): { run: ModelRun; phase: 1 | 2 | 3 } {
  const { config, dir } = readExperimentConfig(layout, id);
  const file = join(dir, 'predictions.csv');
  if (!existsSync(file)) throw new UserError(`${file} is missing (removed by cleanup?); retrain ${id} with --force to rebuild it`);
  const records = parsePredictions(readFileSync(file, 'utf8'));
  return {
    phase: config.experiment.phase as 1 | 2 | 3,
    run: {
      id,
      predictions: records.map((r) => ({ season: r.season, season_type: r.season_type, week: r.week, game_id: r.game_id, bet_type: r.market, prediction: r.prediction, actual: r.actual })),
      bets: scoredBetsOf(records),
    },
  };
}

export interface PromotionTestOptions {
  layout: Layout;
  baselineId: string;
  candidateId: string;
  market: Market;
  overrides?: GateOverride[];
}

export function runPromotionTest(o: PromotionTestOptions): { test: PromotionTest; file: string } {
  if (o.baselineId === o.candidateId) throw new UsageError('--baseline and --candidate are the same experiment');
  const base = modelRunOf(o.layout, o.baselineId);
  const cand = modelRunOf(o.layout, o.candidateId);
  if (cand.phase === 1) throw new UsageError(`${o.candidateId} is a phase-1 baseline; candidates are phase 2 (features) or 3 (models)`);
  const { config } = loadConfig({ confDir: resolveConfDir(o.layout.confDir), overrides: [`gates=phase${cand.phase}`] });
  const family = familyOf(readAttempts(o.layout), { phase: `phase${cand.phase}`, baseline: o.baselineId, market: o.market, candidate: o.candidateId });
  const test = promotionTest(
    { baseline: base.run, candidate: cand.run, market: o.market, overrides: o.overrides ?? [], family, created_at: new Date().toISOString() },
    config.gates,
  );
  const file = o.layout.promotionTest(o.candidateId);
  writeJsonAtomic(file, test);
  // A failed test marks the candidate ❌ in the index; a passed one waits for `promote` (✔️ / 🏆).
  if (!test.passed) markStatus(o.layout, o.candidateId, 'rejected');
  return { test, file };
}

/**
 * The promotion-attempts log (experiments/promotion_tests/attempts.jsonl), oldest first; empty
 * when there is none yet. Its other candidates against the same baseline form the Holm family.
 */
export function readAttempts(layout: Layout): PromotionAttempt[] {
  const file = layout.promotionAttemptsLog;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => {
      if (!line.trim()) return null;
      try {
        return JSON.parse(line) as PromotionAttempt;
      } catch {
        throw new UserError(`${file}: line ${i + 1} is not a JSON object; the attempts log is append-only, restore it from version control`);
      }
    })
    .filter((a): a is PromotionAttempt => a !== null);
}

/**
 * A passed test's significance judged again over its family AS IT STANDS NOW: candidates tried
 * against the same baseline after this test was run join the family, so "test several, promote
 * the best" is decided at the family-wise level (Holm over the whole log), not at the level of
 * whichever candidate happened to be tested first.
 */
export function familyVerdict(layout: Layout, t: PromotionTest): (PromotionTest['family'] & { passed: boolean }) | null {
  if (!t.family) return null; // a test written before families were recorded is not judged again
  const others = familyOf(readAttempts(layout), { phase: `phase${t.phase}`, baseline: t.baseline_id, market: t.market, candidate: t.candidate_id });
  const h = holm([t.p_value, ...others.map((o) => o.p_value)], t.family.alpha);
  return { candidates: others.length + 1, alpha: t.family.alpha, holm_p_value: h.adjusted[0]!, others, passed: h.rejected[0]! };
}

export function readPromotionTest(layout: Layout, candidateId: string): PromotionTest | null {
  const file = layout.promotionTest(candidateId);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as PromotionTest;
}
