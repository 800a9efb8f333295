// `edgelab promote ID` and `edgelab rollback`: change the champion and keep every record of it
// (MLflow registry aliases and run tag, decision log, experiment index) in step.
//
// The change is planned first and the plan journalled (models/production/pending_change.json);
// then the champion links move (their own journal makes that atomic), then each record is
// written idempotently, then the plan is removed. A process killed at any step leaves either the
// old state (plan not yet written) or a plan that the next promote/rollback/predict completes:
// never a missing, dangling or mixed champion, and never a record without its change.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Layout } from '../artifacts/layout.ts';
import { writeJsonAtomic } from '../artifacts/atomic.ts';
import { withLock } from '../artifacts/lock.ts';
import { readChampion, rollbackChampion, setChampion, type ChampionRef } from '../artifacts/champion.ts';
import { appendDecision } from '../artifacts/decision-log.ts';
import { markStatus } from '../artifacts/experiment-index.ts';
import { createTracker } from '../tracking/create.ts';
import { UsageError, UserError } from '../util/errors.ts';
import { faultPoint } from '../util/fault.ts';
import { requireExperiment, readSummary } from './find.ts';
import { readPromotionTest } from './promotion-test.ts';
import type { PromotionTest } from '../evaluation/gates.ts';
import { readJsonArtifact } from '../artifacts/read-json.ts';

export const REGISTERED_MODEL = 'edgelab_champion';

export interface ChampionChange {
  change_id: string;
  action: 'establish' | 'promote' | 'force-promote' | 'rollback';
  at: string;
  reason: string;
  current: ChampionRef;
  previous: ChampionRef | null;
  test: Pick<PromotionTest, 'baseline_id' | 'candidate_id' | 'market' | 'baseline_roi' | 'candidate_roi' | 'improvement' | 'confidence' | 'ci95' | 'passed' | 'gates'> | null;
}

function fault(step: string): void {
  faultPoint(`promote:${step}`);
}

const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : `${(v * 100).toFixed(2)}%`);

function decisionOf(c: ChampionChange) {
  const t = c.test;
  const gates = t
    ? Object.entries(t.gates).map(([name, g]) => `${name}: ${g.passed ? 'passed' : 'FAILED'} — ${g.detail}`)
    : [];
  const title =
    c.action === 'rollback'
      ? `Roll back to ${c.current.id}`
      : c.action === 'establish'
        ? `Establish ${c.current.id} as the benchmark champion`
        : `Promote ${c.current.id}${c.action === 'force-promote' ? ' (forced)' : ''}`;
  return {
    at: c.at,
    title,
    context:
      c.action === 'rollback'
        ? `Champion ${c.previous?.id ?? 'none'} was rolled back.`
        : `Champion was ${c.previous?.id ?? 'none'}; candidate ${c.current.id}.`,
    decision: `${c.current.id} is the champion${c.previous ? `; ${c.previous.id} becomes the previous champion (rollback target)` : ''}.`,
    reasoning: [
      `Reason given: ${c.reason}`,
      ...(t ? [`Promotion test ${t.candidate_id} vs ${t.baseline_id} (${t.market}): ROI ${pct(t.baseline_roi)} → ${pct(t.candidate_roi)}, P(better) = ${t.confidence.toFixed(3)}, 95% CI of the difference [${pct(t.ci95[0])}, ${pct(t.ci95[1])}]`, ...gates] : []),
      `change id ${c.change_id}`,
    ],
    impact: `Weekly predictions (edgelab predict) now use ${c.current.id}'s bundle ${c.current.bundle}.`,
  };
}

/** Write every record of a planned change (each step idempotent), then drop the plan. */
async function complete(layout: Layout, c: ChampionChange): Promise<void> {
  const now = readChampion(layout);
  if (now.current?.id !== c.current.id) {
    if (c.action === 'rollback') rollbackChampion(layout, c.reason);
    else setChampion(layout, c.current, c.reason, c.action === 'force-promote' ? 'force-promote' : 'promote');
  }
  fault('after-champion');
  await recordInMlflow(layout, c);
  fault('after-mlflow');
  const log = existsSync(layout.decisionLog) ? readFileSync(layout.decisionLog, 'utf8') : '';
  if (!log.includes(`change id ${c.change_id}`)) appendDecision(layout, decisionOf(c));
  fault('after-decision');
  markStatus(layout, c.current.id, 'champion');
  if (c.previous) markStatus(layout, c.previous.id, c.action === 'rollback' ? 'rolled_back' : 'promoted');
  fault('after-index');
  rmSync(layout.pendingChampionChange, { force: true });
}

async function recordInMlflow(layout: Layout, c: ChampionChange): Promise<void> {
  const tracker = createTracker({ fileStoreDir: layout.mlruns, sourceDir: layout.project });
  const versionOf = async (ref: ChampionRef): Promise<number | null> => {
    const runId = runIdOf(layout, ref.id);
    if (!runId) return null;
    const model = await tracker.getRegisteredModel(REGISTERED_MODEL);
    const existing = model?.versions.find((v) => v.tags['edgelab.experiment_id'] === ref.id);
    if (existing) return existing.version;
    const v = await tracker.registerModelVersion({
      name: REGISTERED_MODEL,
      runId,
      artifactPath: 'model',
      tags: { 'edgelab.experiment_id': ref.id },
      description: `edgelab experiment ${ref.id}`,
    });
    return v.version;
  };
  const cur = await versionOf(c.current);
  if (cur !== null) {
    await tracker.setAlias(REGISTERED_MODEL, 'champion', cur);
    await tracker.setRunTag(runIdOf(layout, c.current.id)!, 'promoted', 'true');
  }
  if (c.previous) {
    const prev = await versionOf(c.previous);
    if (prev !== null) await tracker.setAlias(REGISTERED_MODEL, 'previous', prev);
  }
}

