import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoLeague, liveView, ALL_REVEALED } from './index.ts';
import { demoClock } from './clock.ts';

const league = generateDemoLeague({ seasons: [2024, 2025], seed: 3 });
const kick = (g: { start_date: string }) => Date.parse(g.start_date);

test('demo clock: after every revealed game, before the first kickoff of the next week', () => {
  for (const week of [-1, 0, 5, 13]) {
    const v = liveView(league.dataset, 2025, { regularWeek: week, postseasonWeek: 0 });
    const now = demoClock(v)!.getTime();
    const played = v.games.filter((g) => g.completed).map(kick);
    const next = v.games.filter((g) => g.season === 2025 && g.season_type === 'regular' && g.week === week + 1).map(kick);
    assert.ok(now > Math.max(...played), `week ${week}: after the last revealed kickoff`);
    assert.ok(now < Math.min(...next), `week ${week}: before week ${week + 1}'s first kickoff`);
  }
});

test('demo clock: none when the season is fully revealed or the data is not the demo league', () => {
  assert.equal(demoClock(liveView(league.dataset, 2025, ALL_REVEALED)), null);
  const v = liveView(league.dataset, 2025, { regularWeek: 3, postseasonWeek: 0 });
  const mixed = { games: [...v.games, { ...v.games[0]!, game_id: '401520' }] };
  assert.equal(demoClock(mixed), null);
  assert.equal(demoClock({ games: [] }), null);
});
