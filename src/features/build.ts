// Point-in-time feature building. A target (season, season_type, week) is predicted at its cut,
// the first kickoff of its games (kickoff.ts); every state is computed from finished games whose
// results were known by then: this season's games so far, last season's final state as the
// prior, and Elo run game by game up to the cut. Week labels only say which games a target has.
// buildFeatures is buildFeaturesForWeeks with one target: there is no second code path; the
// batch only shares the season-end states and the running Elo between targets.
import type { FeaturesConfig } from '../config/groups/features.ts';
import { featuresSchema } from '../config/groups/features.ts';
import type { Dataset, Line } from '../data/schema.ts';
import { weekOrdinal } from '../data/schema.ts';
import { betLineField, betLines, type BetLine } from './bet-line.ts';
import { UsageError } from '../util/errors.ts';
import { planColumns, rowValues, type MarketLine, type WeekState } from './columns.ts';
import { EloState } from './elo.ts';
import type { FeatureFrame, FeatureRow } from './frame.ts';
import { memoFrame } from './frame-memo.ts';
import { historyOf, keepWeek, keptWeek, linesMemo, seasonEndKey, seasonEndMemo, weeksKey } from './build-memo.ts';
import { seasonWeekOf, seasonWindow, targetCut, targetOrdinal, type History, type IndexedGame, type Target } from './history.ts';
import { fitRatings, type RatingState } from './ratings.ts';
import { featureSetId, checkData } from './registry.ts';
import { computeStats, type StatState } from './stats.ts';

export type { Target };

/** Rest beyond this many days (and before a team's first game) counts as this many. */
export const REST_CAP_DAYS = 21;
const DAY_MS = 86_400_000;

interface SeasonEnd {
  ratings: RatingState | null;
  stats: StatState | null;
}

/**
 * The pre-game spread and total of each game at the bet line (closing, or opening for
 * opening-line bets), each from the preferred provider that has that number.
 */
export function marketLines(lines: Line[], preference: string[] = [], betLine: BetLine = 'closing'): Map<string, MarketLine> {
  return linesMemo(lines, ['market', preference, betLine], () => marketLinesNow(lines, preference, betLine));
}

function marketLinesNow(lines: Line[], preference: string[], betLine: BetLine): Map<string, MarketLine> {
  const spreads = betLines(lines, preference, 'spread', betLine);
  const totals = betLines(lines, preference, 'total', betLine);
  const fs = betLineField('spread', betLine);
  const ft = betLineField('total', betLine);
  const out = new Map<string, MarketLine>();
  for (const id of new Set([...spreads.keys(), ...totals.keys()])) {
    out.set(id, { spread: (spreads.get(id)?.[fs] as number | null | undefined) ?? NaN, total: (totals.get(id)?.[ft] as number | null | undefined) ?? NaN });
  }
  return out;
}

export interface BuildOptions {
  /** Sportsbooks in order of preference for the market features (conf data.line_provider_preference). */
  lineProviders?: string[];
  /** The line bets are made at; market features read the same line (default closing). */
  betLine?: BetLine;
}

class Engine {
  private readonly ends = new Map<number, SeasonEnd>();
  private readonly seasonsWithGames: Set<number>;
  private readonly lastFinished: Float64Array[];
  /** Each season end's key in build-memo.ts (null: not memoisable), and what every key starts with. */
  private readonly endKeys = new Map<number, string | null>();
  private readonly keyBase: string;

  constructor(private readonly hist: History, private readonly cfg: FeaturesConfig) {
    this.keyBase = JSON.stringify([cfg.ratings, cfg.stats, cfg.adjustment, hist.teams]);
    this.seasonsWithGames = new Set(hist.finished.map((g) => g.game.season));
    // Each team's finished games' kickoffs in order, for days of rest.
    const per: number[][] = hist.teams.map(() => []);
    for (const g of hist.finished) {
      if (!Number.isFinite(g.startMs)) continue;
      for (const t of [g.home, g.away]) per[t]!.push(g.startMs);
    }
    this.lastFinished = per.map((p) => Float64Array.from(p).sort());
  }

