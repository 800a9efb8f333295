import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoLeague, demoFigures } from './index.ts';
import { openWarehouse } from '../../warehouse.ts';
import { fingerprint } from '../../../util/hash.ts';

const full = generateDemoLeague({ seasons: [2014, 2025], seed: 42 });

test('same seed, same league; another seed, another league', () => {
  const a = generateDemoLeague({ seasons: [2020, 2021], seed: 7 });
  const b = generateDemoLeague({ seasons: [2020, 2021], seed: 7 });
  const c = generateDemoLeague({ seasons: [2020, 2021], seed: 8 });
  assert.equal(fingerprint(a.dataset), fingerprint(b.dataset));
  assert.deepEqual([...a.truth], [...b.truth]);
  assert.notEqual(fingerprint(a.dataset), fingerprint(c.dataset));
});

test('same seed gives an identical warehouse fingerprint', async () => {
  const fps: string[] = [];
  // One season (825 games, 1,650 team rows) is enough to compare; two made the loads twice as long.
  for (let i = 0; i < 2; i++) {
    const wh = await openWarehouse(':memory:');
    await wh.load(generateDemoLeague({ seasons: [2024, 2024], seed: 42 }).dataset, { source: 'demo', params: {} });
    fps.push(await wh.seasonFingerprint(2024));
    await wh.close();
  }
  assert.equal(fps[0], fps[1]);
  assert.match(fps[0]!, /^[0-9a-f]{16}$/);
});

test('default seed: the figures the issue asks for', () => {
  const f = demoFigures(full.dataset, full.truth);
  assert.ok(f.margin_sd >= 15 && f.margin_sd <= 16, `margin sd ${f.margin_sd}`);
  assert.ok(f.closing_spread_rmse >= 15 && f.closing_spread_rmse <= 16, `closing rmse ${f.closing_spread_rmse}`);
  assert.ok(f.opening_spread_rmse > f.closing_spread_rmse && f.opening_spread_rmse < f.closing_spread_rmse + 1, `opening rmse ${f.opening_spread_rmse}`);
  assert.ok(f.oracle_hit_rate >= 0.55 && f.oracle_hit_rate <= 0.57, `oracle ${f.oracle_hit_rate}`);
  assert.ok(f.total_mean >= 50 && f.total_mean <= 60, `total mean ${f.total_mean}`);
  assert.ok(f.total_sd >= 14 && f.total_sd <= 20, `total sd ${f.total_sd}`);
  assert.ok(f.home_win_rate > 0.52 && f.home_win_rate < 0.62, `home win rate ${f.home_win_rate}`);
  assert.ok(f.line_coverage > 0.97 && f.line_coverage < 1, `line coverage ${f.line_coverage}`);
});

test('schedule: 130 teams, 10 conferences, 12 regular games each, no team twice a week, postseason', () => {
  const s2024 = full.dataset.games.filter((g) => g.season === 2024);
  const teams = new Set(s2024.flatMap((g) => [g.home_team, g.away_team]));
  assert.equal(teams.size, 130);
  assert.equal(new Set(full.teams.map((t) => t.conference)).size, 10);
  const regular = s2024.filter((g) => g.season_type === 'regular');
  const perTeam = new Map<string, number>();
  const perWeek = new Set<string>();
  for (const g of regular)
    for (const t of [g.home_team, g.away_team]) {
      perTeam.set(t, (perTeam.get(t) ?? 0) + 1);
      assert.ok(!perWeek.has(`${g.week}|${t}`), `${t} twice in week ${g.week}`);
      perWeek.add(`${g.week}|${t}`);
    }
  assert.deepEqual(new Set(perTeam.values()), new Set([12]));
  assert.equal(regular.filter((g) => g.conference_game).length, 130 * 4);
  assert.ok(regular.some((g) => g.week === 0) && regular.some((g) => g.neutral_site));
  const post = s2024.filter((g) => g.season_type === 'postseason');
  assert.equal(post.filter((g) => g.week === 1).length, 10);
  assert.ok(post.filter((g) => g.week === 2).length >= 30);
  assert.ok(post.every((g) => g.neutral_site));
  assert.match(s2024[0]!.game_id, /^demo_2024_r\d\d_\d{3}$/);
});

test('the truth stays out of the rows; lines look like a market', () => {
  for (const g of full.dataset.games.slice(0, 50)) assert.ok(!('expected_margin' in g) && !('expected_total' in g));
  const l = full.dataset.lines;
  assert.ok(l.every((x) => x.spread === null || Number.isInteger(x.spread * 2)));
  assert.ok(l.every((x) => x.spread_price_home === -110 && x.spread_price_away === -110));
  assert.ok(l.some((x) => x.home_moneyline === null) && l.some((x) => x.spread_open === null));
  const fav = l.find((x) => x.spread !== null && x.spread < -7 && x.home_moneyline !== null)!;
  assert.ok(fav.home_moneyline! < -100 && fav.away_moneyline! > 100);
});

test('efficiency statistics carry the latent strength', () => {
  // Per game: EPA per play of the home side against the true expected home points advantage.
  const truth = full.truth;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const t of full.dataset.teamGames) {
    if (!t.is_home) continue;
    xs.push(truth.get(t.game_id)!.expected_margin + truth.get(t.game_id)!.expected_total);
    ys.push(t.epa_per_play!);
  }
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const r = sxy / Math.sqrt(sxx * syy);
  assert.ok(r > 0.3 && r < 0.9, `correlation ${r}`);
});
