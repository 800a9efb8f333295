// What the weekly picks report says, gathered from the tree: this week's bets with the reasons
// (per-bet feature contributions that add up to the model's prediction minus the market), last
// scored week's results, the season to date with intervals, and the alert level. No rendering.
import { existsSync, readFileSync } from 'node:fs';
import type { Layout, SeasonType } from '../../artifacts/layout.ts';
import { readBundle } from '../../artifacts/bundle.ts';
import { readChampion } from '../../artifacts/champion.ts';
import { resolveConfDir } from '../../config/confdir.ts';
import { loadConfig } from '../../config/load.ts';
import type { Dataset } from '../../data/schema.ts';
import { tallyBets, type BetTally } from '../../evaluation/bet-totals.ts';
import type { Market } from '../../features/index.ts';
import { createMatrix, explainRows, Pipeline } from '../../models/index.ts';
import { UserError } from '../../util/errors.ts';
import type { BetRow, ScoredRow, WeekKey } from '../../readers/dashboard-data.ts';
import { locateExperiment } from '../../readers/experiments.ts';
import { betModelBundle } from '../production-refit.ts';
import { liveRows, ordinalOf, readBets, readScored, weekLabel, weeksWith } from '../production-files.ts';
import { predictWithRecipe, type Recipe } from '../recipe.ts';
import { designMatrix } from '../train/walkforward-run.ts';
import { loadDataset } from '../train/dataset.ts';
import { seasonInterval, type Interval } from '../../evaluation/intervals.ts';

export interface Reason {
  feature: string;
  /** Points added to the prediction (home margin for spreads, total points for totals). */
  points: number;
}

export interface ExplainedBet extends BetRow {
  /** The market's own number for the outcome: −spread (home margin) or the total. */
  market: number;
  /** base + Σ contributions (+ offset − market) = prediction − market, exactly. */
  base: number;
  reasons: Reason[];
  /** How many contributions there are in all (the report shows the largest few). */
  n_features: number;
  /** Non-zero only for a model without the market offset: the market is not one of its inputs. */
  market_term: number;
  method: string;
}

export interface SeasonToDate {
  market: Market | 'all';
  tally: BetTally;
  hit_rate: Interval | null;
  roi: Interval | null;
}

export interface AlertInfo {
  level: string;
  week: string;
  reasons: string[];
  meaning: string;
}

export interface WeeklyReport {
  key: WeekKey;
  label: string;
  model_id: string;
  generated_at: string;
  bets: ExplainedBet[];
  last_week: { label: string; rows: ScoredRow[]; tally: BetTally } | null;
  season: SeasonToDate[];
  /** Cumulative units by game date over the season's settled bets, per market and all. */
  cumulative: { market: Market | 'all'; points: { date: string; units: number }[] }[];
  alert: AlertInfo | null;
}

export const ALERT_MEANING: Record<string, string> = {
  green: 'No warning: the champion performs within its bars. Bet as usual.',
  yellow: 'One warning (rolling hit rate or ROI below its bar, or feature drift). Watch it; no action yet.',
  orange: 'Two or more warnings, or season ROI well below the development ROI. Review the model; consider smaller stakes.',
  red: 'Sustained underperformance (season hit rate, ROI or drawdown past the red bar). Monitoring advises a rollback: edgelab rollback --reason "…".',
};

const TOP_REASONS = 3;

function bundleOf(layout: Layout, id: string): string {
  const c = readChampion(layout);
  if (c.current?.id === id) return c.current.bundle;
  if (c.previous?.id === id) return c.previous.bundle;
  const loc = locateExperiment(layout, id);
  if (loc?.bundle) return loc.bundle;
  throw new UserError(`the bets were made by ${id}, whose model bundle is not in the tree (archived or removed)`);
}

/** Contributions of each bet's game under the model that made the bet. */
function explainBets(layout: Layout, data: Dataset, key: WeekKey, bets: BetRow[]): ExplainedBet[] {
  if (bets.length === 0) return [];
  const ids = [...new Set(bets.map((b) => b.model_id))];
  const out: ExplainedBet[] = [];
  for (const id of ids) {
    const recipe = readBundle<Recipe, unknown>(betModelBundle(layout, id, key.season, bundleOf(layout, id))).model;
    const byId = new Map(data.games.map((g) => [g.game_id, g]));
    const target = { season: key.season, seasonType: key.season_type, week: key.week };
    // The reference for TreeSHAP's covers: the games of the season before and this season so far.
    const refWeeks = [...new Map(data.games
      .filter((g) => g.completed && (g.season === key.season - 1 || (g.season === key.season && ordinalOf(g) < ordinalOf(key))))
      .map((g) => [`${g.season}|${g.season_type}|${g.week}`, { season: g.season, seasonType: g.season_type, week: g.week }])).values()];
    const now = predictWithRecipe(recipe, data, [target], byId);
    const ref = predictWithRecipe(recipe, data, refWeeks, byId);
    for (const market of Object.keys(now) as Market[]) {
      const mine = bets.filter((b) => b.model_id === id && b.bet_type === market);
      if (!mine.length) continue;
      const p = now[market]!;
      const mr = recipe.markets[market]!;
      const rowIdx = mine.map((b) => p.design.rows.findIndex((r) => r.game_id === b.game_id));
      if (rowIdx.some((i) => i < 0)) throw new UserError(`${weekLabel(key)}: a ${market} bet's game is not in the model's design (warehouse changed since the bets were made?)`);
      // The estimator explains what it sees: the pipeline's imputed (and scaled) inputs.
      const pipeline = Pipeline.fromJSON(mr.pipeline);
      const X = pipeline.transform(designMatrix(p.design, rowIdx));
      const r = ref[market];
      const refX = r && r.design.rows.length ? pipeline.transform(designMatrix(r.design, r.design.rows.map((_, i) => i))) : X;
      const ex = explainRows(mr.pipeline.estimator, X, createMatrix(refX.data, refX.nRows, refX.nCols, mr.feature_names));
      mine.forEach((b, k) => {
        const row = p.design.rows[rowIdx[k]!]!;
        const market_value = market === 'spread' ? -(row.line ?? NaN) : (row.line ?? NaN);
        const values = ex.values[k]!;
        const reasons = mr.feature_names.map((feature, j) => ({ feature, points: values[j]! }));
        reasons.sort((a, c) => Math.abs(c.points) - Math.abs(a.points));
        out.push({ ...b, market: market_value, base: ex.base, reasons, n_features: reasons.length, market_term: row.offset - market_value, method: ex.method });
      });
    }
  }
  const order = new Map(bets.map((b, i) => [`${b.game_id}|${b.bet_type}`, i]));
  return out.sort((a, c) => order.get(`${a.game_id}|${a.bet_type}`)! - order.get(`${c.game_id}|${c.bet_type}`)!);
}

