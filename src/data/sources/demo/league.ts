// generateDemoLeague: a deterministic simulated college league (pure: same options, same rows).
// Latent strengths carry across seasons (regression to the conference mean plus change) and
// drift within a season; the market prices every game before it is played; results update it.
import { Rng } from '../../../util/prng.ts';
import type { Dataset, Game, Line, TeamGame } from '../../schema.ts';
import { expectation, playGame, AVG_TEMPO, type Latent } from './game.ts';
import { makeLine, Market, MARKET_TOTAL_BASE } from './market.ts';
import { bowls, championships, regularSeason, LAST_REGULAR_WEEK, type Fixture, type TeamRecord } from './schedule.ts';
import { demoTeams, isPower, type DemoTeam } from './teams.ts';

export interface DemoOptions {
  /** First and last season, inclusive. */
  seasons: [number, number];
  seed: number;
}

export interface GameTruth {
  expected_margin: number;
  expected_total: number;
}

export interface DemoLeague {
  dataset: Dataset;
  /** The true expected home margin and total of every game: for tests and studies, never for the warehouse. */
  truth: Map<string, GameTruth>;
  teams: DemoTeam[];
}

export const DEMO_ID_PREFIX = 'demo_';
// A team's latent strength is a rating (offence + defence, points above average) and a style
// (offence - defence): good teams tend to be good on both sides, so expected totals vary less
// than expected margins, as in the real game.
const RATING_SD = 10; // sd of the rating within a conference
const STYLE_SD = 5;
const CONF_EDGE = 4.5; // power conferences rate this much above average, the others below
const CARRY = 0.7; // year-to-year correlation of latent strength
const WEEKLY_DRIFT = 0.35;

function conferenceMean(conference: string): number {
  return isPower(conference) ? CONF_EDGE : -CONF_EDGE;
}

/** Saturday of week 0: the last Saturday of August. */
function weekZero(season: number): number {
  const d = new Date(Date.UTC(season, 7, 31));
  d.setUTCDate(31 - ((d.getUTCDay() + 1) % 7));
  return d.getTime();
}

const DAY = 86_400_000;
const KICKOFFS = [16, 19.5, 23, 26.5]; // hours after midnight UTC of the Saturday

function kickoff(rng: Rng, f: Fixture, season: number): string {
  const base = weekZero(season);
  let day: number;
  if (f.season_type === 'regular') day = base + 7 * f.week * DAY;
  else if (f.week === 1) day = base + 7 * (LAST_REGULAR_WEEK + 1) * DAY;
  else day = base + 7 * (LAST_REGULAR_WEEK + 3) * DAY + rng.int(14) * DAY;
  return new Date(day + KICKOFFS[rng.int(KICKOFFS.length)]! * 3_600_000).toISOString().replace('.000Z', 'Z');
}

function fromRating(rating: number, style: number, tempo: number): Latent {
  return { off: (rating + style) / 2, def: (rating - style) / 2, tempo };
}

function newSeasonLatent(rng: Rng, prev: Latent, conference: string): Latent {
  const mu = conferenceMean(conference);
  const change = Math.sqrt(1 - CARRY * CARRY);
  const rating = mu + CARRY * (prev.off + prev.def - mu) + rng.normal(0, RATING_SD * change);
  const style = CARRY * (prev.off - prev.def) + rng.normal(0, STYLE_SD * change);
  return fromRating(rating, style, AVG_TEMPO + CARRY * (prev.tempo - AVG_TEMPO) + rng.normal(0, 4 * change));
}

