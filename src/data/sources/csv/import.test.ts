import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importTableCsv, parseColumnMap, parseTableName } from './import.ts';
import { rejectMessage } from './checks.ts';
import { assertNoRejects, formatRejects, rejectsPath } from './records.ts';
import { csvToObjects } from '../../../util/csv.ts';
import type { Game } from '../../schema.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../test/fixtures/csv/${name}`, import.meta.url)), 'utf8');
const messages = (r: { rejects: Parameters<typeof rejectMessage>[0][] }) => r.rejects.map(rejectMessage).sort();

test('games.csv maps every documented column', () => {
  const r = importTableCsv(fixture('games.csv'), { file: 'games.csv', table: 'games' });
  assert.deepEqual(r.rejects, []);
  assert.equal(r.dataset.games.length, 4);
  assert.deepEqual(r.dataset.games[1], {
    game_id: 'g2',
    season: 2023,
    season_type: 'regular',
    week: 1,
    start_date: '2023-09-02T23:00:00.000Z',
    neutral_site: true,
    conference_game: false,
    home_team: 'Texas A&M, College Station',
    away_team: 'New Mexico',
    home_conference: 'SEC',
    away_conference: 'Mountain West',
    home_points: 52,
    away_points: 10,
    completed: true,
    home_rest: null,
    away_rest: null,
  });
  const post = r.dataset.games[2]!;
  assert.equal(post.season_type, 'postseason');
  assert.equal(post.week, 1);
  const sched = r.dataset.games[3]!;
  assert.equal(sched.start_date, '2023-09-09T00:00:00.000Z');
  assert.equal(sched.home_points, null);
  assert.equal(sched.completed, false);
});

test('lines and team_game need a known game; defaults fill prices', () => {
  const games = importTableCsv(fixture('games.csv'), { file: 'games.csv', table: 'games' }).dataset.games;
  const lines = importTableCsv(fixture('lines.csv'), { file: 'lines.csv', table: 'lines', knownGames: games });
  assert.deepEqual(lines.rejects, []);
  assert.equal(lines.dataset.lines.length, 3);
  assert.deepEqual(lines.dataset.lines[1], {
    game_id: 'g1',
    provider: 'Bovada',
    spread: -40,
    spread_open: null,
    total: 54,
    total_open: null,
    home_moneyline: -10000,
    away_moneyline: 2500,
    spread_price_home: -110,
    spread_price_away: -110,
    captured_at: null,
  });
  const tg = importTableCsv(fixture('team_game.csv'), { file: 'team_game.csv', table: 'team_game', knownGames: games });
  assert.deepEqual(tg.rejects, []);
  assert.equal(tg.dataset.teamGames[1]!.epa_per_play, -0.12);
  assert.equal(tg.dataset.teamGames[1]!.yards_per_play, null);
  assert.equal(tg.dataset.teamGames[0]!.is_home, true);
});

test('a line for an unknown game is rejected with FILE:LINE', () => {
  const games = importTableCsv(fixture('games.csv'), { file: 'games.csv', table: 'games' }).dataset.games;
  const r = importTableCsv(fixture('lines_unknown_game.csv'), { file: 'l.csv', table: 'lines', knownGames: games });
  assert.deepEqual(messages(r), ['l.csv:3: game_id: unknown game nosuch (not in this input or the warehouse)']);
  assert.equal(r.dataset.lines.length, 1);
  const alone = importTableCsv(fixture('lines_unknown_game.csv'), { file: 'l.csv', table: 'lines' });
  assert.deepEqual(alone.rejects.map((x) => x.line), [2, 3]);
});

test('every bad row of games_bad.csv is named, the good ones survive', () => {
  const r = importTableCsv(fixture('games_bad.csv'), { file: 'games_bad.csv', table: 'games' });
  assert.deepEqual(messages(r), [
    'games_bad.csv:3: home_points: not a number: "abc"',
    'games_bad.csv:4: start_date: impossible date: "2023-13-40"',
    'games_bad.csv:5: row: expected 9 columns, found 8',
    'games_bad.csv:6: away_points: game b5 appears on lines 6, 7 with different scores (7-3 vs 7-6)',
    'games_bad.csv:7: away_points: game b5 appears on lines 6, 7 with different scores (7-3 vs 7-6)',
  ]);
  assert.deepEqual(r.dataset.games.map((g) => g.game_id), ['b1', 'b6']);
  assert.throws(() => assertNoRejects(r.rejects), {
    message: 'games_bad.csv:3: home_points: not a number: "abc" (and 4 more bad rows); nothing was loaded (--skip-bad-rows loads the rest)',
  });
});

test('identical repeated rows collapse into one', () => {
  const text = 'game_id,season,season_type,week,start_date,home_team,away_team,home_points,away_points\n' +
    'x,2023,regular,1,2023-09-01,A,B,1,2\nx,2023,regular,1,2023-09-01,A,B,1,2\n';
  const r = importTableCsv(text, { file: 'f.csv', table: 'games' });
  assert.deepEqual(r.rejects, []);
  assert.equal(r.dataset.games.length, 1);
});