export function topReasons(b: ExplainedBet): { shown: Reason[]; rest: number } {
  const shown = b.reasons.slice(0, TOP_REASONS);
  const rest = b.reasons.slice(TOP_REASONS).reduce((s, r) => s + r.points, 0);
  return { shown, rest };
}

function latestAlert(layout: Layout, key: WeekKey): AlertInfo | null {
  const weeks = weeksWith(layout, 'scored').filter((k) => k.season === key.season && ordinalOf(k) <= ordinalOf(key)).reverse();
  for (const k of weeks) {
    const f = layout.alertFile(k.season, k.week, k.season_type);
    if (!existsSync(f)) continue;
    const a = JSON.parse(readFileSync(f, 'utf8')) as { level: string; reasons?: { message: string }[] };
    return { level: a.level, week: weekLabel(k), reasons: (a.reasons ?? []).map((r) => r.message), meaning: ALERT_MEANING[a.level] ?? '' };
  }
  return null;
}

export async function gatherReport(layout: Layout, season: number, week: number, seasonType: SeasonType, now = new Date(), includeBackfilledFlag?: boolean): Promise<WeeklyReport> {
  const key: WeekKey = { season, week, season_type: seasonType };
  const file = layout.predictionsFile(season, week, seasonType);
  if (!existsSync(file)) throw new UserError(`no bets for ${weekLabel(key)} (${file}); run edgelab week --season ${season} --week ${week}${seasonType === 'postseason' ? ' --season-type postseason' : ''} first`);
  const bets = readBets(file);
  const { config } = loadConfig({ confDir: resolveConfDir(layout.confDir), overrides: [] });
  const includeBackfilled = includeBackfilledFlag ?? config.monitoring.include_backfilled ?? false;
  const data = await loadDataset(layout, config);
  const explained = explainBets(layout, data, key, bets);

  const scoredWeeks = weeksWith(layout, 'scored').filter((k) => k.season === season && ordinalOf(k) < ordinalOf(key));
  // Live performance: bets backfilled after kickoff are left out unless asked for.
  const scored = scoredWeeks.flatMap((k) => liveRows(readScored(layout.scoredFile(k.season, k.week, k.season_type)), includeBackfilled));
  const last = scoredWeeks.at(-1);
  const lastRows = last ? liveRows(readScored(layout.scoredFile(last.season, last.week, last.season_type)), includeBackfilled) : [];
  const settled = scored.filter((r) => r.result !== 'pending');
  const dateOf = new Map(data.games.map((g) => [g.game_id, g.start_date]));
  settled.sort((a, b) => (dateOf.get(a.game_id) ?? '').localeCompare(dateOf.get(b.game_id) ?? ''));
  const markets: (Market | 'all')[] = ['all', ...(['spread', 'total'] as Market[]).filter((m) => scored.some((r) => r.bet_type === m) || bets.some((b) => b.bet_type === m))];
  const seasonRows = markets.map((m) => {
    const rows = m === 'all' ? scored : scored.filter((r) => r.bet_type === m);
    const t = tallyBets(rows);
    return { market: m, tally: t, ...seasonInterval(rows) };
  });
  const cumulative = markets.map((m) => {
    let u = 0;
    return { market: m, points: settled.filter((r) => m === 'all' || r.bet_type === m).map((r) => ({ date: (dateOf.get(r.game_id) ?? '').slice(0, 10), units: (u += r.units_won) })) };
  });
  return {
    key,
    label: weekLabel(key),
    model_id: [...new Set(bets.map((b) => b.model_id))].join(', ') || (readChampion(layout).current?.id ?? '—'),
    generated_at: now.toISOString(),
    bets: explained,
    last_week: last ? { label: weekLabel(last), rows: lastRows, tally: tallyBets(lastRows) } : null,
    season: seasonRows,
    cumulative,
    alert: latestAlert(layout, key),
  };
}
