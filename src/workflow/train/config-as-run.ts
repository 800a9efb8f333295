// The configuration as it actually ran, for the MLflow params of a training run. The demo league's
// seasons, seed and live season can come from command options (the quick demo loads 2018-2023
// with live season 2023) that the composed config does not carry; the warehouse records what was
// loaded, so `data.demo` is taken from there.
import type { Layout } from '../../artifacts/layout.ts';
import type { EdgelabConfig } from '../../config/schema.ts';
import { openWarehouse } from '../../data/warehouse.ts';
import type { DemoState } from '../data-demo.ts';
import { warehousePath } from '../data-config.ts';

export async function configAsRun(layout: Layout, config: EdgelabConfig): Promise<unknown> {
  if (config.data.source !== 'demo') return config;
  const wh = await openWarehouse(warehousePath(layout, config.data), { readOnly: true });
  let state: DemoState | undefined;
  try {
    state = (await wh.sourceState('demo')) as DemoState | undefined;
  } finally {
    await wh.close();
  }
  if (!state) return config;
  const demo = { seasons: `${state.seasons[0]}-${state.seasons[1]}`, seed: state.seed, live_season: state.liveSeason ?? 'none' };
  return { ...config, data: { ...config.data, demo } };
}