  private compute(season: number, cut: number, refWeek: number): SeasonEnd {
    const prior = this.seasonsWithGames.has(season - 1) ? this.seasonEnd(season - 1) : null;
    const window = seasonWindow(this.hist, season, cut);
    const n = this.hist.teams.length;
    return {
      ratings: this.cfg.ratings.enabled ? fitRatings(n, window, refWeek, prior?.ratings ?? null, this.cfg.ratings) : null,
      stats: this.cfg.stats.enabled ? computeStats(n, window, prior?.stats ?? null, this.cfg.stats, this.cfg.adjustment) : null,
    };
  }

  /** Final state of a season (all its games), the prior of the next. Memoised, oldest first. */
  seasonEnd(season: number): SeasonEnd {
    const have = this.ends.get(season);
    if (have) return have;
    let first = season;
    while (this.seasonsWithGames.has(first - 1) && !this.ends.has(first - 1)) first--;
    for (let s = first; s <= season; s++) {
      const games = seasonWindow(this.hist, s, Infinity);
      // A finished season's end is the same in every build over the same rows (build-memo.ts).
      const prior = this.seasonsWithGames.has(s - 1) ? (this.endKeys.get(s - 1) ?? null) : 'none';
      const key = seasonEndKey(this.hist, this.keyBase, prior, s, this.hist.maxRegularWeek.get(s) ?? 0, games);
      this.endKeys.set(s, key);
      this.ends.set(s, seasonEndMemo(key, () => {
        const lastWeek = games.reduce((m, g) => Math.max(m, g.seasonWeek), 0);
        return this.compute(s, Infinity, lastWeek + 1);
      }));
    }
    return this.ends.get(season)!;
  }

  week(target: Target): SeasonEnd {
    return this.compute(target.season, targetCut(this.hist, target), seasonWeekOf(this.hist, target.season, target.seasonType, target.week));
  }

  rest(team: number, g: IndexedGame): number {
    const given = g.home === team ? g.game.home_rest : g.game.away_rest;
    if (given !== null && given !== undefined && Number.isFinite(given)) return Math.min(given, REST_CAP_DAYS);
    // The team's previous finished game by kickoff (the schedule, not a result).
    const p = this.lastFinished[team]!;
    let lo = 0;
    let hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p[mid]! < g.startMs) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0 || !Number.isFinite(g.startMs)) return REST_CAP_DAYS;
    const days = Math.round((g.startMs - p[lo - 1]!) / DAY_MS);
    return Number.isFinite(days) ? Math.min(days, REST_CAP_DAYS) : REST_CAP_DAYS;
  }
}

function validateTarget(t: Target): void {
  if (!Number.isInteger(t.season) || !Number.isInteger(t.week) || (t.seasonType !== 'regular' && t.seasonType !== 'postseason')) {
    throw new UsageError(`invalid feature target ${JSON.stringify(t)}: need integer season and week and seasonType regular|postseason`);
  }
}

/** Features for several target weeks; targets in order of their cut (first kickoff), rows by kickoff, then game_id. */
export function buildFeaturesForWeeks(data: Dataset, config: FeaturesConfig, targets: Target[], options: BuildOptions = {}): FeatureFrame {
  // Memoised by every input (frame-memo.ts); the options by name, so a new one must be added here.
  const inputs = { config, targets, lineProviders: options.lineProviders ?? null, betLine: options.betLine ?? null };
  return memoFrame(data, inputs, () => buildFrame(data, config, targets, options));
}

