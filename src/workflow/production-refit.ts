// A champion's production model: the evaluated experiment refitted through the last complete
// season before the live season, as its own recorded, immutable bundle
// (models/production/refits/<id>_for_<season>/). The evaluated bundle was fitted before the
// test season; betting a later season with it would leave the newest complete seasons unused, and
// refitting in place would make production run something nobody recorded. So the refit:
// - uses the experiment's own resolved configuration (config.yaml) and the evaluated bundle's
//   recipe: the same features, bet line, line providers, model settings, seed, predictive spread
//   and betting policy (the one evaluated), only more training games;
// - trains on every game whose result was known before the live season's first kickoff (the same
//   window rule as walk-forward and the final fit);
// - is written once, with sha256 of its files in models/production/refits.jsonl and an entry in
//   the decision log; a refit whose files no longer match is refused, never replaced.
// `predict` makes the refit the first time a season needs it (or `edgelab refit` ahead of time).
import { existsSync, readFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { bundleFile, type Layout } from '../artifacts/layout.ts';
import { readBundle, writeBundle } from '../artifacts/bundle.ts';
import { writeFileAtomic } from '../artifacts/atomic.ts';
import { withLock } from '../artifacts/lock.ts';
import { appendDecision } from '../artifacts/decision-log.ts';
import { changedFiles, contentHashes, hashFiles, HASHED_BUNDLE } from '../artifacts/content-hashes.ts';
import { readSeasonLock } from '../artifacts/season-lock.ts';
import { readChampion } from '../artifacts/champion.ts';
import { seasonFingerprintOf } from '../data/fingerprint.ts';
import { weekOrdinal, type Dataset } from '../data/schema.ts';
import { weeksOf } from '../features/index.ts';
import { UserError } from '../util/errors.ts';
import { requireExperiment, readSummary } from '../readers/experiments.ts';
import { readExperimentConfig } from './experiment-config.ts';
import { recipeDesigns, type Recipe } from './recipe.ts';
import { trainingRows } from './train/walkforward-run.ts';
import { fitMarketRecipes, seasonFold } from './train/train.ts';
import { loadDataset } from './train/dataset.ts';

export interface RefitRecord {
  experiment_id: string;
  season: number;
  /** The bundle, relative to the artifacts root. */
  bundle: string;
  /** What made it: `predict 2025 week 1`, `edgelab refit`. */
  made_by: string;
  at: string;
  seasons: number[];
  n_train: Record<string, number>;
  last_training_kickoff: string | null;
  data_fingerprints: Record<string, string>;
  /** sha256 of the evaluated bundle's files it was refitted from. */
  evaluated_bundle: Record<string, string>;
  /** sha256 of the refit bundle's files as written. */
  hashes: Record<string, string>;
}

export interface ProductionModel {
  id: string;
  bundle: string;
  recipe: Recipe;
  record: RefitRecord;
  /** Made by this call (false: an existing refit, its hashes checked). */
  made: boolean;
}

export function readRefits(layout: Layout): RefitRecord[] {
  if (!existsSync(layout.productionRefitsLog)) return [];
  return readFileSync(layout.productionRefitsLog, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as RefitRecord;
      } catch {
        throw new UserError(`${layout.productionRefitsLog}: line ${i + 1} is not valid JSON; restore it from version control or a backup`);
      }
    });
}

/** The live season by default: the one after the last complete season in the warehouse. */
export function liveSeasonOf(data: Pick<Dataset, 'games'>): number {
  const open = new Set(data.games.filter((g) => !g.completed).map((g) => g.season));
  const complete = [...new Set(data.games.map((g) => g.season))].filter((s) => !open.has(s));
  if (complete.length === 0) throw new UserError('no complete season in the warehouse to refit through');
  return Math.max(...complete) + 1;
}

