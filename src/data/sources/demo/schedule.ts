// A realistic regular season: 8 conference games (a round-robin slice, conference-wide byes) in
// weeks 5-14 and 4 non-conference games in weeks 1-4, a few moved to week 0 or to November, a
// few at neutral sites. Postseason: conference championships (week 1) and bowls (week 2).
import type { Rng } from '../../../util/prng.ts';
import type { DemoTeam } from './teams.ts';

export interface Fixture {
  season_type: 'regular' | 'postseason';
  week: number;
  home: string;
  away: string;
  neutral: boolean;
  conference: boolean;
}

export const LAST_REGULAR_WEEK = 14;

class HomeBalance {
  private homes = new Map<string, number>();
  pick(rng: Rng, a: string, b: string): [string, string] {
    const ha = this.homes.get(a) ?? 0;
    const hb = this.homes.get(b) ?? 0;
    const aHome = ha < hb || (ha === hb && rng.next() < 0.5);
    const home = aHome ? a : b;
    this.homes.set(home, (this.homes.get(home) ?? 0) + 1);
    return aHome ? [a, b] : [b, a];
  }
}

/** Circle-method round robin of an even-sized list: n-1 rounds of n/2 pairs. */
function roundRobin(teams: string[]): [string, string][][] {
  const n = teams.length;
  const rounds: [string, string][][] = [];
  const rot = teams.slice(1);
  for (let r = 0; r < n - 1; r++) {
    const order = [teams[0]!, ...rot];
    const pairs: [string, string][] = [];
    for (let i = 0; i < n / 2; i++) pairs.push([order[i]!, order[n - 1 - i]!]);
    rounds.push(pairs);
    rot.unshift(rot.pop()!);
  }
  return rounds;
}

/** One round of non-conference pairs: a perfect matching across conferences, no rematches. */
function crossMatching(rng: Rng, teams: DemoTeam[], played: Set<string>): [string, string][] {
  const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  for (let attempt = 0; attempt < 200; attempt++) {
    const pool = rng.shuffle(teams.slice());
    const pairs: [string, string][] = [];
    const used = new Set<string>();
    let ok = true;
    for (const a of pool) {
      if (used.has(a.name)) continue;
      const b = pool.find((t) => !used.has(t.name) && t.name !== a.name && t.conference !== a.conference && !played.has(pairKey(a.name, t.name)));
      if (!b) {
        ok = false;
        break;
      }
      used.add(a.name).add(b.name);
      pairs.push([a.name, b.name]);
    }
    if (ok) {
      for (const [a, b] of pairs) played.add(pairKey(a, b));
      return pairs;
    }
  }
  throw new Error('demo schedule: no cross-conference matching found');
}

export function regularSeason(rng: Rng, teams: DemoTeam[]): Fixture[] {
  const balance = new HomeBalance();
  const fixtures: Fixture[] = [];
  const busy = new Map<number, Set<string>>();
  const book = (week: number, a: string, b: string) => {
    if (!busy.has(week)) busy.set(week, new Set());
    busy.get(week)!.add(a).add(b);
  };
  const free = (week: number, a: string, b: string) => !busy.get(week)?.has(a) && !busy.get(week)?.has(b);

  const conferences = [...new Set(teams.map((t) => t.conference))];
  for (const conf of conferences) {
    const members = rng.shuffle(teams.filter((t) => t.conference === conf).map((t) => t.name));
    const rounds = rng.shuffle(roundRobin(members)).slice(0, 8);
    // 8 of the 10 weeks 5-14 in order: two conference-wide byes.
    const weeks = rng.shuffle([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]).slice(0, 8).sort((a, b) => a - b);
    rounds.forEach((pairs, r) => {
      for (const [a, b] of pairs) {
        const [home, away] = balance.pick(rng, a, b);
        fixtures.push({ season_type: 'regular', week: weeks[r]!, home, away, neutral: false, conference: true });
        book(weeks[r]!, home, away);
      }
    });
  }
  const played = new Set<string>();
  for (let round = 1; round <= 4; round++) {
    for (const [a, b] of crossMatching(rng, teams, played)) {
      let week = round;
      const u = rng.next();
      if (round === 1 && u < 0.08) week = 0; // a handful of week-0 openers
      else if (round === 4 && u < 0.2) {
        const late = rng.next() < 0.5 ? 11 : 12; // a November non-conference game, if both are free
        if (free(late, a, b)) week = late;
      }
      const neutral = round <= 2 && rng.next() < 0.05; // kickoff classics at neutral sites
      const [home, away] = balance.pick(rng, a, b);
      fixtures.push({ season_type: 'regular', week, home, away, neutral, conference: false });
      book(week, home, away);
    }
  }
  return fixtures;
}

export interface TeamRecord {
  wins: number;
  confWins: number;
  pointDiff: number;
}

/** Conference championships: the top two of each conference by conference wins, then wins, then point difference. */
export function championships(teams: DemoTeam[], records: Map<string, TeamRecord>): Fixture[] {
  const out: Fixture[] = [];
  for (const conf of [...new Set(teams.map((t) => t.conference))]) {
    const ranked = teams
      .filter((t) => t.conference === conf)
      .map((t) => ({ name: t.name, r: records.get(t.name)! }))
      .sort((x, y) => y.r.confWins - x.r.confWins || y.r.wins - x.r.wins || y.r.pointDiff - x.r.pointDiff || (x.name < y.name ? -1 : 1));
    out.push({ season_type: 'postseason', week: 1, home: ranked[0]!.name, away: ranked[1]!.name, neutral: true, conference: true });
  }
  return out;
}

/** Bowls: bowl-eligible teams (6+ wins), best first, each paired with the next team of another conference. */
export function bowls(rng: Rng, teams: DemoTeam[], records: Map<string, TeamRecord>, maxBowls = 41): Fixture[] {
  const conf = new Map(teams.map((t) => [t.name, t.conference]));
  const eligible = teams
    .map((t) => ({ name: t.name, r: records.get(t.name)! }))
    .filter((x) => x.r.wins >= 6)
    .sort((x, y) => y.r.wins - x.r.wins || y.r.pointDiff - x.r.pointDiff || (x.name < y.name ? -1 : 1))
    .slice(0, maxBowls * 2)
    .map((x) => x.name);
  const out: Fixture[] = [];
  const used = new Set<string>();
  for (const a of eligible) {
    if (used.has(a)) continue;
    const b = eligible.find((t) => !used.has(t) && t !== a && conf.get(t) !== conf.get(a));
    if (!b) continue;
    used.add(a).add(b);
    const aHome = rng.next() < 0.5;
    out.push({ season_type: 'postseason', week: 2, home: aHome ? a : b, away: aHome ? b : a, neutral: true, conference: false });
  }
  return out;
}
