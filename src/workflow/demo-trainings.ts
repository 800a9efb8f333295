// The demo's trainings as a two-stage pipeline: an experiment's computing (features, walk-forward
// folds, backtest, final fit: `computeExperiment`) runs while the one before is being written
// (waiting for its plots, the experiment directory, the MLflow run, the index: `writeTrained`).
// Computing takes no project lock and writes nothing but the id ledger and the season pin, so
// only the writes have an order to keep: the demo awaits them one by one in id order, with the
// promotions between them, exactly as before — the ids, MLflow runs, index rows and decision
// log come out in the same order. Computations run one after another (each starts when the one
// before has computed), so the one the next write waits for always comes first.
import type { Layout } from '../artifacts/layout.ts';
import type { Progress } from '../util/progress.ts';
import { computeExperiment, writeTrained, type ComputedExperiment, type TrainResult } from './train/train.ts';

export class TrainingQueue {
  private layout: Layout | null = null;
  private progress: Progress | null = null;
  private last: Promise<unknown> = Promise.resolve();
  private readonly queued = new Map<string, Promise<ComputedExperiment>>();

  start(layout: Layout, progress: Progress): void {
    this.layout = layout;
    this.progress = progress;
  }

  /** The computing of the experiment these overrides compose, queued after the ones before (once per overrides). */
  compute(overrides: readonly string[]): Promise<ComputedExperiment> {
    const key = JSON.stringify(overrides);
    const known = this.queued.get(key);
    if (known) return known;
    const { layout, progress } = this;
    if (!layout || !progress) throw new Error('TrainingQueue.compute before start');
    // A failed computation does not stop the next one; its error is the awaiting write's.
    const p = this.last.then(() => computeExperiment({ layout, overrides: [...overrides], progress }));
    p.catch(() => {});
    this.last = p.catch(() => {});
    this.queued.set(key, p);
    return p;
  }

  /** Queue computations whose results will be written later (their inputs do not depend on what comes before). */
  ahead(list: readonly (readonly string[])[]): void {
    for (const overrides of list) void this.compute(overrides);
  }

  /** Write a computed experiment (the caller awaits the writes one by one, in id order). */
  async write(computed: Promise<ComputedExperiment>): Promise<TrainResult> {
    return writeTrained(await computed);
  }

  /** Resolves once no computation is running (after a failed step, before the session ends). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.queued.values());
  }
}
