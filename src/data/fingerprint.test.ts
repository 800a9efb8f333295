import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openWarehouse } from './warehouse.ts';
import { generateDemoLeague } from './sources/demo/league.ts';
import { seasonFingerprintOf } from './fingerprint.ts';
import { TABLES, rowText } from './warehouse/tables.ts';

test('a season fingerprint computed from rows in memory equals the warehouse\'s, and changes with a score', async () => {
  // Two demo seasons cut to the games among the teams of the first 20 games and of the games
  // whose statistics hold a -0 (224 of 1,651 games, nulls and -0 kept): the fingerprints must
  // agree whatever the size; the whole league only made the load and the reads slower.
  const full = generateDemoLeague({ seasons: [2022, 2023], seed: 7 }).dataset;
  const negZero = new Set(full.teamGames.filter((t) => Object.values(t).some((v) => Object.is(v, -0))).map((t) => t.game_id));
  const teams = new Set(full.games.filter((g, i) => i < 20 || negZero.has(g.game_id)).flatMap((g) => [g.home_team, g.away_team]));
  const kept = new Set(full.games.filter((g) => teams.has(g.home_team) && teams.has(g.away_team)).map((g) => g.game_id));
  const dataset = { games: full.games.filter((g) => kept.has(g.game_id)), lines: full.lines.filter((l) => kept.has(l.game_id)), teamGames: full.teamGames.filter((t) => kept.has(t.game_id)) };
  const wh = await openWarehouse(':memory:');
  try {
    await wh.load(dataset, { source: 'test', params: {} });
    const read = await wh.readDataset();
    // The warehouse's fingerprint hashes what it reads back, so agreeing with it alone cannot catch
    // a value lost on the way in or out: every read-back row must hash as a loaded one (as
    // multisets of row texts; the fingerprint itself follows the warehouse's row order).
    for (const t of TABLES) {
      const texts = (rows: object[]) => rows.map((r) => rowText(t, r as Record<string, unknown>)).sort();
      assert.deepEqual(texts(read[t.datasetKey]), texts(dataset[t.datasetKey]), `${t.name}: rows read back differ from the rows loaded`);
    }
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
