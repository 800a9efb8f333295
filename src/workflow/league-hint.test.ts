import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createLayout } from '../artifacts/layout.ts';
import { loadConfig } from '../config/load.ts';
import { importFile } from './data-import.ts';
import { initProject } from './init.ts';
import { noGamesMessage } from './league-hint.ts';
import { buildWeekFeatures } from './features.ts';
import { PACKAGE_CONF, tempDir } from '../../test/helpers/tmp.ts';
import { syntheticSchedule, writeSchedule } from '../../test/support/nflverse-schedule-fixture.ts';

test('a college project over an NFL warehouse names the league mismatch and the fix', async () => {
  const dir = tempDir('league-hint-');
  const layout = createLayout(dir);
  initProject(layout, PACKAGE_CONF, { league: 'cfb' });
  const config = loadConfig({ confDir: layout.confDir }).config;
  assert.match(await noGamesMessage(layout, config), /no cfb games .*: load data first \(edgelab data import csv games.csv --table games/);
  const f = join(dir, 'games.csv');
  writeSchedule(f, syntheticSchedule([2023]));
  await importFile(layout, { kind: 'nflverse', file: f });
  const msg = 'the warehouse has no cfb games (data.sport=cfb, league profile cfb), but it holds 60 nfl games: a league mismatch. Use that league with edgelab init --league nfl (switches an unchanged conf/config.yaml) or league=nfl on the command line';
  assert.equal(await noGamesMessage(layout, config), msg);
  await assert.rejects(buildWeekFeatures(layout, { season: 2023, week: 1, overrides: [] }), (e: Error) => e.message === msg);
  // With the league named, the same warehouse serves.
  const { frame } = await buildWeekFeatures(layout, { season: 2023, week: 2, overrides: ['league=nfl'] });
  assert.equal(frame.rows.length, 4);
});