/** The existing refit of `id` for `season` (its files checked against the record), or null. */
export function existingRefit(layout: Layout, id: string, season: number): ProductionModel | null {
  const record = readRefits(layout).filter((r) => r.experiment_id === id && r.season === season).at(-1);
  const dir = layout.productionRefit(id, season);
  if (!record) return null;
  if (!existsSync(bundleFile(dir, 'model'))) {
    throw new UserError(`the production refit of ${id} for ${season} is recorded in ${layout.productionRefitsLog} but its bundle ${dir} is missing; restore it (refits are immutable, never silently remade)`);
  }
  const changed = changedFiles({ bundle: record.hashes, outputs: {} }, { bundle: hashFiles(dir, HASHED_BUNDLE), outputs: {} });
  if (changed.length) {
    throw new UserError(`the production refit of ${id} for ${season} (${dir}) changed since it was written (${changed.join(', ')}); refits are immutable — restore the files, or archive the bundle and its record to refit again`);
  }
  return { id, bundle: dir, recipe: readBundle<Recipe, unknown>(dir).model, record, made: false };
}

/**
 * The bundle whose model made `id`'s production bets of `season`: its recorded refit, or (bets
 * from before refits existed) `fallback`, the evaluated bundle. Read-only (explanations, drift).
 */
export function betModelBundle(layout: Layout, id: string, season: number, fallback: string): string {
  const recorded = readRefits(layout).some((r) => r.experiment_id === id && r.season === season);
  const dir = layout.productionRefit(id, season);
  return recorded && existsSync(bundleFile(dir, 'model')) ? dir : fallback;
}

export interface RefitOptions {
  layout: Layout;
  id: string;
  season: number;
  madeBy: string;
  now?: Date;
}

/** The production model of `id` for `season`: the recorded refit, made now if there is none. */
export async function productionModel(o: RefitOptions): Promise<ProductionModel> {
  const found = existingRefit(o.layout, o.id, o.season);
  if (found) return found;
  return withLock(o.layout.lockFile, async () => existingRefit(o.layout, o.id, o.season) ?? (await makeRefit(o)));
}

