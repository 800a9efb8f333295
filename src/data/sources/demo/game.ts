// One simulated game. Each side's points are its expected points plus "performance" noise (how
// well it actually played, which the efficiency statistics see) plus "luck" (turnover bounces,
// red-zone variance, which only the scoreboard sees). So efficiency statistics measure a team's
// latent strength with less noise than its points do: the signal a model can learn.
import type { Rng } from '../../../util/prng.ts';
import type { TeamGame } from '../../schema.ts';

export interface Latent {
  /** Points above an average offence against an average defence. */
  off: number;
  /** Points an average offence loses against this defence. */
  def: number;
  /** Plays per game. */
  tempo: number;
}

export const HFA = 2.5;
export const BASE_POINTS = 27.5;
export const AVG_TEMPO = 70;
const PERF_SD = 9.8;
const LUCK_SD = 5.2;
const SHARED_SD = 2.0;

export interface Expectation {
  home: number;
  away: number;
  margin: number;
  total: number;
  pace: number;
}

export function expectation(h: Latent, a: Latent, neutral: boolean): Expectation {
  const pace = (h.tempo + a.tempo) / (2 * AVG_TEMPO);
  const edge = neutral ? 0 : HFA / 2;
  const home = Math.max(3, (BASE_POINTS + h.off - a.def) * pace + edge);
  const away = Math.max(3, (BASE_POINTS + a.off - h.def) * pace - edge);
  return { home, away, margin: home - away, total: home + away, pace };
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function offenseStats(rng: Rng, gameId: string, team: string, opp: string, isHome: boolean, points: number, eff: number, plays: number): TeamGame {
  // At most 7 points a drive (a touchdown and the kick): big scores come with more drives.
  const drives = Math.max(7, Math.ceil(points / 7), Math.round(plays / 6.4 + rng.normal(0, 1.2)));
  return {
    game_id: gameId,
    team,
    opponent: opp,
    is_home: isHome,
    points,
    plays,
    drives,
    yards_per_play: r3(clamp(5.7 + 0.085 * eff + rng.normal(0, 0.35), 1, 12)),
    success_rate: r3(clamp(0.42 + 0.0055 * eff + rng.normal(0, 0.025), 0.1, 0.8)),
    epa_per_play: r3(0.02 + 0.0135 * eff + rng.normal(0, 0.035)),
    explosiveness: r3(clamp(1.2 + 0.008 * eff + rng.normal(0, 0.1), 0.5, 2.5)),
    rush_yards_per_play: r3(clamp(4.5 + 0.06 * eff + rng.normal(0, 0.6), -1, 12)),
    pass_yards_per_play: r3(clamp(7.0 + 0.11 * eff + rng.normal(0, 0.9), 0, 16)),
    points_per_drive: r3(points / drives),
  };
}

export interface Result {
  homePoints: number;
  awayPoints: number;
  /** The home side's luck minus the away side's (points): what the scoreboard shows and the statistics do not. */
  luckMargin: number;
  stats: [TeamGame, TeamGame];
}

export function playGame(rng: Rng, gameId: string, home: string, away: string, h: Latent, a: Latent, e: Expectation): Result {
  const perfH = rng.normal(0, PERF_SD);
  const perfA = rng.normal(0, PERF_SD);
  const shared = rng.normal(0, SHARED_SD);
  const luckH = rng.normal(0, LUCK_SD);
  const luckA = rng.normal(0, LUCK_SD);
  let hp = Math.max(0, Math.round(e.home + perfH + luckH + shared));
  let ap = Math.max(0, Math.round(e.away + perfA + luckA + shared));
  if (hp === ap) {
    // Overtime: the better side is likelier to win it, by a touchdown or a field goal.
    const extra = rng.next() < 0.6 ? 7 : 3;
    if (rng.next() < 0.5 + e.margin / 60) hp += extra;
    else ap += extra;
  }
  const tempo = (h.tempo + a.tempo) / 2;
  const playsH = Math.max(40, Math.round(tempo + rng.normal(0, 6)));
  const playsA = Math.max(40, Math.round(tempo + rng.normal(0, 6)));
  const effH = (e.home - BASE_POINTS) + perfH;
  const effA = (e.away - BASE_POINTS) + perfA;
  return {
    homePoints: hp,
    awayPoints: ap,
    luckMargin: luckH - luckA,
    stats: [
      offenseStats(rng, gameId, home, away, true, hp, effH, playsH),
      offenseStats(rng, gameId, away, home, false, ap, effA, playsA),
    ],
  };
}
