// What `edgelab runs` shows: runs of one or all experiments with a few key metrics.
import { suggest, UserError } from '../util/errors.ts';
import type { Tracker } from './tracker.ts';
import type { RunRecord } from './types.ts';

/** Metrics shown first when a run has them (the lab's headline numbers). */
export const KEY_METRICS = ['rmse', 'mae', 'roi', 'hit_rate', 'n_bets'];

export interface RunRow {
  experiment: string;
  run: RunRecord;
}

export async function listRunRows(tracker: Tracker, experiment?: string): Promise<RunRow[]> {
  const experiments = (await tracker.listExperiments()).filter((e) => e.lifecycleStage === 'active');
  let names = experiments.map((e) => e.name);
  if (experiment !== undefined) {
    if (!names.includes(experiment)) {
      const hint = suggest(experiment, names);
      throw new UserError(`no experiment named '${experiment}' in ${tracker.location}${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
    names = [experiment];
  }
  const rows: RunRow[] = [];
  for (const name of names) for (const run of await tracker.searchRuns({ experimentName: name })) rows.push({ experiment: name, run });
  return rows;
}

/** Up to `max` metric names to show for these runs: key metrics first, then alphabetical. */
export function metricColumns(runs: RunRecord[], max = 5): string[] {
  const present = new Set(runs.flatMap((r) => Object.keys(r.metrics)));
  const first = KEY_METRICS.filter((k) => present.has(k));
  const rest = [...present].filter((k) => !KEY_METRICS.includes(k)).sort();
  return [...first, ...rest].slice(0, max);
}
