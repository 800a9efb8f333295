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
import { bundleFile, type Layout } from '../artifacts/layout.ts';
import { writeJsonAtomic } from '../artifacts/atomic.ts';
import { withLock } from '../artifacts/lock.ts';
import { readChampion, readJournal, rollbackChampion, setChampion, type ChampionRef } from '../artifacts/champion.ts';
import { belowAfterRollback, championStack, rollbackTarget } from '../artifacts/champion-stack.ts';
import { appendDecision } from '../artifacts/decision-log.ts';
import { checkIndex, markStatus } from '../artifacts/experiment-index.ts';
import { createTracker } from '../tracking/create.ts';
import { UsageError, UserError } from '../util/errors.ts';
import { faultPoint } from '../util/fault.ts';
import { requireExperiment, readSummary } from '../readers/experiments.ts';
import { familyVerdict, readPromotionTest } from './promotion-test.ts';
import { attemptsBefore, type RecordedPromotionTest } from './promotion-attempts.ts';
import { runRecord } from './run-comparability.ts';
import { changedFiles } from '../artifacts/content-hashes.ts';
import type { PromotionTest } from '../evaluation/gates.ts';
import { baselineRoiLabel } from '../evaluation/compared-games.ts';
import { readJsonArtifact } from '../artifacts/read-json.ts';

export const REGISTERED_MODEL = 'edgelab_champion';

export interface ChampionChange {
  change_id: string;
  action: 'establish' | 'promote' | 'force-promote' | 'rollback';
  at: string;
  reason: string;
  current: ChampionRef;
  /** The champion before the change (for a rollback: the model rolled back from). */
  previous: ChampionRef | null;
  /** Rollbacks: what champion_previous points at afterwards (the next target on the stack). */
  below?: ChampionRef | null;
  test: Pick<PromotionTest, 'baseline_id' | 'candidate_id' | 'market' | 'baseline_roi' | 'candidate_roi' | 'improvement' | 'confidence' | 'ci95' | 'passed' | 'gates'> & Partial<Pick<PromotionTest, 'family' | 'candidate_p_profit' | 'candidate_roi_ci95' | 'baseline_convention'>> | null;
  /** The promotion-test attempt used and how many attempts for this candidate preceded it. */
  attempt?: { number: number; file: string; preceding: number } | null;
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
    decision:
      c.action === 'rollback'
        ? `${c.current.id} is the champion again; ${c.previous?.id ?? 'none'} was rolled back from; the next rollback target is ${c.below === undefined ? c.previous?.id ?? 'none' : c.below?.id ?? 'none'}.`
        : `${c.current.id} is the champion${c.previous ? `; ${c.previous.id} becomes the previous champion (rollback target)` : ''}.`,
    reasoning: [
      `Reason given: ${c.reason}`,
      ...(c.attempt ? [`Promotion-test attempt #${c.attempt.number} (${c.attempt.file}); ${c.attempt.preceding} earlier attempt(s) for ${c.current.id} preceded it`] : []),
      ...(t ? [`Promotion test ${t.candidate_id} vs ${t.baseline_id} (${t.market}): ROI ${baselineRoiLabel(t, pct)} → ${pct(t.candidate_roi)}, P(better) = ${t.confidence.toFixed(3)}, 95% CI of the difference [${pct(t.ci95[0])}, ${pct(t.ci95[1])}]`, ...familyLines(t), ...gates] : []),
      `change id ${c.change_id}`,
    ],
    impact: `Weekly predictions (edgelab predict) now use ${c.current.id}'s bundle ${c.current.bundle}.`,
  };
}

function familyLines(t: NonNullable<ChampionChange['test']>): string[] {
  const out: string[] = [];
  if (t.family) {
    const others = t.family.others.map((o) => `${o.candidate} p ${o.p_value.toFixed(3)}`).join(', ');
    out.push(`Candidates tried against ${t.baseline_id} in this phase (${t.market}): ${t.family.candidates}${others ? ` (others: ${others})` : ''}; Holm-adjusted p = ${t.family.holm_p_value.toFixed(4)} at family-wise alpha ${t.family.alpha.toFixed(2)}`);
  }
  if (t.candidate_p_profit !== undefined && t.candidate_roi_ci95) {
    out.push(`The candidate's own P(ROI > 0) = ${t.candidate_p_profit.toFixed(3)}, 95% interval of its ROI [${pct(t.candidate_roi_ci95[0])}, ${pct(t.candidate_roi_ci95[1])}]`);
  }
  return out;
}