function runIdOf(layout: Layout, id: string): string | null {
  const loc = requireExperiment(layout, id);
  const summary = loc.outputs ? (readSummary(loc.outputs) as { mlflow_run_id?: string } | null) : null;
  return summary?.mlflow_run_id || null;
}

/** Complete a change that a killed process left half done (no-op when none is pending). */
export async function recoverChampionChange(layout: Layout): Promise<ChampionChange | null> {
  if (!existsSync(layout.pendingChampionChange)) return null;
  return withLock(layout.lockFile, async () => {
    if (!existsSync(layout.pendingChampionChange)) return null;
    const c = readJsonArtifact<ChampionChange>(layout.pendingChampionChange, 'champion change journal');
    await complete(layout, c);
    return c;
  });
}

async function apply(layout: Layout, plan: (current: ChampionRef | null, previous: ChampionRef | null) => ChampionChange): Promise<ChampionChange> {
  await recoverChampionChange(layout);
  return withLock(layout.lockFile, async () => {
    const { current, previous } = readChampion(layout);
    const c = plan(current, previous);
    writeJsonAtomic(layout.pendingChampionChange, c);
    fault('after-plan');
    await complete(layout, c);
    return c;
  });
}

export interface PromoteOptions {
  layout: Layout;
  id: string;
  force?: boolean;
  reason?: string;
}

export async function promote(o: PromoteOptions): Promise<ChampionChange> {
  const loc = requireExperiment(o.layout, o.id);
  if (loc.archived) throw new UserError(`${o.id} is archived; restore it first: edgelab archive --restore ${o.id}`);
  if (!loc.bundle || !existsSync(`${loc.bundle}/model.json`)) throw new UserError(`${o.id} has no model bundle (models/…/${o.id}/model.json); train it first`);
  if (o.force && !o.reason?.trim()) throw new UsageError('--force needs --reason "…" (it is recorded in the decision log)');
  const ref: ChampionRef = { id: o.id, bundle: loc.bundle };
  return apply(o.layout, (current, previous) => {
    const at = new Date().toISOString();
    const change_id = `${at.slice(0, 10)}-${randomBytes(3).toString('hex')}`;
    if (current?.id === o.id) throw new UserError(`${o.id} is already the champion`);
    if (!current) {
      // The first champion: the phase-1 benchmark needs no test (there is nothing to beat yet).
      if (loc.phase !== 1 && !o.force) {
        throw new UserError(`there is no champion yet; establish the phase-1 benchmark first (edgelab promote <phase-1 id>), or --force --reason "…"`);
      }
      return { change_id, action: loc.phase === 1 ? 'establish' : 'force-promote', at, reason: o.reason ?? 'phase-1 benchmark', current: ref, previous: previous ?? null, test: null };
    }
    const test = readPromotionTest(o.layout, o.id);
    if (!o.force) {
      if (!test) throw new UserError(`no promotion test for ${o.id}; run: edgelab promote-test --baseline ${current.id} --candidate ${o.id}`);
      if (test.baseline_id !== current.id) {
        throw new UserError(`${o.id}'s promotion test was against ${test.baseline_id}, but the champion is ${current.id}; run: edgelab promote-test --baseline ${current.id} --candidate ${o.id}`);
      }
      if (!test.passed) {
        const failed = Object.entries(test.gates).filter(([, g]) => !g.passed).map(([n]) => n);
        throw new UserError(`${o.id} did not pass its promotion test against ${current.id} (failed: ${failed.join(', ')}); --force --reason "…" overrides, and is recorded`);
      }
    }
    const t = test
      ? { baseline_id: test.baseline_id, candidate_id: test.candidate_id, market: test.market, baseline_roi: test.baseline_roi, candidate_roi: test.candidate_roi, improvement: test.improvement, confidence: test.confidence, ci95: test.ci95, passed: test.passed, gates: test.gates }
      : null;
    return { change_id, action: o.force ? 'force-promote' : 'promote', at, reason: o.reason ?? 'passed the promotion gates', current: ref, previous: current, test: t };
  });
}

export async function rollback(o: { layout: Layout; reason: string }): Promise<ChampionChange> {
  if (!o.reason.trim()) throw new UsageError('rollback needs --reason "…" (it is recorded in the decision log)');
  return apply(o.layout, (current, previous) => {
    if (!previous) throw new UserError(`there is no previous champion to roll back to${current ? ` (the champion is ${current.id})` : ''}`);
    const at = new Date().toISOString();
    return { change_id: `${at.slice(0, 10)}-${randomBytes(3).toString('hex')}`, action: 'rollback', at, reason: o.reason, current: previous, previous: current, test: null };
  });
}