test('per-field type checks', () => {
  const head = 'game_id,season,season_type,week,start_date,home_team,away_team,home_points,away_points,completed\n';
  const one = (row: string) => messages(importTableCsv(head + row + '\n', { file: 'f.csv', table: 'games' }));
  assert.deepEqual(one('a,2023,bowl,1,2023-09-01,A,B,1,2,'), ['f.csv:2: season_type: must be regular or postseason, not "bowl"']);
  assert.deepEqual(one('a,2023,regular,1.5,2023-09-01,A,B,1,2,'), ['f.csv:2: week: not a whole number: "1.5"']);
  assert.deepEqual(one('a,2023,regular,1,2023-02-30,A,B,1,2,'), ['f.csv:2: start_date: impossible date: "2023-02-30"']);
  assert.deepEqual(one('a,2023,regular,1,Sept 1,A,B,1,2,'), [
    'f.csv:2: start_date: unparseable date (want ISO 8601, e.g. 2023-09-07T20:20:00Z): "Sept 1"',
  ]);
  assert.deepEqual(one('a,2023,regular,1,2023-09-01,A,B,-3,2,'), ['f.csv:2: home_points: -3 is below 0']);
  assert.deepEqual(one('a,2023,regular,1,2023-09-01,,B,1,2,'), ['f.csv:2: home_team: missing value']);
  assert.deepEqual(one('a,2023,regular,1,2023-09-01,A,B,,,yes'), ['f.csv:2: completed: true but the scores are missing']);
  assert.deepEqual(one('a,2023,regular,1,2023-09-01,A,B,,,maybe'), ['f.csv:2: completed: not a boolean (true/false): "maybe"']);
  assert.deepEqual(one('a,2023,regular,1,2023-09-01T10:00:00-05:00,A,B,1,2,'), []);
  const g = importTableCsv(head + 'a,2023,regular,1,2023-09-01T10:00:00-05:00,A,B,1,2,\n', { file: 'f', table: 'games' });
  assert.equal(g.dataset.games[0]!.start_date, '2023-09-01T15:00:00.000Z');
});

test('--map renames file columns; errors name the file column; extra columns are reported', () => {
  const map = parseColumnMap('id=game_id, Season=season,SeasonType=season_type,Week=week,Kickoff=start_date,Home=home_team,Away=away_team,HomeScore=home_points,AwayScore=away_points', 'games');
  const r = importTableCsv(fixture('games_mapped.csv'), { file: 'm.csv', table: 'games', map });
  assert.deepEqual(r.rejects, []);
  assert.deepEqual(r.ignoredColumns, ['Notes']);
  const g = r.dataset.games[0] as Game;
  assert.equal(g.game_id, 'm1');
  assert.equal(g.home_points, 77);
  assert.equal(g.start_date, '2022-09-17T16:00:00.000Z');
  const bad = fixture('games_mapped.csv').replace(',77,', ',seventy,');
  assert.deepEqual(messages(importTableCsv(bad, { file: 'm.csv', table: 'games', map })), [
    'm.csv:2: home_points (column HomeScore): not a number: "seventy"',
  ]);
  assert.throws(() => parseColumnMap('x=home_pionts', 'games'), { message: '--map: games has no field "home_pionts" (did you mean home_points?)' });
  assert.throws(() => parseColumnMap('x', 'games'), { message: '--map: expected col=field, got "x"' });
  assert.throws(() => importTableCsv(fixture('games_mapped.csv'), { file: 'm.csv', table: 'games', map: new Map([['game_id', 'nope']]) }), {
    message: /^m\.csv:1: --map nope=game_id: the file has no column "nope"/,
  });
});

test('a header without a required column fails as a whole', () => {
  assert.throws(() => importTableCsv(fixture('games_mapped.csv'), { file: 'm.csv', table: 'games' }), {
    message: /^m\.csv:1: header: missing columns game_id, season, season_type, week, start_date, home_team, away_team, home_points, away_points of table games/,
  });
  assert.throws(() => importTableCsv('', { file: 'e.csv', table: 'games' }), { message: 'e.csv:1: header: empty file (no header row)' });
  assert.throws(() => importTableCsv('game_id,provider\n"g1,x\n', { file: 'q.csv', table: 'lines' }), { message: 'q.csv:2: row: unterminated quoted field' });
  assert.throws(() => parseTableName('line'), { message: '--table: unknown table "line" (did you mean lines?); one of games, lines, team_game' });
});

