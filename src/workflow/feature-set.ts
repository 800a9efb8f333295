// A named feature set (conf/features/<name>.yaml) as the composed configuration resolves it:
// for the bench, tests and studies that want one set without a whole experiment.
import { packageConfDir } from '../config/confdir.ts';
import { loadConfig } from '../config/load.ts';
import type { FeaturesConfig } from '../config/groups/features.ts';

export function loadFeatureSet(name: string, confDir: string = packageConfDir()): FeaturesConfig {
  return loadConfig({ confDir, overrides: [`features=${name}`] }).config.features;
}
