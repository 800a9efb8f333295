import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLayout } from '../artifacts/layout.ts';
import { loadConfig } from '../config/load.ts';
import { initProject } from './init.ts';
import { MARKET_BLOCK, newExperiment } from './experiment-new.ts';
import { PACKAGE_CONF, tempDir } from '../../test/helpers/tmp.ts';

test('experiment new writes a config on the footing of v2-002…v2-005: market offset and line feature on', () => {
  const dir = tempDir('exp-new-');
  const layout = createLayout(dir);
  initProject(layout, PACKAGE_CONF, { league: 'nfl' });
  // v2-001 is the benchmark: a plain power rating without market input (conf/experiment/v2-001.yaml).
  for (const canonical of ['v2-002', 'v2-003', 'v2-004', 'v2-005']) {
    assert.ok(readFileSync(join(PACKAGE_CONF, 'experiment', `${canonical}.yaml`), 'utf8').endsWith(MARKET_BLOCK), canonical);
  }
  const { id, file } = newExperiment(layout, { phase: 2, features: 'full' });
  assert.ok(readFileSync(file, 'utf8').endsWith(MARKET_BLOCK));
  const c = loadConfig({ confDir: layout.confDir, overrides: [`experiment=${id}`] }).config;
  assert.deepEqual(c.features.market, { enabled: true, offset: true });
  assert.equal(c.features.name, 'full');
  assert.equal(c.data.sport, 'nfl');

  const raw = newExperiment(layout, { phase: 2, market: false });
  assert.match(readFileSync(raw.file, 'utf8'), /NOT on the footing of v2-002…v2-005/);
  assert.deepEqual(loadConfig({ confDir: layout.confDir, overrides: [`experiment=${raw.id}`] }).config.features.market, { enabled: false, offset: false });
});