test('team_game rows must match their game', () => {
  const games = importTableCsv(fixture('games.csv'), { file: 'games.csv', table: 'games' }).dataset.games;
  const text = 'game_id,team,opponent,is_home\ng1,Auburn,Alabama,false\ng1,Middle Tennessee,Texas,false\ng1,Alabama,Middle Tennessee,false\n';
  const r = importTableCsv(text, { file: 't.csv', table: 'team_game', knownGames: games });
  assert.deepEqual(messages(r), [
    't.csv:2: team: Auburn did not play in game g1 (Middle Tennessee at Alabama)',
    "t.csv:3: opponent: Middle Tennessee's opponent in game g1 is Alabama, not Texas",
    't.csv:4: is_home: Alabama is the home team of game g1',
  ]);
});

test('rejects file: beside the input, original columns plus reasons', () => {
  assert.equal(rejectsPath('/d/games.csv'), '/d/games.rejects.csv');
  assert.equal(rejectsPath('/d/games.txt'), '/d/games.txt.rejects.csv');
  const r = importTableCsv(fixture('games_bad.csv'), { file: 'games_bad.csv', table: 'games' });
  const rows = csvToObjects(formatRejects(r.header, r.rejects));
  assert.equal(rows.length, 5);
  assert.deepEqual(rows[0], {
    game_id: 'b2', season: '2023', season_type: 'regular', week: '1', start_date: '2023-09-02T19:30:00Z',
    home_team: 'C', away_team: 'D', home_points: 'abc', away_points: '14',
    reject_line: '3', reject_field: 'home_points', reject_reason: 'not a number: "abc"',
  });
  assert.equal(rows[2]!.away_points, '');
});

test('a BOM, CRLF line ends, quoted cells with newlines and column order do not matter', () => {
  const text = '\ufeffaway_points,home_points,game_id,season,season_type,week,start_date,home_team,away_team\r\n' +
    '3,7,q,2023,regular,2,2023-09-09,"Home\r\nTeam",Away\r\n4,1,r,2023,regular,2,2023-09-09,X,Y\r\n';
  const r = importTableCsv(text, { file: 'crlf.csv', table: 'games' });
  assert.deepEqual(r.rejects, []);
  assert.deepEqual(r.dataset.games.map((g) => [g.game_id, g.home_team, g.home_points, g.away_points]), [
    ['q', 'Home\r\nTeam', 7, 3],
    ['r', 'X', 1, 4],
  ]);
  // The second record starts on physical line 4 (the quoted cell spans two lines).
  const bad = text.replace('4,1,r', 'x,1,r');
  assert.deepEqual(messages(importTableCsv(bad, { file: 'crlf.csv', table: 'games' })), ['crlf.csv:4: away_points: not a number: "x"']);
});

test('college team statistics with --map fill the pass/rush splits and explosive-play rate (the docs example)', () => {
  // docs/data-formats.md, "A complete college example": the team statistics file and its --map.
  const doc = readFileSync(fileURLToPath(new URL('../../../../docs/data-formats.md', import.meta.url)), 'utf8');
  const example = doc.split('A complete college example')[1]!;
  const text = /```csv\n(gameId,[^`]*)```/.exec(example)![1]!;
  const mapArg = /--map (\S+)/.exec(example)![1]!;
  const gamesCsv = /```csv\n(game_id,season[^`]*)```/.exec(example)![1]!;
  const knownGames = importTableCsv(gamesCsv, { file: 'games.csv', table: 'games' }).dataset.games;
  const r = importTableCsv(text, { file: 'team_stats.csv', table: 'team_game', map: parseColumnMap(mapArg, 'team_game'), knownGames });
  assert.deepEqual(r.rejects, []);
  assert.deepEqual(r.ignoredColumns, []);
  const [gt, fsu] = r.dataset.teamGames;
  assert.deepEqual(
    [gt!.team, gt!.is_home, gt!.epa_per_play, gt!.pass_epa_per_play, gt!.rush_epa_per_play, gt!.pass_success_rate, gt!.rush_success_rate, gt!.explosive_play_rate],
    ['Georgia Tech', true, 0.18, 0.31, 0.07, 0.49, 0.44, 0.103],
  );
  assert.equal(fsu!.rush_epa_per_play, -0.09);
  // A rate outside 0–1 is the row's error, named by the file's column.
  const bad = text.replace(',0.103\n', ',10.3\n');
  assert.deepEqual(messages(importTableCsv(bad, { file: 'team_stats.csv', table: 'team_game', map: parseColumnMap(mapArg, 'team_game'), knownGames })), [
    'team_stats.csv:2: explosive_play_rate (column explosivePlayRate): 10.3 is above 1',
  ]);
  // Without the columns the fields are absent (NULL in the warehouse), never zero.
  const plain = importTableCsv('game_id,team,opponent,is_home,epa_per_play\ng,A,B,true,0.1\n', { file: 't.csv', table: 'team_game', knownGames: [{ ...knownGames[0]!, game_id: 'g', home_team: 'A', away_team: 'B' }] });
  assert.equal('explosive_play_rate' in plain.dataset.teamGames[0]!, false);
});
