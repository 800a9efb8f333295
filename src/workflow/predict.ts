// `edgelab predict --season S --week W`: the champion's bets for one week. Safe to run
// half-asleep: the week's data-quality report must exist and not have failed (--force overrides
// and is journalled), the champion is the one champion_current points at (a half-done promotion
// is completed first), features come ONLY through the bundle's recipe (train/serve parity).
// Production runs what was evaluated: the model is the champion's recorded production refit for
// the season (production-refit.ts; made on first use), with the betting policy stored in the
// bundle (the one evaluated; older bundles: conf/betting). Refused: the pinned test season, weeks
// inside the evaluated bundle's or the refit's training data, and weeks already kicked off unless
// --backfill (those bets are marked and kept out of live performance). The bets file is
// immutable: a rerun that recomputes the same bets leaves it untouched; bets on file from an
// earlier champion stand; different bets are refused unless --regenerate --reason before the
// week's first kickoff, which keeps the old file beside the new one.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Layout, SeasonType } from '../artifacts/layout.ts';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { readBundle } from '../artifacts/bundle.ts';
import { readChampion } from '../artifacts/champion.ts';
import { withLock } from '../artifacts/lock.ts';
import { resolveConfDir } from '../config/confdir.ts';
import { loadConfig } from '../config/load.ts';
import type { EdgelabConfig } from '../config/schema.ts';
import type { Dataset, Game } from '../data/schema.ts';
import type { QualityReport } from '../data/quality/types.ts';
import { candidatesOf, type MarketPredictions } from '../evaluation/backtest.ts';
import { notCandidateKind, summarizeReasons } from '../evaluation/pass-reasons.ts';
import { bankrollForWeek, writeBankrollLedger } from './bankroll.ts';
import { applyPolicy } from '../evaluation/policy.ts';
import type { Market } from '../features/index.ts';
import { UsageError, UserError } from '../util/errors.ts';
import { recoverChampionChange } from './champion-change.ts';
import type { BetRow } from '../readers/dashboard-data.ts';
import { appendProductionLog, BET_COLUMNS, formatBets, readBets, round, weekLabel } from './production-files.ts';
import { predictWithRecipe, type Recipe, type RecipePrediction } from './recipe.ts';
import { loadDataset } from './train/dataset.ts';
import { warehousePath } from './data-config.ts';
import { refuseTestSeason } from './season-lock.ts';
import { faultPoint } from '../util/fault.ts';
import { readJsonArtifact } from '../artifacts/read-json.ts';
import { demoClock } from '../data/sources/demo/clock.ts';
import { refuseWithoutLines } from './predict-lines.ts';
import { productionModel } from './production-refit.ts';
import { relative } from 'node:path';

export interface PredictOptions {
  layout: Layout;
  season: number;
  week: number;
  seasonType?: SeasonType;
  /** Predict although the data-quality report is missing or failed (journalled). */
  force?: boolean;
  /** Replace an existing, different bets file (before the first kickoff only). */
  regenerate?: boolean;
  /** Predict a week already kicked off; its bets are marked backfilled (not live performance). */
  backfill?: boolean;
  reason?: string;
  /** Config overrides (key=value) on top of conf/. */
  overrides?: string[];
  /** The warehouse's dataset when the caller has it loaded already (edgelab week). */
  data?: Dataset;
  /** The configuration (overrides applied) when the caller has composed it already (edgelab week). */
  config?: EdgelabConfig;
  now?: Date;
}

export interface PredictResult {
  file: string;
  /** written: a new file; unchanged: the same bets were already on file; regenerated: replaced;
   *  kept: the file holds an earlier champion's bets, which stand. */
  action: 'written' | 'unchanged' | 'regenerated' | 'kept';
  /** Why the file was kept (action kept). */
  note: string | null;
  /** The production refit that predicted (relative to the artifacts root), and whether this run made it. */
  production_model: { bundle: string; season: number; made: boolean } | null;
  /** The week had kicked off: bets marked backfilled (predict --backfill). */
  backfilled: boolean;
  /** The replaced file (kept beside the new one) when regenerated. */
  replaced: string | null;
  model_id: string;
  quality: { status: 'pass' | 'warn' | 'fail' | 'missing'; file: string; forced: boolean };
  games: number;
  candidates: number;
  bets: BetRow[];
  /** Why the other candidates were not bet, by kind, most frequent first (pass-reasons.ts). */
  not_bet: { kind: string; n: number }[];
}

