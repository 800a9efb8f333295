// The inference recipe a model bundle carries: the feature set's resolved config, per market the
// fitted pipeline (imputation and model as one object), the predictive spread and the line convention. Training
// writes it; production predicts ONLY through `predictWithRecipe`, so serving can never drift
// from training (same feature code path, same imputation, same models).
import type { FeaturesConfig } from '../config/groups/features.ts';
import type { BettingConfig } from '../config/groups/betting.ts';
import type { ModelConfig } from '../config/groups/model.ts';
import type { Dataset, Game } from '../data/schema.ts';
import { betLines } from '../features/index.ts';
import { buildFeaturesForWeeks, type Target } from '../features/index.ts';
import { buildMarketDesign, type Market, type MarketDesign } from '../features/index.ts';
import type { FeatureReference } from '../evaluation/drift.ts';
import { Pipeline, type PipelineJSON } from '../models/index.ts';
import { predictRows } from './train/walkforward-run.ts';

export interface MarketRecipe {
  market: Market;
  model_config: ModelConfig;
  /** The fitted pipeline (imputer → estimator), saved and loaded as one object. */
  pipeline: PipelineJSON;
  feature_names: string[];
  /** Predictive standard deviation (out-of-sample residual RMS). */
  sigma: number;
  n_train: number;
  /** Per feature: a compact summary of its training values, for the drift check of `monitor`
   *  (absent in bundles trained before it existed; the check is then skipped). */
  feature_reference?: Record<string, FeatureReference>;
}

export interface Recipe {
  experiment_id: string;
  phase: 1 | 2 | 3;
  feature_set: { name: string; id: string; config: FeaturesConfig };
  bet_line: 'closing' | 'opening';
  line_provider_preference: string[];
  /** The model saw games before this week ordinal (the test season's first week). */
  trained_before: { season: number; ordinal: number };
  /** The betting policy the experiment was evaluated with; production bets with it (absent in older bundles). */
  betting?: BettingConfig;
  markets: Partial<Record<Market, MarketRecipe>>;
  /** Set in a champion's production refit (production-refit.ts): what it was refitted from and on. */
  production_refit?: {
    experiment_id: string;
    /** The live season it serves: fitted on every game known before that season's first kickoff. */
    season: number;
    /** sha256 of the evaluated bundle's model.json it was refitted from. */
    evaluated_model_sha256: string;
    /** Kickoff of the latest game in its training data (a week at or before it is in sample). */
    last_training_kickoff: string | null;
  };
}

export interface RecipePrediction {
  design: MarketDesign;
  predictions: Float64Array;
  sigma: number;
}

/** Predict the games of `targets` with a recipe: features → design → imputation → model. */
export function predictWithRecipe(
  recipe: Recipe,
  data: Dataset,
  targets: Target[],
  games: ReadonlyMap<string, Game>,
): Partial<Record<Market, RecipePrediction>> {
  const out: Partial<Record<Market, RecipePrediction>> = {};
  for (const { market, design, recipe: mr } of recipeDesigns(recipe, data, targets, games)) {
    const pipeline = Pipeline.fromJSON(mr.pipeline);
    const predictions = predictRows(pipeline, design, design.rows.map((_, i) => i));
    out[market] = { design, predictions, sigma: mr.sigma };
  }
  return out;
}

/** Each market's design matrix of `targets` through the recipe's feature code (the columns checked against training's). */
export function recipeDesigns(
  recipe: Recipe,
  data: Dataset,
  targets: Target[],
  games: ReadonlyMap<string, Game>,
): { market: Market; design: MarketDesign; recipe: MarketRecipe }[] {
  const frame = buildFeaturesForWeeks(data, recipe.feature_set.config, targets, { lineProviders: recipe.line_provider_preference, betLine: recipe.bet_line });
  return (Object.entries(recipe.markets) as [Market, MarketRecipe][]).map(([market, mr]) => {
    const lines = betLines(data.lines, recipe.line_provider_preference, market, recipe.bet_line);
    const design = buildMarketDesign(frame, games, lines, market, recipe.bet_line, recipe.feature_set.config.market.offset);
    if (design.featureNames.join('\u0000') !== mr.feature_names.join('\u0000')) {
      throw new Error(`${recipe.experiment_id} ${market}: feature columns differ from training ([${design.featureNames.join(', ')}] vs [${mr.feature_names.join(', ')}])`);
    }
    return { market, design, recipe: mr };
  });
}