function buildFrame(data: Dataset, config: FeaturesConfig, targets: Target[], options: BuildOptions): FeatureFrame {
  const parsed = featuresSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`features config: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const cfg = parsed.data;
  checkData(cfg, data);
  targets.forEach(validateTarget);
  const plan = planColumns(cfg);
  const hist = historyOf(data);
  const engine = new Engine(hist, cfg);
  const elo = cfg.elo.enabled ? new EloState(hist.teams.length, cfg.elo) : null;
  const market = cfg.market.enabled ? marketLines(data.lines, options.lineProviders, options.betLine) : new Map<string, MarketLine>();
  const cutOf = (t: Target) => targetCut(hist, t);
  const sorted = [...new Map(targets.map((t) => [targetOrdinal(t), t])).values()].sort(
    (a, b) => a.season - b.season || cutOf(a) - cutOf(b) || targetOrdinal(a) - targetOrdinal(b),
  );
  const frame: FeatureFrame = { feature_set: cfg.name, feature_set_id: featureSetId(cfg), columns: plan.columns, rows: [], meta: { adjustment: [] } };
  const weeksKept = weeksKey(data, cfg, [options.lineProviders ?? null, options.betLine ?? null]);
  for (const target of sorted) {
    const group = hist.groups.get(targetOrdinal(target));
    if (!group) continue;
    // A week an earlier build over the same data made (build-memo.ts). Skipping it leaves Elo
    // behind, and the next week's advance catches up: Elo's path does not depend on the stops.
    const kept = keptWeek(weeksKept, targetOrdinal(target));
    if (kept) {
      frame.rows.push(...kept.rows);
      frame.meta.adjustment.push(...kept.adjustment);
      continue;
    }
    const fromRow = frame.rows.length;
    const fromReport = frame.meta.adjustment.length;
    const cut = cutOf(target);
    elo?.advance(hist.finished, target.season, cut);
    const st = engine.week(target);
    const state: WeekState = { hist, target, ratings: st.ratings, stats: st.stats, elo, market, rest: (t, g) => engine.rest(t, g) };
    if (st.stats && cfg.adjustment.method !== 'none') {
      for (const r of st.stats.report) frame.meta.adjustment.push({ season: target.season, season_type: target.seasonType, week: target.week, ...r });
    }
    const window = seasonWindow(hist, target.season, cut);
    const played = new Int32Array(hist.teams.length);
    for (const g of window) {
      played[g.home]++;
      played[g.away]++;
    }
    for (const g of group) frame.rows.push(makeRow(g, rowValues(plan, g, state), played, cfg.min_games, plan.columns));
    keepWeek(weeksKept, targetOrdinal(target), { rows: frame.rows.slice(fromRow), adjustment: frame.meta.adjustment.slice(fromReport) });
  }
  return frame;
}

function makeRow(g: IndexedGame, values: Float64Array, played: Int32Array, minGames: number, columns: string[]): FeatureRow {
  const hp = played[g.home]!;
  const ap = played[g.away]!;
  const reasons: string[] = [];
  if (hp < minGames) reasons.push(`home team has ${hp} prior game(s) this season (min_games ${minGames})`);
  if (ap < minGames) reasons.push(`away team has ${ap} prior game(s) this season (min_games ${minGames})`);
  const missing = columns.filter((_, i) => Number.isNaN(values[i]!));
  if (missing.length > 0) reasons.push(`missing: ${missing.join(', ')}`);
  const row: FeatureRow = {
    game_id: g.game.game_id,
    season: g.game.season,
    season_type: g.game.season_type,
    week: g.game.week,
    home_team: g.game.home_team,
    away_team: g.game.away_team,
    eligible: reasons.length === 0,
    home_prior_games: hp,
    away_prior_games: ap,
    values,
  };
  if (reasons.length > 0) row.ineligible_reason = reasons.join('; ');
  return row;
}

/** Features of one target week, from games that finished before it. */
export function buildFeatures(data: Dataset, config: FeaturesConfig, target: Target, options: BuildOptions = {}): FeatureFrame {
  return buildFeaturesForWeeks(data, config, [target], options);
}

/** Every (season, season_type, week) that has games in `data` for the given seasons, in order. */
export function weeksOf(data: Dataset, seasons?: number[]): Target[] {
  const keep = seasons ? new Set(seasons) : null;
  const seen = new Map<number, Target>();
  for (const g of data.games) {
    if (keep && !keep.has(g.season)) continue;
    seen.set(weekOrdinal(g.season, g.season_type, g.week), { season: g.season, seasonType: g.season_type, week: g.week });
  }
  return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
}
