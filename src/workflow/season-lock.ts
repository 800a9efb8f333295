// The test season is pinned, not derived. The first `train` records the test season and the
// development seasons (artifacts/season-lock.ts); afterwards the roles come from that record, so
// neither a season completing in the warehouse nor a config override (evaluation.test_season,
// evaluation.dev_seasons) can turn the test season into development data. Moving it is an
// explicit, recorded act: `edgelab seasons --set-test YEAR --reason "…"` (decision log too).
import type { Layout } from '../artifacts/layout.ts';
import { appendDecision } from '../artifacts/decision-log.ts';
import { withLockSync } from '../artifacts/lock.ts';
import { readSeasonLock, writeSeasonLock, type SeasonLock } from '../artifacts/season-lock.ts';
import type { EvaluationConfig } from '../config/groups/evaluation.ts';
import type { Game } from '../data/schema.ts';
import { seasonRoles, type SeasonRoles } from '../evaluation/walkforward.ts';
import { UsageError, UserError } from '../util/errors.ts';

const HOW_TO_MOVE = 'edgelab seasons --set-test YEAR --reason "…"';

/** The season roles of the project: pinned ones when pinned, else pinned now (by `by`). */
export function lockedRoles(
  layout: Layout,
  games: readonly Game[],
  cfg: EvaluationConfig,
  by: string,
  opts: { training?: boolean; planDev?: (roles: SeasonRoles) => { dev: number[]; note: string } } = {},
): SeasonRoles & { lock: SeasonLock; note: string } {
  const run = () => {
    const lock = readSeasonLock(layout);
    if (lock) {
      if (cfg.test_season !== null && cfg.test_season !== lock.test_season) {
        throw new UserError(
          `evaluation.test_season=${cfg.test_season} cannot move the pinned test season ${lock.test_season} (${layout.seasonLock}); to move it deliberately: ${HOW_TO_MOVE}`,
        );
      }
      // Training evaluates the development seasons, so their number must match the pin (as asked
      // when pinned: the league's calendar may have allowed fewer).
      if (opts.training && cfg.dev_seasons !== (lock.dev_seasons_requested ?? lock.dev_seasons.length)) {
        throw new UserError(
          `evaluation.dev_seasons=${cfg.dev_seasons} differs from the pinned development seasons ${lock.dev_seasons.join(', ')} (${layout.seasonLock}); use evaluation.dev_seasons=${lock.dev_seasons.length}, or move them deliberately: ${HOW_TO_MOVE} --dev …`,
        );
      }
      const base = seasonRoles(games, { ...cfg, test_season: lock.test_season });
      // Why the pin holds fewer development seasons than asked (the league's calendar), again.
      let note = '';
      if (opts.planDev && lock.dev_seasons.length < (lock.dev_seasons_requested ?? lock.dev_seasons.length)) {
        try {
          note = opts.planDev(base).note;
        } catch {
          note = '';
        }
      }
      return { ...base, test: lock.test_season, dev: [...lock.dev_seasons], lock, note };
    }
    const roles = seasonRoles(games, cfg);
    const planned = opts.planDev?.(roles);
    if (planned) roles.dev = planned.dev;
    const at = new Date().toISOString();
    const written = writeSeasonLock(layout, null, {
      at,
      by,
      test_season: roles.test,
      dev_seasons: roles.dev,
      dev_seasons_requested: cfg.dev_seasons,
      reason: cfg.test_season === null ? 'first train: the last complete season in the warehouse' : `first train: evaluation.test_season=${cfg.test_season}`,
    });
    return { ...roles, lock: written, note: planned?.note ?? '' };
  };
  return withLockSync(`${layout.seasonLock}.lock`, run);
}

/** Refuse a command that would compute outcomes on the pinned test season. */
export function refuseTestSeason(layout: Layout, season: number, command: string): void {
  const lock = readSeasonLock(layout);
  if (lock && lock.test_season === season) {
    throw new UserError(
      `season ${season} is the pinned test season (${layout.seasonLock}); ${command} does not compute outcomes on it. ` +
        `The one look at it is recorded first: edgelab evaluate <id> --test`,
    );
  }
}

export interface SetSeasonsOptions {
  layout: Layout;
  games: readonly Game[];
  cfg: EvaluationConfig;
  test: number;
  dev?: number[];
  reason: string;
  by?: string;
}

/** Move the pinned seasons: checked, recorded in the lock's history and in the decision log. */
export function setPinnedSeasons(o: SetSeasonsOptions): { before: SeasonLock | null; after: SeasonLock } {
  if (!o.reason.trim()) throw new UsageError('seasons --set-test needs --reason "…" (it is recorded in the decision log)');
  return withLockSync(`${o.layout.seasonLock}.lock`, () => {
    const before = readSeasonLock(o.layout);
    const n = o.dev?.length ?? before?.dev_seasons.length ?? o.cfg.dev_seasons;
    const roles = seasonRoles(o.games, { ...o.cfg, test_season: o.test, dev_seasons: n });
    if (!roles.complete.includes(o.test)) throw new UserError(`season ${o.test} is not complete in the warehouse; a test season must be fully played`);
    const dev = o.dev ? [...o.dev].sort((a, b) => a - b) : roles.dev;
    const bad = dev.filter((s) => s >= o.test || !roles.complete.includes(s));
    if (bad.length > 0) throw new UserError(`development seasons must be complete seasons before the test season ${o.test}: ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} not`);
    if (dev.length === 0) throw new UserError(`no complete season before ${o.test} to develop on`);
    const at = new Date().toISOString();
    const after = writeSeasonLock(o.layout, before, { at, by: o.by ?? 'edgelab seasons --set-test', test_season: o.test, dev_seasons: dev, reason: o.reason });
    appendDecision(o.layout, {
      at,
      title: `Move the test season to ${o.test}`,
      context: before ? `The pinned test season was ${before.test_season} (development ${before.dev_seasons.join(', ')}).` : 'No season was pinned yet.',
      decision: `The test season is ${o.test}; development seasons ${dev.join(', ')}.`,
      reasoning: [`Reason given: ${o.reason}`, 'Results computed under the old seasons stay as they were; experiments trained before this change keep the roles recorded in their summaries.'],
      impact: `train, evaluate, predict, score, promote-test and week use the new roles; the old test season ${before?.test_season ?? '—'} is no longer protected.`,
    });
    return { before, after };
  });
}
