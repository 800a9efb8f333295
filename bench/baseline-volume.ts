// Baseline volume on real-shaped leagues (issue 17): does the shipped v2-001 (a plain power
// rating, no market input, conf/experiment/v2-001.yaml) place at least 150 spread bets over the
// development seasons of an NFL-sized and a college-sized league, with the shipped betting policy
// (edge ≥ 1 point, cover ≥ 0.524, at most 12 bets a week across spread and total)?
//
// No real data set ships with edgelab, so both leagues are simulated at real size and noise:
// - NFL-like: 32 teams, 17 games in 18 weeks (one bye each), a 13-game postseason (wild card →
//   Super Bowl, as nflverse labels it: weeks 19-22), seasons 2015-2024 (test 2024, development
//   2021-2023 under conf/league/nfl.yaml). True ratings sd 6 points, 55% carried into the next
//   season, home field 1.8. The market is efficient: the closing spread is the margin the teams'
//   strengths imply, and the game adds what nobody knows before kickoff — N(0, 2) of game-day
//   news, then N(0, 13) of play (closing RMSE ≈ 13.2, the real NFL figure); totals likewise
//   (44 ± offences). A power rating can only lose the vig against such a line, as against a real one.
// - college-like: the demo league itself (130 FBS-sized teams, ~830 games a season, closing RMSE
//   ≈ 15.6), development seasons 2021-2023 under the demo profile (the cfb profile's FBS filter
//   names real conferences, which the demo's fictional ones are not; its other keys are the same).
// Each league is drawn from a few seeds; the table shows spread bets, hit rate and ROI of v2-001
// over the development seasons, and how far its predictions sit from the line (the reason it
// bets: its disagreement with the close is several points in most games).
//
//   node --import tsx bench/baseline-volume.ts [seeds=3] [--json]
import { loadavg } from 'node:os';
import { generateDemoLeague } from '../src/data/sources/demo/league.ts';
import { loadConfig } from '../src/config/load.ts';
import { packageConfDir } from '../src/config/confdir.ts';
import { seasonRoles } from '../src/evaluation/walkforward.ts';
import { evaluateSeasons } from '../src/workflow/train/train.ts';
import { backtest } from '../src/evaluation/backtest.ts';
import { silentProgress } from '../src/util/progress.ts';
import { Rng } from '../src/util/prng.ts';
import type { Dataset, Game, Line } from '../src/data/schema.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const nSeeds = Number(args[0] ?? 3);
const json = process.argv.includes('--json');

const half = (x: number) => Math.round(x * 2) / 2 || 0;

