import { createLayout } from '../src/artifacts/layout.ts';
import { loadDataset } from '../src/workflow/train/train.ts';
import { loadConfig } from '../src/config/load.ts';
import { buildFeaturesForWeeks } from '../src/features/index.ts';
import { readBundle } from '../src/artifacts/bundle.ts';
import type { Recipe } from '../src/workflow/recipe.ts';
const layout = createLayout('/tmp/d1');
const { config } = loadConfig({ confDir: '/tmp/d1/conf', overrides: [] });
const data = await loadDataset(layout, config);
const { model } = readBundle<Recipe, unknown>('/tmp/d1/artifacts/models/baseline/v2-001');
for (const t of [{ season: 2021, seasonType: 'regular' as const, week: 5 }, { season: 2023, seasonType: 'regular' as const, week: 5 }]) {
  const f = buildFeaturesForWeeks(data, model.feature_set.config, [t]);
  console.log(t.season, f.rows.length, 'eligible', f.rows.filter((r) => r.eligible).length);
  f.columns.forEach((c, j) => {
    const v = f.rows.map((r) => r.values[j]!).filter(Number.isFinite);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    console.log('   ', c.padEnd(22), m.toFixed(3), 'n', v.length);
  });
}
console.log(JSON.stringify(model.markets.spread?.imputer), model.markets.spread?.feature_names);
import { predictWithRecipe } from '../src/workflow/recipe.ts';
import { modelFromJSON } from '../src/models/factory.ts';
const games = new Map(data.games.map((g) => [g.game_id, g]));
for (const t of [{ season: 2021, seasonType: 'regular' as const, week: 5 }, { season: 2023, seasonType: 'regular' as const, week: 5 }]) {
  const p = predictWithRecipe(model, data, [t], games).spread!;
  const f = p.design.rows.map((r, i) => p.predictions[i]! - r.offset);
  const fin = f.filter(Number.isFinite);
  console.log(t.season, 'mean f', (fin.reduce((a, b) => a + b, 0) / fin.length).toFixed(3), 'n', fin.length, 'offsets', p.design.rows.slice(0, 3).map((r) => r.offset));
}
const m = modelFromJSON(model.markets.spread!.model);
console.log(m.featureImportance().map((x) => `${x.feature}:${x.coefficient?.toFixed(3)}`).join(' '), JSON.stringify(model.markets.spread!.model).slice(0, 600));
