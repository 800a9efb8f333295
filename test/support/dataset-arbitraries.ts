// fast-check generators of valid warehouse datasets (test helper): every value a table can
// hold, within the rules the importers enforce (trimmed non-empty text, -0 written as 0).
import fc from 'fast-check';
import type { Dataset, Game, Line, TeamGame } from '../../src/data/schema.ts';

// Unicode text, and text made of the characters CSV must quote or escape.
const tricky = fc.string({ unit: fc.constantFrom('a', 'B', '"', ',', '\n', '\r', ' ', '\t', 'é', '1', '-', '.'), minLength: 1, maxLength: 8 });
const name = fc
  .oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), tricky)
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
const real = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((x) => (x === 0 ? 0 : x));
const nonNeg = fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e4 }).map((x) => (x === 0 ? 0 : x));
const int = fc.integer({ min: -(2 ** 31 - 1), max: 2 ** 31 - 1 });
const count = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const iso = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());

const game: fc.Arbitrary<Game> = fc
  .record({
    game_id: name,
    season: fc.integer({ min: 1869, max: 2200 }),
    season_type: fc.constantFrom('regular' as const, 'postseason' as const),
    week: fc.integer({ min: 0, max: 99 }),
    start_date: iso,
    neutral_site: fc.boolean(),
    conference_game: fc.boolean(),
    teams: fc.uniqueArray(name, { minLength: 2, maxLength: 2 }),
    home_conference: maybe(name),
    away_conference: maybe(name),
    score: maybe(fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.boolean())),
    home_rest: maybe(nonNeg),
    away_rest: maybe(nonNeg),
    sport: fc.constantFrom(undefined, 'cfb' as const, 'nfl' as const),
  })
  .map(({ teams, score, sport, ...g }): Game => ({
    game_id: g.game_id,
    season: g.season,
    season_type: g.season_type,
    week: g.week,
    start_date: g.start_date,
    neutral_site: g.neutral_site,
    conference_game: g.conference_game,
    home_team: teams[0]!,
    away_team: teams[1]!,
    home_conference: g.home_conference,
    away_conference: g.away_conference,
    home_points: score ? score[0] : null,
    away_points: score ? score[1] : null,
    completed: score ? score[2] : false,
    home_rest: g.home_rest,
    away_rest: g.away_rest,
    ...(sport === undefined ? {} : { sport }),
  }));

function lineFor(gameId: string): fc.Arbitrary<Line> {
  return fc
    .record({
      provider: name,
      spread: maybe(real),
      spread_open: maybe(real),
      total: maybe(nonNeg),
      total_open: maybe(nonNeg),
      home_moneyline: maybe(int),
      away_moneyline: maybe(int),
      spread_price_home: int,
      spread_price_away: int,
      over: maybe(int),
      under: maybe(int),
      captured_at: maybe(iso),
    })
    .map(({ over, under, ...l }) => {
      const line: Line = { game_id: gameId, ...l };
      if (over !== null) line.over_price = over;
      if (under !== null) line.under_price = under;
      return line;
    });
}

function teamGameFor(g: Game, home: boolean): fc.Arbitrary<TeamGame> {
  return fc
    .record({
      points: maybe(count),
      plays: maybe(count),
      drives: maybe(count),
      yards_per_play: maybe(real),
      success_rate: maybe(fc.double({ noNaN: true, min: 0, max: 1 }).map((x) => (x === 0 ? 0 : x))),
      epa_per_play: maybe(real),
      explosiveness: maybe(real),
      rush_yards_per_play: maybe(real),
      pass_yards_per_play: maybe(real),
      points_per_drive: maybe(real),
      splits: fc.record(
        {
          pass_epa_per_play: real,
          rush_epa_per_play: real,
          pass_success_rate: fc.double({ noNaN: true, min: 0, max: 1 }).map((x) => (x === 0 ? 0 : x)),
          rush_success_rate: fc.double({ noNaN: true, min: 0, max: 1 }).map((x) => (x === 0 ? 0 : x)),
          explosive_play_rate: fc.double({ noNaN: true, min: 0, max: 1 }).map((x) => (x === 0 ? 0 : x)),
        },
        { requiredKeys: [] },
      ),
    })
    .map(({ splits, ...s }) => ({
      game_id: g.game_id,
      team: home ? g.home_team : g.away_team,
      opponent: home ? g.away_team : g.home_team,
      is_home: home,
      ...s,
      ...splits,
    }));
}

/** A valid dataset: unique keys, every line and statistic belongs to one of its games. */
export const datasetArb: fc.Arbitrary<Dataset> = fc
  .uniqueArray(game, { selector: (g) => g.game_id, maxLength: 6 })
  .chain((games) => {
    const perGame = games.map((g) =>
      fc.record({
        lines: fc.uniqueArray(lineFor(g.game_id), { selector: (l) => l.provider, maxLength: 3 }),
        teams: fc.subarray([true, false]).chain((sides) => fc.tuple(...sides.map((h) => teamGameFor(g, h)))),
      }),
    );
    return fc.tuple(...perGame).map((parts) => ({
      games,
      lines: parts.flatMap((p) => p.lines),
      teamGames: parts.flatMap((p) => p.teams),
    }));
  });