/** An NFL-shaped league (see the header); pure in the seed. */
export function nflLikeLeague(seed: number, first = 2015, last = 2024): Dataset {
  const rng = new Rng(seed);
  const teams = Array.from({ length: 32 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`);
  let rating = teams.map(() => rng.normal(0, 6));
  let offence = teams.map(() => rng.normal(0, 3));
  const games: Game[] = [];
  const lines: Line[] = [];
  const HFA = 1.8;
  for (let season = first; season <= last; season++) {
    if (season > first) {
      rating = rating.map((r) => 0.55 * r + rng.normal(0, 6 * Math.sqrt(1 - 0.55 ** 2)));
      offence = offence.map((o) => 0.55 * o + rng.normal(0, 3 * Math.sqrt(1 - 0.55 ** 2)));
    }
    const wins = teams.map(() => 0);
    const kickoff = (week: number, slot: number) => new Date(Date.UTC(season, 8, 7 + 7 * (week - 1), 17 + 3 * (slot % 3))).toISOString().replace('.000Z', 'Z');
    const play = (st: 'regular' | 'postseason', week: number, h: number, a: number, slot: number, neutral: boolean) => {
      const id = `nfl_${season}_${String(week).padStart(2, '0')}_${teams[a]}_${teams[h]}`;
      const trueMargin = rating[h]! - rating[a]! + (neutral ? 0 : HFA);
      const trueTotal = 44 + offence[h]! + offence[a]!;
      const margin = trueMargin + rng.normal(0, 2) + rng.normal(0, 13);
      const total = Math.max(6, trueTotal + rng.normal(0, 2) + rng.normal(0, 13));
      let hp = Math.max(0, Math.round((total + margin) / 2));
      let ap = Math.max(0, Math.round((total - margin) / 2));
      if (hp === ap) (rng.next() < 0.5 + trueMargin / 40 ? (hp += 3) : (ap += 3));
      games.push({
        game_id: id, season, season_type: st, week, start_date: kickoff(week, slot), neutral_site: neutral, conference_game: false,
        home_team: teams[h]!, away_team: teams[a]!, home_conference: null, away_conference: null, home_points: hp, away_points: ap, completed: true, sport: 'nfl',
      });
      const spread = half(-trueMargin);
      lines.push({
        game_id: id, provider: 'consensus', spread, spread_open: half(-(trueMargin + rng.normal(0, 1.5))), total: half(trueTotal), total_open: null,
        home_moneyline: null, away_moneyline: null, spread_price_home: -110, spread_price_away: -110, over_price: -110, under_price: -110,
        captured_at: new Date(Date.parse(kickoff(week, slot)) - 3_600_000).toISOString(),
      });
      if (hp > ap) wins[h]!++;
      else wins[a]!++;
      return hp > ap ? h : a;
    };
    // 18 weeks, one bye per team in weeks 6-14 (32 byes over 9 weeks: 4 teams, then 2 in the last)
    const byeWeek = teams.map((_, i) => 6 + Math.floor(i / 4) % 9);
    for (let week = 1; week <= 18; week++) {
      const playing = teams.map((_, i) => i).filter((i) => byeWeek[i] !== week);
      for (let i = playing.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [playing[i], playing[j]] = [playing[j]!, playing[i]!];
      }
      for (let k = 0; k + 1 < playing.length; k += 2) play('regular', week, playing[k]!, playing[k + 1]!, k / 2, false);
    }
    // postseason: 7 teams of each half by wins; wild card (2 v 7, 3 v 6, 4 v 5), divisional, conference, Super Bowl
    const seeds = [0, 16].map((off) => teams.map((_, i) => i).slice(off, off + 16).sort((x, y) => wins[y]! - wins[x]! || x - y).slice(0, 7));
    const champs = seeds.map((s, c) => {
      const wc = [play('postseason', 19, s[1]!, s[6]!, c * 3, false), play('postseason', 19, s[2]!, s[5]!, c * 3 + 1, false), play('postseason', 19, s[3]!, s[4]!, c * 3 + 2, false)];
      const left = [s[0]!, ...wc].sort((x, y) => s.indexOf(x) - s.indexOf(y));
      const div = [play('postseason', 20, left[0]!, left[3]!, c * 2, false), play('postseason', 20, left[1]!, left[2]!, c * 2 + 1, false)].sort((x, y) => s.indexOf(x) - s.indexOf(y));
      return play('postseason', 21, div[0]!, div[1]!, c, false);
    });
    play('postseason', 22, champs[0]!, champs[1]!, 0, true);
  }
  return { games, lines, teamGames: [] };
}

interface Row {
  league: string;
  seed: number;
  dev: number[];
  games_per_season: number;
  spread_bets: number;
  hit: number;
  roi: number;
  median_abs_disagreement: number;
  share_ge_1: number;
}

async function measure(league: string, seed: number, data: Dataset, profile: string): Promise<Row> {
  const { config } = loadConfig({ confDir: packageConfDir(), overrides: [`league=${profile}`, 'experiment=v2-001'] });
  const roles = seasonRoles(data.games, config.evaluation);
  const ev = await evaluateSeasons(data, config, roles.dev, silentProgress);
  const { records, bets } = backtest(ev.predictions, config.betting);
  const dev = new Set(roles.dev);
  const spread = bets.filter((b) => b.bet_type === 'spread' && dev.has(b.season));
  const w = spread.filter((b) => b.result === 'win').length;
  const l = spread.filter((b) => b.result === 'loss').length;
  const units = spread.reduce((s, b) => s + b.units_won, 0);
  const staked = spread.reduce((s, b) => s + b.recommended_units, 0);
  const gaps = records.filter((r) => r.market === 'spread' && r.line !== null && r.eligible && dev.has(r.season)).map((r) => Math.abs(r.prediction + r.line!)).sort((a, b) => a - b);
  const perSeason = data.games.filter((g) => g.season === roles.dev[0]).length;
  return {
    league, seed, dev: roles.dev, games_per_season: perSeason, spread_bets: spread.length, hit: w / (w + l), roi: units / staked,
    median_abs_disagreement: gaps[Math.floor(gaps.length / 2)]!, share_ge_1: gaps.filter((g) => g >= 1).length / gaps.length,
  };
}

const t0 = Date.now();
console.log(`1-minute load average ${loadavg()[0]!.toFixed(2)}; v2-001 as shipped, both markets, shipped betting policy; ${nSeeds} seeds per league`);
const rows: Row[] = [];
for (let s = 0; s < nSeeds; s++) rows.push(await measure('NFL-like (32 teams)', 100 + s, nflLikeLeague(100 + s), 'nfl'));
for (let s = 0; s < nSeeds; s++) rows.push(await measure('college-like (demo, 130 teams)', 42 + s, generateDemoLeague({ seasons: [2014, 2024], seed: 42 + s }).dataset, 'demo'));
console.log('league                         | seed | dev seasons    | games/season | spread bets | hit rate |    ROI | median |pred − line| | share ≥ 1 point');
for (const r of rows) {
  console.log(
    `${r.league.padEnd(30)} | ${String(r.seed).padStart(4)} | ${r.dev.join(',').padEnd(14)} | ${String(r.games_per_season).padStart(12)} | ${String(r.spread_bets).padStart(11)} | ${(100 * r.hit).toFixed(1).padStart(7)}% | ${(100 * r.roi).toFixed(1).padStart(5)}% | ${r.median_abs_disagreement.toFixed(2).padStart(20)} | ${(100 * r.share_ge_1).toFixed(1).padStart(14)}%`,
  );
}
console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s; 1-minute load average ${loadavg()[0]!.toFixed(2)}`);
if (json) console.log(JSON.stringify(rows));
