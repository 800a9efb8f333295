// `edgelab promote-test --baseline A --candidate B`: the five gates on the games both models were
// evaluated on, from the two experiments' predictions.csv, with the thresholds and the judged
// market of the candidate's phase (conf/gates/phase2.yaml | phase3.yaml). Every attempt is kept
// (promotion-attempts.ts); promotion_tests/<B>_vs_baseline.json is the latest.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentFile, type Layout } from '../artifacts/layout.ts';
import { writeJsonAtomic } from '../artifacts/atomic.ts';
import { checkIndex, markStatus } from '../artifacts/experiment-index.ts';
import { loadConfig } from '../config/load.ts';
import { resolveConfDir } from '../config/confdir.ts';
import { parsePredictions, scoredBetsOf } from '../evaluation/experiment-records.ts';
import { familyOf, holm, type PromotionAttempt } from '../evaluation/holm.ts';
import { promotionTest, type GateOverride, type Market, type ModelRun, type PromotionTest } from '../evaluation/gates.ts';
import { comparedGames, type ComparedGames } from '../evaluation/compared-games.ts';
import { UsageError, UserError } from '../util/errors.ts';
import { readExperimentConfig } from './experiment-config.ts';
import { readAttempts, recordAttempt, type RecordedPromotionTest } from './promotion-attempts.ts';
import { changedSinceTraining, comparabilityDifferences, runRecord } from './run-comparability.ts';
import { readJsonArtifact } from '../artifacts/read-json.ts';
import { KeptByText } from '../util/kept.ts';

// Each predictions file's parsed rows, by its path and whole text: a phase tests every candidate
// against the same benchmark, so the demo's four tests read the benchmark's file again and again.
// The file is read every time and its text compared (a changed file is parsed afresh); the rows
// are frozen and every caller gets its own arrays.
const parsedRuns = new KeptByText<{ predictions: readonly ModelRun['predictions'][number][]; bets: readonly ModelRun['bets'][number][] }>(16);

/** A trained experiment's walk-forward record as the gates read it. */
export function modelRunOf(layout: Layout, id: string): { run: ModelRun; phase: 1 | 2 | 3 } {
  const { config, dir } = readExperimentConfig(layout, id);
  const file = experimentFile(dir, 'predictions');
  if (!existsSync(file)) throw new UserError(`${file} is missing (removed by cleanup?); retrain ${id} with --force to rebuild it`);
  const kept = parsedRuns.get(file, readFileSync(file, 'utf8'), (text) => {
    const records = parsePredictions(text);
    return {
      predictions: records.map((r) => Object.freeze({ season: r.season, season_type: r.season_type, week: r.week, game_id: r.game_id, bet_type: r.market, prediction: r.prediction, actual: r.actual })),
      bets: scoredBetsOf(records).map((b) => Object.freeze(b)),
    };
  });
  return { phase: config.experiment.phase as 1 | 2 | 3, run: { id, predictions: [...kept.predictions], bets: [...kept.bets] } };
}

export interface PromotionTestOptions {
  layout: Layout;
  baselineId: string;
  candidateId: string;
  /** Omitted: the phase's judged market (conf/gates). Another market makes the attempt exploratory. */
  market?: Market;
  overrides?: GateOverride[];
}

/**
 * Gate a candidate against a baseline. Refuses runs that are not comparable (listing every
 * difference) or whose files changed since they were trained; records the attempt (its own
 * file and a line of attempts.jsonl) with both runs' content hashes; the seed's
 * <candidate>_vs_baseline.json is the latest attempt.
 */
export function runPromotionTest(o: PromotionTestOptions): { test: RecordedPromotionTest; file: string; compared: ComparedGames } {
  if (o.baselineId === o.candidateId) throw new UsageError('--baseline and --candidate are the same experiment');
  checkIndex(o.layout); // it marks the candidate there: a damaged index is refused before the attempt is recorded
  const base = modelRunOf(o.layout, o.baselineId);
  const cand = modelRunOf(o.layout, o.candidateId);
  if (cand.phase === 1) throw new UsageError(`${o.candidateId} is a phase-1 baseline; candidates are phase 2 (features) or 3 (models)`);
  const baseRec = runRecord(o.layout, o.baselineId);
  const candRec = runRecord(o.layout, o.candidateId);
  for (const r of [baseRec, candRec]) {
    const changed = changedSinceTraining(r);
    if (changed.length > 0) throw new UserError(`${r.id} changed since it was trained (${changed.join(', ')} no longer match the hashes in its summary.json); trained things are immutable — retrain under a new id`);
  }
  const diffs = comparabilityDifferences(o.layout, baseRec, candRec);
  if (diffs.length > 0) {
    throw new UserError(`${o.candidateId} and ${o.baselineId} are not comparable:\n${diffs.map((d) => `  - ${d}`).join('\n')}\nretrain one of them so that both share these`);
  }
  const { config } = loadConfig({ confDir: resolveConfDir(o.layout.confDir), overrides: [`gates=phase${cand.phase}`] });
  const judged = config.gates.market;
  const market = o.market ?? judged;
  const family = familyOf(readAttempts(o.layout), { phase: `phase${cand.phase}`, baseline: o.baselineId, market, candidate: o.candidateId });
  const result = promotionTest(
    { baseline: base.run, candidate: cand.run, market, overrides: o.overrides ?? [], family, created_at: new Date().toISOString() },
    config.gates,
  );
  const test = recordAttempt(
    o.layout,
    { ...result, judged_market: judged, exploratory: market !== judged, candidate_hashes: candRec.hashes, baseline_hashes: baseRec.hashes },
    1 - config.gates.significance.min_confidence,
  );
  const file = o.layout.promotionTest(o.candidateId);
  writeJsonAtomic(file, test);
  // A failed judged test marks the candidate ❌ in the index; a passed one waits for `promote` (✔️ / 🏆).
  if (!test.passed && !test.exploratory) markStatus(o.layout, o.candidateId, 'rejected');
  return { test, file, compared: comparedGames(base.run, cand.run, market) };
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

export function readPromotionTest(layout: Layout, candidateId: string): RecordedPromotionTest | null {
  const file = layout.promotionTest(candidateId);
  if (!existsSync(file)) return null;
  return readJsonArtifact<RecordedPromotionTest>(file, 'promotion test');
}
