// The configured league's games, read from the warehouse: what train, evaluate and the weekly
// commands (score, monitor, predict, week) start from. A module of its own so that a command
// that only reads the games does not load the training code with it (train.ts: the features,
// the models, the plots).
import type { Layout } from '../../artifacts/layout.ts';
import type { EdgelabConfig } from '../../config/schema.ts';
import type { Dataset } from '../../data/schema.ts';
import { openWarehouse } from '../../data/warehouse.ts';
import { selectLeague } from '../../data/league-filter.ts';
import { warehousePath } from '../data-config.ts';

/** The configured league's games (data.sport, and FBS only where the profile says so). */
export async function loadDataset(layout: Layout, config: EdgelabConfig): Promise<Dataset> {
  const wh = await openWarehouse(warehousePath(layout, config.data), { readOnly: true });
  try {
    return selectLeague(await wh.readDataset({ sport: config.data.sport }), config.data).data;
  } finally {
    await wh.close();
  }
}
