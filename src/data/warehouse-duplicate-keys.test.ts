// Duplicate keys within a batch are refused for every table, the two-column keys of lines
// (game_id + provider) and team_game (game_id + team) included (validate.ts KeyPairs: a key
// seen once, twice or more per game_id, and the same second part under another game_id).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateBatch, LoadError } from './warehouse/validate.ts';
import { generateDemoLeague } from './sources/demo/league.ts';

const { dataset } = generateDemoLeague({ seasons: [2023, 2023], seed: 3 });
const noneKnown = async () => new Set<string>();

test('a batch with a repeated (game_id, provider) or (game_id, team) is refused, naming the key; distinct pairs pass', async () => {
  const g = dataset.games[0]!.game_id;
  const line = dataset.lines.find((l) => l.game_id === g)!;
  const [home, away] = dataset.teamGames.filter((t) => t.game_id === g);
  const other = dataset.lines.find((l) => l.game_id !== g)!;
  // Three providers for one game and the same provider under another game: no duplicate.
  const providers = ['consensus', 'bovada', 'draftkings'].map((provider) => ({ ...line, provider }));
  const ok = { games: dataset.games, lines: [...providers, other], teamGames: [home!, away!] };
  await validateBatch(ok as never, noneKnown);
  const cases: [object, RegExp][] = [
    [{ ...ok, lines: [...providers, { ...line, provider: 'bovada' }] }, new RegExp(`table lines, key game_id=${g}, provider=bovada, field game_id\\+provider: duplicate key within the batch`)],
    [{ ...ok, lines: [line, other, line] }, new RegExp(`table lines, key game_id=${g}, provider=consensus, field game_id\\+provider: duplicate key`)],
    [{ ...ok, teamGames: [home!, away!, { ...away! }] }, new RegExp(`table team_game, key game_id=${g}, team=${away!.team}, field game_id\\+team: duplicate key`)],
  ];
  for (const [batch, msg] of cases) {
    await assert.rejects(validateBatch(batch as never, noneKnown), (e: unknown) => e instanceof LoadError && msg.test(e.message));
    // Rows already known (validated before) are still checked for duplicates.
    const checked = Object.fromEntries(Object.entries(batch).map(([k, rows]) => [k === 'teamGames' ? 'team_game' : k, (rows as unknown[]).map(() => 'known')]));
    await assert.rejects(validateBatch(batch as never, noneKnown, checked), (e: unknown) => e instanceof LoadError && msg.test(e.message));
  }
});