/** The quality gate: the report's status, or a refusal that says what to run. */
export function checkQuality(layout: Layout, season: number, week: number, seasonType: SeasonType, force: boolean): PredictResult['quality'] {
  const file = layout.dataQualityFile(season, week, seasonType);
  const label = weekLabel({ season, week, season_type: seasonType });
  const st = seasonType === 'postseason' ? ' --season-type postseason' : '';
  if (!existsSync(file)) {
    if (force) return { status: 'missing', file, forced: true };
    throw new UserError(`no data-quality report for ${label} (${file}); run: edgelab validate --season ${season} --week ${week}${st}  (or predict --force, which is recorded)`);
  }
  const report = readJsonArtifact<Pick<QualityReport, 'status' | 'checks'>>(file, 'data-quality report');
  if (report.status === 'fail') {
    if (force) return { status: 'fail', file, forced: true };
    const failed = (report.checks ?? []).filter((c) => c.status === 'fail').map((c) => c.id);
    throw new UserError(`the data-quality report of ${label} failed (${failed.join(', ') || 'see the report'}): ${file}; fix the data and rerun edgelab validate --season ${season} --week ${week}${st}, or predict --force (recorded)`);
  }
  return { status: report.status === 'warn' ? 'warn' : 'pass', file, forced: false };
}

/** The champion's bundle recipe, after completing any half-done promotion or rollback. */
export async function championRecipe(layout: Layout): Promise<{ id: string; bundle: string; recipe: Recipe }> {
  await recoverChampionChange(layout);
  const { current } = readChampion(layout);
  if (!current) throw new UserError(`there is no champion (${layout.championCurrent} is missing); promote one first: edgelab promote <id>`);
  return { id: current.id, bundle: current.bundle, recipe: readBundle<Recipe, unknown>(current.bundle).model };
}

/** The bet rows of one week from the recipe's predictions and the betting policy. */
export function weekBets(
  predicted: Partial<Record<Market, RecipePrediction>>,
  cfg: EdgelabConfig['betting'],
  meta: { model_id: string; generated_at: string },
  bankroll: number = cfg.bankroll,
): { bets: BetRow[]; candidates: number; not_bet: { kind: string; n: number }[] } {
  const markets: MarketPredictions[] = Object.values(predicted).map((p) => ({
    design: p.design,
    oos: p.predictions,
    sigma: new Float64Array(p.predictions.length).fill(p.sigma),
  }));
  const cands = candidatesOf(markets);
  const teams = new Map<string, { home: string; away: string }>();
  for (const m of markets) for (const r of m.design.rows) teams.set(r.game_id, { home: r.home_team, away: r.away_team });
  const { bets, decisions } = applyPolicy(cands.map((c) => c.candidate), cfg, { bankroll });
  const rows = bets.map((b): BetRow => ({
    game_id: b.game_id,
    home_team: teams.get(b.game_id)?.home ?? '',
    away_team: teams.get(b.game_id)?.away ?? '',
    prediction: round(b.prediction),
    edge: round(b.edge),
    bet_type: b.bet_type,
    recommended_units: round(b.recommended_units),
    season: b.season,
    week: b.week,
    side: b.side,
    line: b.line,
    price: b.price,
    cover_probability: round(b.cover_probability),
    expected_value: round(b.expected_value),
    model_id: meta.model_id,
    generated_at: meta.generated_at,
  }));
  // Why the rest was not bet: the policy's reasons, and for the games that were not even
  // candidates (no line, features not eligible yet) theirs.
  const before = markets.flatMap((m) => m.design.rows.map((r, i) => notCandidateKind(r, m.oos[i]!)));
  return { bets: rows, candidates: cands.length, not_bet: summarizeReasons([...decisions.map((d) => d.reason), ...before]) };
}

