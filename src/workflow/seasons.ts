// `edgelab seasons`: show the pinned test and development seasons, or move them deliberately
// (`--set-test YEAR [--dev A,B] --reason "…"`), reading the warehouse to check the new roles.
import type { Layout } from '../artifacts/layout.ts';
import { readSeasonLock, type SeasonLock } from '../artifacts/season-lock.ts';
import { resolveConfDir } from '../config/confdir.ts';
import { loadConfig } from '../config/load.ts';
import { setPinnedSeasons } from './season-lock.ts';
import { loadDataset } from './train/dataset.ts';

export function showSeasons(layout: Layout): SeasonLock | null {
  return readSeasonLock(layout);
}

export async function moveSeasons(o: { layout: Layout; test: number; dev?: number[]; reason: string }): Promise<{ before: SeasonLock | null; after: SeasonLock }> {
  const { config } = loadConfig({ confDir: resolveConfDir(o.layout.confDir), overrides: [] });
  const data = await loadDataset(o.layout, config);
  return setPinnedSeasons({ layout: o.layout, games: data.games, cfg: config.evaluation, test: o.test, dev: o.dev, reason: o.reason });
}
