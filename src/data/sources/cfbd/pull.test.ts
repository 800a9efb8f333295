import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdvancedGameStat, BettingGame, Game as CfbdGame, GameTeamStats } from 'cfbd';
import { cacheFile, pullCfbd } from './pull.ts';
import { createCfbdApi, type CfbdApi, type CfbdQuery } from './client.ts';
import { rejectMessage } from '../csv/checks.ts';
import { advanced, boxScores, games, lines } from '../../../../test/fixtures/cfbd/responses.ts';

/** The API's own filtering of games by week and season type. */
const inQuery = (gs: CfbdGame[], q: { week?: number; seasonType: string }) =>
  gs.filter((g) => (q.week === undefined || g.week === q.week) && (q.seasonType === 'both' || g.seasonType === q.seasonType));

function fakeApi(data: { games?: CfbdGame[]; lines?: BettingGame[]; advanced?: AdvancedGameStat[]; boxes?: Record<string, GameTeamStats[]> } = {}) {
  const queries: string[] = [];
  const api: CfbdApi = {
    getGames: async (q) => (queries.push(`games ${JSON.stringify(q)}`), inQuery(data.games ?? games, q)),
    getLines: async (q) => (queries.push(`lines ${JSON.stringify(q)}`), data.lines ?? lines),
    getAdvancedGameStats: async (q) => (queries.push(`advanced ${JSON.stringify(q)}`), data.advanced ?? advanced),
    getGameTeamStats: async (q) => (queries.push(`box ${JSON.stringify(q)}`), (data.boxes ?? boxScores)[`${q.seasonType} ${q.week}`] ?? []),
  };
  return { api, queries };
}

