// `edgelab week --season S --week W`: the weekly loop in order — score every earlier predicted
// week that is not fully settled (normally last week; late results too), monitor, validate this
// week's data, predict this week — stopping at the first failure with a message that says what
// to do next.
import { existsSync } from 'node:fs';
import type { Layout, SeasonType } from '../artifacts/layout.ts';
import { count } from '../util/plural.ts';
import { UserError } from '../util/errors.ts';
import { resolveConfDir } from '../config/confdir.ts';
import { loadConfig } from '../config/load.ts';
import type { EdgelabConfig } from '../config/schema.ts';
import { loadDataset } from './train/dataset.ts';
import { demoClock } from '../data/sources/demo/clock.ts';
import type { WeekKey } from '../readers/dashboard-data.ts';
import { monitor, type MonitorResult } from './monitor.ts';
import { predictWeek, type PredictResult } from './predict.ts';
import { ordinalOf, readScored, weekLabel, weeksWith } from './production-files.ts';
import { scoreWeek, type ScoreResult } from './score.ts';
import { validateData, type ValidateOutcome } from './validate.ts';
import { refuseTestSeason } from './season-lock.ts';

export interface WeekOptions {
  layout: Layout;
  season: number;
  week: number;
  seasonType?: SeasonType;
  /** Passed to predict: go on although the data-quality report failed (recorded). */
  force?: boolean;
  /** Passed to predict: a week already kicked off is predicted, its bets marked backfilled. */
  backfill?: boolean;
  now?: Date;
  /** The project's configuration when the caller has composed it already (the demo's live season). */
  config?: EdgelabConfig;
}

export type WeekStep = 'score' | 'monitor' | 'validate' | 'predict';

export interface WeekResult {
  scored: ScoreResult[];
  monitor: MonitorResult | null;
  validation: ValidateOutcome | null;
  predict: PredictResult | null;
}

/** A failed step: which one, why, and what to do. */
export class WeekStepError extends UserError {
  constructor(
    readonly step: WeekStep,
    message: string,
    readonly partial: WeekResult,
  ) {
    super(message);
  }
}

/** Earlier predicted weeks that still need scoring: no scored file yet, or pending rows left. */
export function weeksToScore(layout: Layout, before: WeekKey): WeekKey[] {
  return weeksWith(layout, 'bets').filter((k) => {
    if (ordinalOf(k) >= ordinalOf(before)) return false;
    const f = layout.scoredFile(k.season, k.week, k.season_type);
    return !existsSync(f) || readScored(f).some((r) => r.result === 'pending');
  });
}

export async function runWeek(o: WeekOptions, onStep: (step: WeekStep, detail: string) => void = () => {}): Promise<WeekResult> {
  const { layout, season, week } = o;
  const seasonType = o.seasonType ?? 'regular';
  const here: WeekKey = { season, week, season_type: seasonType };
  const label = weekLabel(here);
  const st = seasonType === 'postseason' ? ' --season-type postseason' : '';
  const res: WeekResult = { scored: [], monitor: null, validation: null, predict: null };
  refuseTestSeason(layout, season, 'week');
  // One read of the warehouse and one composed configuration serve every step (none changes them).
  const config = o.config ?? loadConfig({ confDir: resolveConfDir(layout.confDir), overrides: [] }).config;
  const data = await loadDataset(layout, config);
  // The demo league keeps its own time (where its reveal stands); real data the wall clock.
  o = { ...o, now: o.now ?? demoClock(data) ?? undefined };
  const fail = (step: WeekStep, e: unknown, todo: string): never => {
    const why = e instanceof Error ? e.message : String(e);
    throw new WeekStepError(step, `${label}: ${step} failed: ${why}\nwhat to do: ${todo}`, res);
  };

  for (const k of weeksToScore(layout, here)) {
    try {
      const r = await scoreWeek({ layout, season: k.season, week: k.week, seasonType: k.season_type, data, config });
      res.scored.push(r);
      onStep('score', `${weekLabel(k)}: ${r.rows.length - r.pending} settled, ${r.pending} pending`);
    } catch (e) {
      fail('score', e, `fix the cause above, then rerun edgelab score --season ${k.season} --week ${k.week}${k.season_type === 'postseason' ? ' --season-type postseason' : ''} and edgelab week again`);
    }
  }
  try {
    res.monitor = await monitor({ layout, now: o.now, data, config });
    const a = res.monitor.latest;
    onStep('monitor', a ? `alert ${a.level}${a.reasons.length ? `: ${a.reasons.map((x) => x.message).join('; ')}` : ''}` : 'no scored weeks yet');
  } catch (e) {
    fail('monitor', e, 'fix the cause above, then rerun edgelab monitor and edgelab week again');
  }
  try {
    res.validation = await validateData(layout, { season, week, seasonType, now: o.now, dataConfig: config.data });
    onStep('validate', `data quality ${res.validation.status}`);
  } catch (e) {
    fail('validate', e, `check that the warehouse has ${label} (edgelab data status), then rerun edgelab week`);
  }
  if (res.validation!.status === 'fail' && !o.force) {
    const files = res.validation!.reports.map((r) => r.file).join(', ');
    const failed = res.validation!.reports.flatMap((r) => r.report.checks.filter((c) => c.status === 'fail').map((c) => c.id));
    fail('validate', new Error(`the data-quality checks failed (${[...new Set(failed)].join(', ')}); report: ${files}`), `fix the data (edgelab data …) and rerun edgelab week --season ${season} --week ${week}${st}; or, if you accept the risk, edgelab week … --force (recorded)`);
  }
  try {
    res.predict = await predictWeek({ layout, season, week, seasonType, force: o.force, backfill: o.backfill, now: o.now, data, config });
    onStep('predict', res.predict.action === 'kept' ? `${count(res.predict.bets.length, 'bet')} of ${res.predict.model_id} on file stand (kept)` : `${count(res.predict.bets.length, 'bet')} (${res.predict.action}${res.predict.backfilled ? ', backfilled' : ''})`);
  } catch (e) {
    fail('predict', e, e instanceof UserError ? 'follow the advice above, then rerun edgelab week' : 'this is a bug or a broken bundle; see the message above');
  }
  return res;
}
