import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openWarehouse } from './warehouse.ts';
import { generateDemoLeague } from './sources/demo/league.ts';
import { seasonFingerprintOf } from './fingerprint.ts';

test('a season fingerprint computed from rows in memory equals the warehouse\'s, and changes with a score', async () => {
  const { dataset } = generateDemoLeague({ seasons: [2022, 2023], seed: 7 });
  const wh = await openWarehouse(':memory:');
  try {
    await wh.load(dataset, { source: 'test', params: {} });
    const read = await wh.readDataset();
    for (const season of [2022, 2023]) assert.equal(seasonFingerprintOf(read, season), await wh.seasonFingerprint(season));
    assert.notEqual(seasonFingerprintOf(read, 2022), seasonFingerprintOf(read, 2023));
    const g = read.games.find((x) => x.season === 2023 && x.completed)!;
    const before = seasonFingerprintOf(read, 2023);
    g.home_points = g.home_points! + 1;
    assert.notEqual(seasonFingerprintOf(read, 2023), before);
    assert.equal(seasonFingerprintOf(read, 2022), await wh.seasonFingerprint(2022));
  } finally {
    await wh.close();
  }
});
