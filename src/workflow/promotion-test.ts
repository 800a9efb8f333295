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
import { promotionTest, type GateOverride, type Market, type ModelRun, type PromotionTest } from '../evaluation/gates.ts';
import { UsageError, UserError } from '../util/errors.ts';
import { readExperimentConfig } from './experiment-config.ts';
import { readJsonArtifact } from '../artifacts/read-json.ts';

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
  const test = promotionTest(
    { baseline: base.run, candidate: cand.run, market: o.market, overrides: o.overrides ?? [], created_at: new Date().toISOString() },
    config.gates,
  );
  const file = o.layout.promotionTest(o.candidateId);
  writeJsonAtomic(file, test);
  // A failed test marks the candidate ❌ in the index; a passed one waits for `promote` (✔️ / 🏆).
  if (!test.passed) markStatus(o.layout, o.candidateId, 'rejected');
  return { test, file };
}

export function readPromotionTest(layout: Layout, candidateId: string): PromotionTest | null {
  const file = layout.promotionTest(candidateId);
  if (!existsSync(file)) return null;
  return readJsonArtifact<PromotionTest>(file, 'promotion test');
}
