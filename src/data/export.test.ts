import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { datasetForSeason, datasetToCsv, exportCsv } from './export.ts';
import { importTableCsv } from './sources/csv/import.ts';
import { datasetArb } from '../../test/support/dataset-arbitraries.ts';
import type { Dataset } from './schema.ts';

/** Import the three exported files the way `data import csv` does, games first. */
function reimport(files: Record<'games' | 'lines' | 'team_game', string>): Dataset {
  const games = importTableCsv(files.games, { file: 'games.csv', table: 'games' });
  const lines = importTableCsv(files.lines, { file: 'lines.csv', table: 'lines', knownGames: games.dataset.games });
  const tg = importTableCsv(files.team_game, { file: 'team_game.csv', table: 'team_game', knownGames: games.dataset.games });
  assert.deepEqual([...games.rejects, ...lines.rejects, ...tg.rejects], []);
  return { games: games.dataset.games, lines: lines.dataset.lines, teamGames: tg.dataset.teamGames };
}

test('property: whatever the exporter writes imports back to an identical dataset', () => {
  fc.assert(
    fc.property(datasetArb, (ds) => {
      assert.deepStrictEqual(reimport(datasetToCsv(ds)), ds);
    }),
    { numRuns: 150 },
  );
});

const sample: Dataset = {
  games: [
    {
      game_id: 'a', season: 2022, season_type: 'regular', week: 1, start_date: '2022-09-03T16:00:00.000Z', neutral_site: false,
      conference_game: true, home_team: 'Home "H"', away_team: 'Away, A', home_conference: null, away_conference: 'X',
      home_points: 21, away_points: 20, completed: true, home_rest: 7, away_rest: null,
    },
    {
      game_id: 'b', season: 2023, season_type: 'postseason', week: 1, start_date: '2024-01-01T20:00:00.000Z', neutral_site: true,
      conference_game: false, home_team: 'C', away_team: 'D', home_conference: null, away_conference: null,
      home_points: null, away_points: null, completed: false, home_rest: null, away_rest: null,
    },
  ],
  lines: [
    { game_id: 'a', provider: 'p', spread: -3.5, spread_open: null, total: 44.5, total_open: 45, home_moneyline: -170,
      away_moneyline: 150, spread_price_home: -110, spread_price_away: -105, over_price: -115, captured_at: null },
  ],
  teamGames: [],
};

test('export writes the documented header and quotes what needs quoting', () => {
  const csv = datasetToCsv(sample);
  const [header, first] = csv.games.split('\n');
  assert.equal(header, 'game_id,season,season_type,week,start_date,neutral_site,conference_game,home_team,away_team,home_conference,away_conference,home_points,away_points,completed,home_rest,away_rest,sport');
  assert.equal(first, 'a,2022,regular,1,2022-09-03T16:00:00.000Z,false,true,"Home ""H""","Away, A",,X,21,20,true,7,,');
  assert.equal(csv.lines.split('\n')[1], 'a,p,-3.5,,44.5,45,-170,150,-110,-105,-115,,');
  assert.equal(csv.team_game, 'game_id,team,opponent,is_home,points,plays,drives,yards_per_play,success_rate,epa_per_play,explosiveness,rush_yards_per_play,pass_yards_per_play,points_per_drive,pass_epa_per_play,rush_epa_per_play,pass_success_rate,rush_success_rate,explosive_play_rate\n');
});

test('--season keeps one season and the lines of its games', () => {
  const s = datasetForSeason(sample, 2023);
  assert.deepEqual(s.games.map((g) => g.game_id), ['b']);
  assert.deepEqual(s.lines, []);
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-export-'));
  try {
    const out = exportCsv(sample, join(dir, 'out'), 2022);
    assert.deepEqual(out.files.map((f) => [f.table, f.rows]), [['games', 1], ['lines', 1], ['team_game', 0]]);
    assert.equal(readFileSync(join(dir, 'out', 'games.csv'), 'utf8').split('\n').length, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
