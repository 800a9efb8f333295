// The composed configuration the integrity tests evaluate with: the shipped conf/ with a ridge
// model on margin ratings, the market features and offset, evaluation over the CFBD-shaped league.
import { loadConfig } from '../../src/config/load.ts';
import { packageConfDir } from '../../src/config/confdir.ts';
import type { EdgelabConfig } from '../../src/config/schema.ts';

export function integrityConfig(extra: string[] = []): EdgelabConfig {
  const { config } = loadConfig({
    confDir: packageConfDir(),
    overrides: [
      'features=minimal',
      'model=ridge',
      'features.market.enabled=true',
      'features.market.offset=true',
      'evaluation.first_season=2020',
      'evaluation.exclude_seasons=[]',
      'evaluation.dev_seasons=2',
      'evaluation.workers=1',
      ...extra,
    ],
    env: {},
  });
  return config;
}