async function makeRefit(o: RefitOptions): Promise<ProductionModel> {
  const { layout, id, season } = o;
  const loc = requireExperiment(layout, id);
  if (!loc.bundle || !loc.outputs) throw new UserError(`${id} has no bundle and experiment directory to refit from`);
  // Production refits what was evaluated: the bundle and outputs exactly as trained.
  const recorded = (readSummary(loc.outputs) as { content_hashes?: ReturnType<typeof contentHashes> } | null)?.content_hashes;
  const evaluated = contentHashes(loc.outputs, loc.bundle);
  if (recorded) {
    const changed = changedFiles(recorded, evaluated);
    if (changed.length) throw new UserError(`${id} changed since it was trained (${changed.join(', ')}); production refits only what was evaluated`);
  }
  const source = readBundle<Recipe, unknown>(loc.bundle).model;
  const lock = readSeasonLock(layout);
  const after = Math.max(source.trained_before.season, lock ? lock.test_season + 1 : -Infinity);
  if (season < after) {
    throw new UserError(`production seasons come after ${id}'s evaluation (test season ${lock?.test_season ?? source.trained_before.season}): no production refit for ${season}`);
  }
  const { config } = readExperimentConfig(layout, id);
  const data = await loadDataset(layout, config);
  const fold = seasonFold(data.games, season, config, true);
  const seasons = [...new Set(data.games.map((g) => g.season))]
    .filter((s) => s >= fold.trainFromSeason && s < season && !fold.excludeSeasons.includes(s))
    .sort((a, b) => a - b);
  const games = new Map(data.games.map((g) => [g.game_id, g]));
  const designs = recipeDesigns(source, data, weeksOf(data, seasons), games);
  const fitted = await fitMarketRecipes(designs.map((d) => d.design), config, fold, designs.map((d) => d.recipe.sigma));
  let last = -Infinity;
  for (const { design } of designs) for (const i of trainingRows(design, fold)) last = Math.max(last, design.rows[i]!.kickoff);
  const lastKickoff = Number.isFinite(last) ? new Date(last).toISOString() : null;
  const recipe: Recipe = {
    ...source,
    trained_before: { season, ordinal: weekOrdinal(season, 'regular', 0) },
    markets: Object.fromEntries(fitted.recipes.map((r) => [r.market, r])),
    production_refit: { experiment_id: id, season, evaluated_model_sha256: evaluated.bundle['model.json']!, last_training_kickoff: lastKickoff },
  };
  const at = (o.now ?? new Date()).toISOString();
  const fingerprints = Object.fromEntries(seasons.map((s) => [String(s), seasonFingerprintOf(data, s)]));
  const n_train = Object.fromEntries(fitted.recipes.map((r) => [r.market, r.n_train]));
  const dir = layout.productionRefit(id, season);
  // A bundle without a record is the leftover of a refit killed before recording it: never
  // used (predict needs the record), so it is moved aside and the refit made again.
  if (existsSync(dir)) {
    const aside = `${layout.recoveredDir}/${id}_for_${season}.unrecorded-${at.replace(/[:.]/g, '-')}`;
    mkdirSync(dirname(aside), { recursive: true });
    renameSync(dir, aside);
  }
  writeBundle(dir, {
    model: recipe,
    metadata: { experiment_id: id, production_refit_for: season, seasons, n_train, data_fingerprints: fingerprints, evaluated_bundle: evaluated.bundle, config, created_at: at },
    importance: { columns: ['market', 'feature', 'importance', 'gain', 'splits', 'coefficient'], rows: fitted.importance.map((fi) => ({ ...fi })) },
  });
  const record: RefitRecord = {
    experiment_id: id,
    season,
    bundle: relative(layout.root, dir),
    made_by: o.madeBy,
    at,
    seasons,
    n_train,
    last_training_kickoff: lastKickoff,
    data_fingerprints: fingerprints,
    evaluated_bundle: evaluated.bundle,
    hashes: hashFiles(dir, HASHED_BUNDLE),
  };
  const old = existsSync(layout.productionRefitsLog) ? readFileSync(layout.productionRefitsLog, 'utf8') : '';
  writeFileAtomic(layout.productionRefitsLog, old + JSON.stringify(record) + '\n');
  const span = seasons.length ? `${seasons[0]}–${seasons[seasons.length - 1]}` : 'no season';
  appendDecision(layout, {
    at,
    title: `Refit ${id} for the ${season} season`,
    context: `${id} is ${readChampion(layout).current?.id === id ? 'the champion' : 'a champion model'}; its evaluated bundle was fitted on every game before ${source.trained_before.season}.`,
    decision: `Production bets of ${season} come from ${record.bundle}: ${id}'s recipe refitted on every game known before ${season}'s first kickoff (seasons ${span}).`,
    reasoning: [
      `Made by: ${o.madeBy}`,
      `Training games: ${Object.entries(n_train).map(([m, n]) => `${m} ${n}`).join(', ')}; latest kickoff in the training data ${lastKickoff ?? 'none'}`,
      `Unchanged from the evaluation: features ${source.feature_set.name}, bet line ${source.bet_line}, model settings, seed, predictive spread, betting policy (stored in the bundle)`,
      `Evaluated bundle model.json sha256 ${evaluated.bundle['model.json']}; refit model.json sha256 ${record.hashes['model.json']}`,
      `Data fingerprints: ${Object.entries(fingerprints).map(([s, f]) => `${s} ${f.slice(0, 12)}`).join(', ')}`,
    ],
    impact: `edgelab predict uses this refit for every ${season} week; weeks whose games are in its training data are refused.`,
  });
  return { id, bundle: dir, recipe, record, made: true };
}

/** `edgelab refit [--season S]`: the champion's production refit for S (default: the live season), made ahead of predict. */
export async function refitChampion(o: { layout: Layout; season?: number; now?: Date }): Promise<ProductionModel> {
  const { current } = readChampion(o.layout);
  if (!current) throw new UserError(`there is no champion (${o.layout.championCurrent} is missing); promote one first: edgelab promote <id>`);
  let season = o.season;
  if (season === undefined) {
    const { config } = readExperimentConfig(o.layout, current.id);
    season = liveSeasonOf(await loadDataset(o.layout, config));
  }
  return productionModel({ layout: o.layout, id: current.id, season, madeBy: 'edgelab refit', now: o.now });
}