function withTmp(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgelab-cfbd-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const noApi = (): CfbdApi => {
  throw new Error('the API must not be called');
};

test('pull maps games, every provider line and advanced stats; drops post-game fields', withTmp(async (dir) => {
  const { api, queries } = fakeApi();
  const r = await pullCfbd({ season: 2023, cacheDir: dir, api: () => api });
  assert.equal(r.calls, 6);
  assert.deepEqual(queries, [
    'games {"year":2023,"seasonType":"both"}',
    'lines {"year":2023,"seasonType":"both"}',
    'advanced {"year":2023,"seasonType":"both"}',
    'box {"year":2023,"seasonType":"postseason","week":1}',
    'box {"year":2023,"seasonType":"regular","week":1}',
    'box {"year":2023,"seasonType":"regular","week":2}',
  ]);
  assert.deepEqual(r.rejects, []);
  const ds = r.dataset;
  assert.deepEqual(ds.games[0], {
    game_id: '401525434', season: 2023, season_type: 'regular', week: 1, start_date: '2023-09-02T23:00:00.000Z',
    neutral_site: false, conference_game: false, home_team: 'Alabama', away_team: 'Middle Tennessee', home_conference: 'SEC',
    away_conference: 'Conference USA', home_points: 56, away_points: 7, completed: true, home_rest: null, away_rest: null, sport: 'cfb',
  });
  assert.doesNotMatch(JSON.stringify(ds), /postgame|elo|excitement|0\.9999|2019|1\.37/i);
  // The scheduled game has no score and is not completed.
  const sched = ds.games.find((g) => g.game_id === '401525999')!;
  assert.deepEqual([sched.home_points, sched.completed], [null, false]);
  // Postseason week 1 and regular week 1 are different keys.
  const rose = ds.games.find((g) => g.game_id === '401551786')!;
  assert.deepEqual([rose.season_type, rose.week, rose.neutral_site], ['postseason', 1, true]);
  // Every provider is its own row; nothing is averaged.
  assert.deepEqual(ds.lines.filter((l) => l.game_id === '401525434').map((l) => [l.provider, l.spread, l.total]), [
    ['ESPN Bet', -39.5, 55.5], ['DraftKings', -40, 55], ['Bovada', -39, 56],
  ]);
  assert.deepEqual(ds.lines[0], {
    game_id: '401525434', provider: 'ESPN Bet', spread: -39.5, spread_open: -38.5, total: 55.5, total_open: 56,
    home_moneyline: null, away_moneyline: null, spread_price_home: -110, spread_price_away: -110, captured_at: null,
  });
  assert.equal(ds.lines.length, 5);
  assert.deepEqual(ds.teamGames[0], {
    game_id: '401525434', team: 'Alabama', opponent: 'Middle Tennessee', is_home: true, points: 56, plays: 64, drives: 12,
    yards_per_play: 502 / 64, success_rate: 0.56, epa_per_play: 0.52, explosiveness: 1.31, rush_yards_per_play: 270 / 41,
    pass_yards_per_play: 232 / 23, points_per_drive: 56 / 12,
    // offense.passingPlays / rushingPlays (the fixture's ppa ± 0.1, the same success rate).
    pass_epa_per_play: 0.52 + 0.1, rush_epa_per_play: 0.52 - 0.1, pass_success_rate: 0.56, rush_success_rate: 0.56,
  });
  // Georgia and UT Martin have a box score but no advanced stats: rows with yardage only.
  assert.deepEqual(ds.teamGames.slice(4).map((t) => [t.team, t.is_home, t.points, t.plays, t.yards_per_play, t.rush_yards_per_play, t.pass_yards_per_play, t.epa_per_play]), [
    ['Georgia', true, 48, 80, 600 / 80, 200 / 40, 400 / 40, null],
    ['UT Martin', false, 7, 25, 150 / 25, null, 100 / 25, null],
  ]);
  assert.equal(ds.teamGames.length, 6);
  const mt = ds.teamGames[1]!;
  assert.deepEqual([mt.is_home, mt.points, mt.explosiveness, mt.points_per_drive], [false, 7, null, 0.5]);
  const bama = ds.teamGames.find((t) => t.game_id === '401551786' && t.team === 'Alabama')!;
  assert.deepEqual([bama.is_home, bama.points], [false, 20]);
}));

test('a re-run reads the cache and makes no call; --refresh calls again', withTmp(async (dir) => {
  const first = await pullCfbd({ season: 2023, week: 1, seasonType: 'regular', cacheDir: dir, api: () => fakeApi().api });
  assert.equal(first.calls, 4);
  assert.ok(existsSync(join(dir, 'team_box_scores', '2023_regular_week01.json')));
  const q: CfbdQuery = { year: 2023, week: 1, seasonType: 'regular' };
  assert.ok(existsSync(join(dir, 'games', '2023_regular_week01.json')));
  assert.equal(cacheFile(dir, 'lines', q), join(dir, 'lines', '2023_regular_week01.json'));
  assert.deepEqual(JSON.parse(readFileSync(cacheFile(dir, 'advanced_game_stats', q), 'utf8')), advanced);
  const again = await pullCfbd({ season: 2023, week: 1, seasonType: 'regular', cacheDir: dir, api: noApi });
  assert.equal(again.calls, 0);
  assert.deepEqual(again.dataset, first.dataset);
  const { api, queries } = fakeApi();
  const refreshed = await pullCfbd({ season: 2023, week: 1, seasonType: 'regular', cacheDir: dir, api: () => api, refresh: true });
  assert.equal(refreshed.calls, 4);
  assert.equal(queries[0], 'games {"year":2023,"seasonType":"regular","week":1}');
}));

test('the official client: key in the Authorization header, query in the URL', withTmp(async (dir) => {
  const seen: string[] = [];
  const fetch = async (req: Request) => {
    seen.push(`${req.method} ${req.url} ${req.headers.get('authorization')}`);
    const path = new URL(req.url).pathname;
    const u = new URL(req.url);
    const body =
      path === '/games' ? inQuery(games, { week: Number(u.searchParams.get('week')), seasonType: u.searchParams.get('seasonType')! }) : path === '/lines' ? lines : path === '/games/teams' ? boxScores[`${u.searchParams.get('seasonType')} ${u.searchParams.get('week')}`] : advanced;
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const r = await pullCfbd({ season: 2023, week: 1, cacheDir: dir, api: () => createCfbdApi({ apiKey: 'k3y', fetch }) });
  assert.deepEqual(seen, [
    'GET https://api.collegefootballdata.com/games?year=2023&seasonType=both&week=1 Bearer k3y',
    'GET https://api.collegefootballdata.com/lines?year=2023&seasonType=both&week=1 Bearer k3y',
    'GET https://api.collegefootballdata.com/stats/game/advanced?year=2023&seasonType=both&week=1 Bearer k3y',
    'GET https://api.collegefootballdata.com/games/teams?year=2023&seasonType=postseason&week=1 Bearer k3y',
    'GET https://api.collegefootballdata.com/games/teams?year=2023&seasonType=regular&week=1 Bearer k3y',
  ]);
  assert.equal(r.calls, 5);
  assert.equal(r.dataset.teamGames.find((t) => t.team === 'Michigan')!.yards_per_play, 288 / 72);
  assert.equal(r.dataset.games.length, 3);
}));

test('a missing key or an HTTP error is one clear message', withTmp(async (dir) => {
  const saved = process.env.CFBD_API_KEY;
  delete process.env.CFBD_API_KEY;
  try {
    await assert.rejects(pullCfbd({ season: 2023, cacheDir: dir, api: () => createCfbdApi() }), {
      name: 'UserError',
      message: /^CFBD_API_KEY is not set: get a free key at https:\/\/collegefootballdata\.com\/key/,
    });
  } finally {
    if (saved !== undefined) process.env.CFBD_API_KEY = saved;
  }
  const unauthorized = async () => new Response(JSON.stringify({ message: 'Unauthorized' }), { status: 401, headers: { 'content-type': 'application/json' } });
  await assert.rejects(pullCfbd({ season: 2023, cacheDir: dir, api: () => createCfbdApi({ apiKey: 'bad', fetch: unauthorized }) }), {
    name: 'UserError',
    message: 'CFBD API: GET https://api.collegefootballdata.com/games?year=2023&seasonType=both failed with HTTP 401: Unauthorized (check CFBD_API_KEY: the API refused the key)',
  });
  assert.equal(existsSync(join(dir, 'games')), false, 'a failed call caches nothing');
  const offline = async (): Promise<Response> => {
    throw new TypeError('fetch failed');
  };
  await assert.rejects(pullCfbd({ season: 2023, cacheDir: dir, api: () => createCfbdApi({ apiKey: 'k', fetch: offline }) }), {
    message: 'CFBD API: games: could not reach api.collegefootballdata.com: fetch failed',
  });
}));

test('lines or stats of unknown games are rejects; all-star games are skipped', withTmp(async (dir) => {
  const allstar: CfbdGame = { ...games[1]!, id: 1, seasonType: 'allstar' };
  const orphan: BettingGame = { ...lines[1]!, id: 42 };
  const { api } = fakeApi({ games: [games[0]!, allstar], lines: [lines[0]!, orphan], advanced: advanced.slice(0, 2) });
  const r = await pullCfbd({ season: 2023, cacheDir: dir, displayRoot: dir, api: () => api });
  assert.equal(r.skippedGames, 1);
  assert.deepEqual(r.dataset.games.map((g) => g.game_id), ['401525434']);
  assert.deepEqual(r.rejects.map(rejectMessage), [
    'lines/2023_both_all.json item 2: game_id: unknown game 42 (not in this input or the warehouse)',
    'lines/2023_both_all.json item 2: game_id: unknown game 42 (not in this input or the warehouse)',
  ]);
  // A game already in the warehouse makes its line known.
  const known = await pullCfbd({ season: 2023, cacheDir: dir, api: noApi, knownGames: [{ ...r.dataset.games[0]!, game_id: '42', home_team: 'Michigan', away_team: 'Alabama' }] });
  assert.deepEqual(known.rejects, []);
  assert.equal(known.dataset.lines.length, 5);
}));