export function generateDemoLeague(opts: DemoOptions): DemoLeague {
  const [first, last] = opts.seasons;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first > last) throw new Error(`invalid demo seasons ${first}-${last}`);
  const rng = new Rng(opts.seed);
  const teams = demoTeams();
  const confOf = new Map(teams.map((t) => [t.name, t.conference]));
  const latent = new Map<string, Latent>();
  const market = new Market();
  for (const t of teams) {
    const mu = conferenceMean(t.conference);
    const l = fromRating(rng.normal(mu, RATING_SD), rng.normal(0, STYLE_SD), rng.normal(AVG_TEMPO, 4));
    latent.set(t.name, l);
    market.seed(t.name, l.off + l.def, expectation(l, l, true).total / 2 - MARKET_TOTAL_BASE / 2, rng);
  }
  const games: Game[] = [];
  const lines: Line[] = [];
  const teamGames: TeamGame[] = [];
  const truth = new Map<string, GameTruth>();

  for (let season = first; season <= last; season++) {
    if (season > first) {
      for (const t of teams) latent.set(t.name, newSeasonLatent(rng, latent.get(t.name)!, t.conference));
      market.newSeason((team) => confOf.get(team)!);
    }
    const records = new Map<string, TeamRecord>(teams.map((t) => [t.name, { wins: 0, confWins: 0, pointDiff: 0 }]));
    const lastPlayed = new Map<string, number>();
    const playWeek = (fixtures: Fixture[]) => {
      fixtures.sort((x, y) => (x.home < y.home ? -1 : x.home > y.home ? 1 : 0));
      const st = fixtures[0]!.season_type;
      const ww = String(fixtures[0]!.week).padStart(2, '0');
      const played: [Fixture, number, number, number][] = [];
      fixtures.forEach((f, i) => {
        const gameId = `${DEMO_ID_PREFIX}${season}_${st === 'regular' ? 'r' : 'p'}${ww}_${String(i + 1).padStart(3, '0')}`;
        const h = latent.get(f.home)!;
        const a = latent.get(f.away)!;
        const e = expectation(h, a, f.neutral);
        const start = kickoff(rng, f, season);
        const t0 = Date.parse(start);
        const rest = (team: string) => (lastPlayed.has(team) ? Math.round((t0 - lastPlayed.get(team)!) / DAY) : null);
        const line = makeLine(rng, {
          gameId,
          kickoff: start,
          trueMargin: e.margin,
          trueTotal: e.total,
          marketMargin: market.margin(f.home, f.away, f.neutral),
          marketTotal: market.total(f.home, f.away),
          chase: market.chase(f.home, f.away),
        });
        if (line) lines.push(line);
        const r = playGame(rng, gameId, f.home, f.away, h, a, e);
        games.push({
          game_id: gameId,
          season,
          season_type: f.season_type,
          week: f.week,
          start_date: start,
          neutral_site: f.neutral,
          conference_game: f.conference,
          home_team: f.home,
          away_team: f.away,
          home_conference: confOf.get(f.home)!,
          away_conference: confOf.get(f.away)!,
          home_points: r.homePoints,
          away_points: r.awayPoints,
          completed: true,
          home_rest: rest(f.home),
          away_rest: rest(f.away),
        });
        teamGames.push(...r.stats);
        truth.set(gameId, { expected_margin: e.margin, expected_total: e.total });
        lastPlayed.set(f.home, t0);
        lastPlayed.set(f.away, t0);
        played.push([f, r.homePoints, r.awayPoints, r.luckMargin]);
      });
      // The market sees the week's results only after the week is over.
      for (const [f, hp, ap, luck] of played) {
        market.observe(f.home, f.away, f.neutral, hp - ap, hp + ap, luck);
        if (f.season_type !== 'regular') continue;
        const rh = records.get(f.home)!;
        const ra = records.get(f.away)!;
        const winner = hp > ap ? rh : ra;
        winner.wins++;
        if (f.conference) winner.confWins++;
        rh.pointDiff += hp - ap;
        ra.pointDiff += ap - hp;
      }
      market.weekPassed();
      for (const l of latent.values()) {
        l.off += rng.normal(0, WEEKLY_DRIFT);
        l.def += rng.normal(0, WEEKLY_DRIFT);
      }
    };
    const regular = regularSeason(rng, teams);
    for (let w = 0; w <= LAST_REGULAR_WEEK; w++) {
      const wk = regular.filter((f) => f.week === w);
      if (wk.length) playWeek(wk);
    }
    // Bowl invitations go out on the regular-season record, before the championship games.
    const bowlGames = bowls(rng, teams, records);
    playWeek(championships(teams, records));
    playWeek(bowlGames);
  }
  return { dataset: { games, lines, teamGames }, truth, teams };
}