/** Write every record of a planned change (each step idempotent), then drop the plan. */
async function complete(layout: Layout, c: ChampionChange): Promise<void> {
  const now = readChampion(layout);
  if (now.current?.id !== c.current.id) {
    if (c.action === 'rollback') rollbackChampion(layout, c.reason, c.current, c.below === undefined ? undefined : c.below);
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
  const previous = c.below !== undefined ? c.below : c.previous;
  if (previous) {
    const prev = await versionOf(previous);
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
  checkIndex(o.layout); // the change marks the index last: a damaged one is refused before the links move
  const loc = requireExperiment(o.layout, o.id);
  if (loc.archived) throw new UserError(`${o.id} is archived; restore it first: edgelab archive --restore ${o.id}`);
  if (!loc.bundle || !existsSync(bundleFile(loc.bundle, 'model'))) throw new UserError(`${o.id} has no model bundle (its bundle directory has no model.json); train it first`);
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
      // A test of files that have changed since is no test of what would be promoted.
      const changed = testedFilesChanged(o.layout, test);
      if (changed.length > 0) {
        throw new UserError(`${o.id}'s promotion test (attempt #${test.attempt ?? '?'}) no longer matches what is on disk (${changed.join(', ')}); run it again: edgelab promote-test --baseline ${current.id} --candidate ${o.id}`);
      }
      if (test.exploratory) {
        throw new UserError(`${o.id}'s latest promotion test (attempt #${test.attempt}) was exploratory (market ${test.market}, the phase is judged on ${test.judged_market}); it cannot promote. Run the judged test: edgelab promote-test --baseline ${current.id} --candidate ${o.id}`);
      }
      if (!test.passed) {
        const failed = Object.entries(test.gates).filter(([, g]) => !g.passed).map(([n]) => n);
        throw new UserError(`${o.id} did not pass its promotion test against ${current.id} (failed: ${failed.join(', ')}); --force --reason "…" overrides, and is recorded`);
      }
    }
    // the family as it stands now: candidates tried after this test count too (Holm)
    const family = test ? familyVerdict(o.layout, test) : null;
    if (!o.force && family && !family.passed) {
      throw new UserError(
        `${o.id} passed its test alone, but ${family.candidates} candidates have now been tried against ${current.id} in phase ${test!.phase} (${test!.market}): ` +
          `its Holm-adjusted p ${family.holm_p_value.toFixed(4)} is not below ${family.alpha.toFixed(2)}; --force --reason "…" overrides, and is recorded`,
      );
    }
    const t = test
      ? { baseline_id: test.baseline_id, candidate_id: test.candidate_id, market: test.market, baseline_roi: test.baseline_roi, candidate_roi: test.candidate_roi, improvement: test.improvement, confidence: test.confidence, ci95: test.ci95, passed: test.passed, gates: test.gates, family: family ? { candidates: family.candidates, alpha: family.alpha, holm_p_value: family.holm_p_value, others: family.others } : test.family, candidate_p_profit: test.candidate_p_profit, candidate_roi_ci95: test.candidate_roi_ci95 }
      : null;
    const attempt = test?.attempt ? { number: test.attempt, file: test.attempt_file, preceding: attemptsBefore(o.layout, o.id, test.attempt) } : null;
    return { change_id, action: o.force ? 'force-promote' : 'promote', at, reason: o.reason ?? 'passed the promotion gates', current: ref, previous: current, test: t, attempt };
  });
}

/** Files of either run whose hashes no longer match the promotion test's record ("v2-002 bundle/model.json"). */
function testedFilesChanged(layout: Layout, test: RecordedPromotionTest): string[] {
  if (!test.candidate_hashes || !test.baseline_hashes) return ['no content hashes recorded (a test from an older edgelab)'];
  const out: string[] = [];
  for (const [id, recorded] of [[test.candidate_id, test.candidate_hashes], [test.baseline_id, test.baseline_hashes]] as const) {
    for (const f of changedFiles(recorded, runRecord(layout, id).hashes)) out.push(`${id} ${f}`);
  }
  return out;
}

export interface RollbackOptions {
  layout: Layout;
  reason: string;
  /** Roll back to this id instead of the previous champion on the registry's stack. */
  to?: string;
  /** Needed (with a reason) to reinstate a model that was rolled back from. */
  force?: boolean;
}

/**
 * Roll back along the registry's history (champion-stack.ts): to the champion below the current
 * one on the stack, or to `to`. A model rolled back from is not reinstated without --force.
 */
export async function rollback(o: RollbackOptions): Promise<ChampionChange> {
  checkIndex(o.layout);
  if (!o.reason.trim()) throw new UsageError('rollback needs --reason "…" (it is recorded in the decision log)');
  if (o.force && !o.to) throw new UsageError('--force applies to --to <id> (reinstating a model that was rolled back from)');
  const refOf = (id: string): ChampionRef => {
    const loc = requireExperiment(o.layout, id);
    if (!loc.bundle || !existsSync(bundleFile(loc.bundle, 'model'))) throw new UserError(`${id} has no model bundle to roll back to`);
    return { id, bundle: loc.bundle };
  };
  return apply(o.layout, (current, previous) => {
    const stack = championStack(readJournal(o.layout)?.history ?? []);
    const targetId = o.to ?? rollbackTarget(stack) ?? previous?.id ?? null;
    if (!targetId) throw new UserError(`there is no previous champion to roll back to${current ? ` (the champion is ${current.id})` : ''}`);
    if (current?.id === targetId) throw new UserError(`${targetId} is already the champion`);
    if (stack.rolled_back.includes(targetId) && !o.force) {
      throw new UserError(`${targetId} was rolled back from and not promoted since; reinstating it needs --force --reason "…" (recorded)`);
    }
    const belowId = belowAfterRollback(stack, targetId);
    const at = new Date().toISOString();
    return {
      change_id: `${at.slice(0, 10)}-${randomBytes(3).toString('hex')}`,
      action: 'rollback',
      at,
      reason: o.reason,
      current: targetId === previous?.id ? previous : refOf(targetId),
      previous: current,
      below: belowId ? (belowId === previous?.id ? previous : refOf(belowId)) : null,
      test: null,
    };
  });
}