// The same bets: every column but when they were made and whether that was after kickoff.
const sameBets = (a: readonly BetRow[], b: readonly BetRow[]) =>
  a.length === b.length && a.every((r, i) => BET_COLUMNS.every((c) => c === 'generated_at' || c === 'backfilled' || String(r[c]) === String(b[i]![c])));

export function weekGames(data: Dataset, season: number, week: number, seasonType: SeasonType): Game[] {
  return data.games.filter((g) => g.season === season && g.week === week && g.season_type === seasonType);
}

export async function predictWeek(o: PredictOptions): Promise<PredictResult> {
  const { layout, season, week } = o;
  const seasonType = o.seasonType ?? 'regular';
  const label = weekLabel({ season, week, season_type: seasonType });
  if (o.regenerate && !o.reason?.trim()) throw new UsageError('--regenerate needs --reason "…" (it is recorded)');
  refuseTestSeason(layout, season, 'predict');
  const quality = checkQuality(layout, season, week, seasonType, !!o.force);
  const champion = await championRecipe(layout);
  // The evaluated bundle's model was fitted on every game before its trained_before season: a
  // week inside that would be predicted in sample (and production comes after the evaluation).
  const tb = champion.recipe.trained_before;
  if (tb && season < tb.season) {
    throw new UserError(`${label} is inside the training data of ${champion.id}'s bundle (fitted on every game before ${tb.season}); predicting it would be in sample`);
  }
  const config = o.config ?? loadConfig({ confDir: resolveConfDir(layout.confDir), overrides: o.overrides ?? [] }).config;
  const data = o.data ?? (await loadDataset(layout, config));
  const games = weekGames(data, season, week, seasonType);
  if (games.length === 0) throw new UserError(`no games for ${label} in the warehouse (${warehousePath(layout)})`);
  refuseWithoutLines(data, games, label);
  const now = o.now ?? demoClock(data) ?? new Date();
  const kickoff = games.map((g) => Date.parse(g.start_date)).filter(Number.isFinite).reduce((a, b) => Math.min(a, b), Infinity);
  const started = Number.isFinite(kickoff) && now.getTime() >= kickoff;
  const file = layout.predictionsFile(season, week, seasonType);
  const st = seasonType === 'postseason' ? ' --season-type postseason' : '';

  // Bets on file from an earlier champion stand for the weeks they were written for: a champion
  // change (promote, rollback) applies to weeks not yet written.
  const writer = existsSync(file) ? writerOf(layout, file, { season, week, season_type: seasonType }) : null;
  if (writer && writer !== champion.id && !o.regenerate) {
    const old = readBets(file);
    const note = `${file} holds the bets of ${writer} (the champion when they were written); they stand — ${champion.id} predicts the weeks not yet written`;
    return { file, action: 'kept', note, replaced: null, model_id: writer, quality, games: games.length, candidates: 0, bets: old, production_model: null, backfilled: old.some((r) => r.backfilled), not_bet: [] };
  }
  if (!existsSync(file) && started && !o.backfill) {
    throw new UserError(
      `${label} kicked off at ${new Date(kickoff).toISOString()} (now ${now.toISOString()}): bets made after kickoff are not live bets, and nothing was written. ` +
        `To record them anyway, marked as backfilled and left out of live performance and monitoring: edgelab predict --season ${season} --week ${week}${st} --backfill`,
    );
  }

  const production = await productionModel({ layout, id: champion.id, season, madeBy: `predict ${label}`, now });
  const trainedThrough = production.record.last_training_kickoff ? Date.parse(production.record.last_training_kickoff) : -Infinity;
  const inSample = games.filter((g) => Date.parse(g.start_date) <= trainedThrough);
  if (inSample.length) {
    throw new UserError(`${label} is inside the training data of ${champion.id}'s production refit for ${season} (${production.bundle}; latest training kickoff ${production.record.last_training_kickoff}): ${inSample.length} of its games; predicting it would be in sample`);
  }
  const byId = new Map(data.games.map((g) => [g.game_id, g]));
  const predicted = predictWithRecipe(production.recipe, data, [{ season, seasonType, week }], byId);
  // The policy evaluated with the model (stored in its bundle), not whatever conf/betting says
  // today; stakes and limits sized with what is left of the compounding production bankroll.
  const policy = production.recipe.betting ?? config.betting;
  const bankroll = bankrollForWeek(layout, policy.bankroll, { season, week, season_type: seasonType });
  const backfilled = started && !!o.backfill;
  const computed = weekBets(predicted, policy, { model_id: champion.id, generated_at: now.toISOString() }, bankroll);
  const bets = backfilled ? computed.bets.map((b) => ({ ...b, backfilled: true })) : computed.bets;
  const { candidates, not_bet } = computed;
  const productionRef = { bundle: relative(layout.root, production.bundle), season, made: production.made };

  return withLock(layout.lockFile, async () => {
    const base = { file, replaced: null, model_id: champion.id, quality, games: games.length, candidates, note: null, production_model: productionRef, backfilled, not_bet };
    const log = (action: string, extra: Record<string, unknown> = {}) =>
      appendProductionLog(layout, { at: now.toISOString(), command: 'predict', action, season, week, season_type: seasonType, model_id: champion.id, bets: bets.length, bankroll: round(bankroll), quality: quality.status, forced: quality.forced, production_model: productionRef.bundle, ...(backfilled ? { backfilled: true } : {}), ...extra });
    if (existsSync(file)) {
      const old = readBets(file);
      if (sameBets(old, bets)) {
        if (quality.forced) log('unchanged');
        return { ...base, action: 'unchanged', bets: old, backfilled: old.some((r) => r.backfilled) };
      }
      if (!o.regenerate) {
        const models = [...new Set(old.map((r) => r.model_id))].join(', ') || 'no bets';
        throw new UserError(`${file} already exists with different bets (${old.length} on file from ${models}, ${bets.length} recomputed by ${champion.id}); predictions are immutable — to replace them before kickoff: edgelab predict --season ${season} --week ${week}${st} --regenerate --reason "…"`);
      }
      if (started) {
        throw new UserError(`cannot regenerate the bets of ${label}: its first game kicked off at ${new Date(kickoff).toISOString()}; the bets on file stand`);
      }
      const stamp = now.toISOString().replace(/[:.]/g, '-');
      const replaced = join(dirname(file), basename(file, '.csv') + `.replaced-${stamp}.csv`);
      copyFileSync(file, replaced); // the old file stays in place until the new one atomically replaces it
      writeFileAtomic(file, formatBets(bets));
      writeBankrollLedger(layout, config.betting.bankroll);
      log('regenerated', { reason: o.reason, replaced: basename(replaced) });
      return { ...base, action: 'regenerated', replaced, bets };
    }
    writeFileAtomic(file, formatBets(bets));
    writeBankrollLedger(layout, config.betting.bankroll);
    faultPoint('predict:after-bets');
    log('written', quality.forced ? { reason: o.reason ?? null } : {});
    return { ...base, action: 'written', bets };
  });
}

/**
 * The model whose bets a week's file holds: the rows' model_id, or (a file with no bets) the
 * production log's last write of that week. null when unknown.
 */
export function writerOf(layout: Layout, file: string, key: { season: number; week: number; season_type: SeasonType }): string | null {
  const ids = [...new Set(readBets(file).map((r) => r.model_id).filter(Boolean))];
  if (ids.length) return ids[ids.length - 1]!;
  if (!existsSync(layout.productionLog)) return null;
  const entries = readFileSync(layout.productionLog, 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      return {};
    }
  });
  const last = entries.filter((e) => e.command === 'predict' && (e.action === 'written' || e.action === 'regenerated') && e.season === key.season && e.week === key.week && (e.season_type ?? 'regular') === key.season_type).at(-1);
  return typeof last?.model_id === 'string' ? last.model_id : null;
}
