// Error rates of the weekly monitoring's decision rules (issue 17), on simulated seasons.
//
// 1. Rollback advice: the CUSUM of src/evaluation/sequential.ts, calibrated exactly as `monitor`
//    calibrates it for a champion (its development ROI and bets per season, 17-week seasons, 5%
//    false advice), then run on independent simulated seasons (another seed) where the champion's
//    true ROI is its development ROI, 5 or 10 points below it. Reported: share of 17-week seasons
//    with a rollback advice; median week of the first advice over up to four seasons (the test
//    restarting each season, as monitoring does). The old rule (red two weeks running) is shown
//    beside it for the null: ~30% false rollbacks per season in the issue.
// 2. Drift: weeks whose features are drawn from the training distribution itself (no drift at
//    all): share of weeks flagged, with the KS tests corrected by Holm across every feature and
//    market (what monitor does) and uncorrected at p < 0.01 (the old behaviour).
// 3. The other alert rules (yellow rolling performance, orange season ROI vs development, red
//    season hit rate and drawdown), run through the real assessWeek with the shipped
//    conf/monitoring/alerts.yaml on simulated 17-week seasons of one champion (flat 1-unit bets at
//    −110, no pushes, bankroll 100): share of seasons in which each rule fires at least once, and
//    the median week it first fires, at the development ROI and 5 or 10 points below it. Drift and
//    the CUSUM are left out here (measured above), so the level columns are these rules alone.
//
//   node --import tsx bench/monitoring-calibration.ts [seasons=10000] [--json]
import { loadavg } from 'node:os';
import { calibrateCusum, operatingCharacteristics } from '../src/evaluation/sequential.ts';
import { driftTest, featureReference } from '../src/evaluation/drift.ts';
import { holm } from '../src/evaluation/holm.ts';
import { Rng } from '../src/util/prng.ts';
import { assessWeek, type WeekFigures } from '../src/evaluation/alerts.ts';
import { winProbabilityForRoi } from '../src/evaluation/sequential.ts';
import { loadConfig } from '../src/config/load.ts';
import { packageConfDir } from '../src/config/confdir.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const seasons = Number(args[0] ?? 10000);
const json = process.argv.includes('--json');
const WEEKS = 17;
const t0 = Date.now();
console.log(`1-minute load average ${loadavg()[0]!.toFixed(2)}; ${seasons} simulated seasons per cell; bets at -110, no pushes`);

// 1. rollback advice
const rows: Record<string, unknown>[] = [];
console.log('\nrollback advice (CUSUM designed for a 10-point decline, calibrated to 5% per 17-week season)');
console.log('dev ROI | bets/week |     h | at dev ROI: advised (17 wk) | −5 points: advised, median week | −10 points: advised, median week');
for (const dev of [0.03, 0.06]) {
  for (const bpw of [3, 5, 10]) {
    const c = { dev_roi: dev, shift_points: 10, bets_per_week: bpw, weeks: WEEKS, false_alarm: 0.05, seasons };
    const d = calibrateCusum(c);
    const oc = [0, 5, 10].map((k) => operatingCharacteristics(d, { ...c, seed: 4242, true_roi: dev - k / 100, horizon_weeks: 4 * WEEKS }));
    const wk = (w: number | null) => (w === null ? '> 68' : String(w));
    const p = (x: number) => `${(100 * x).toFixed(1)}%`;
    console.log(
      `${p(dev).padStart(7)} | ${String(bpw).padStart(9)} | ${d.h.toFixed(2).padStart(5)} | ${p(oc[0]!.alarm_rate).padStart(26)} | ${p(oc[1]!.alarm_rate).padStart(13)}, ${wk(oc[1]!.median_week).padStart(15)} | ${p(oc[2]!.alarm_rate).padStart(14)}, ${wk(oc[2]!.median_week).padStart(15)}`,
    );
    rows.push({ dev_roi: dev, bets_per_week: bpw, h: d.h, null_rate: oc[0]!.alarm_rate, minus5: oc[1], minus10: oc[2] });
  }
}
// volume above the development volume: the calibration's assumption broken on purpose
{
  const c = { dev_roi: 0.03, shift_points: 10, bets_per_week: 10, weeks: WEEKS, false_alarm: 0.05, seasons };
  const d = calibrateCusum(c);
  const oc = operatingCharacteristics(d, { ...c, bets_per_week: 15, seed: 4242, true_roi: 0.03 });
  console.log(`sensitivity: calibrated for 10 bets/week, betting 15 at the development ROI → advised in ${(100 * oc.alarm_rate).toFixed(1)}% of seasons`);
  rows.push({ sensitivity_15_for_10: oc.alarm_rate });
}

// 2. drift false alarms
const rng = new Rng(99);
const FEATURES = 8;
const MARKETS = 2;
const refs = Array.from({ length: FEATURES * MARKETS }, () => featureReference(Array.from({ length: 4000 }, () => rng.normal(0, 1)))!);
let corrected = 0;
let raw = 0;
const nWeeks = Math.max(2000, Math.floor(seasons / 5));
for (let w = 0; w < nWeeks; w++) {
  const ps = refs.map((ref) => driftTest(ref, Array.from({ length: 60 }, () => rng.normal(0, 1)))!.p_value);
  if (holm(ps, 0.01).rejected.some(Boolean)) corrected++;
  if (ps.some((p) => p < 0.01)) raw++;
}
console.log(`\ndrift on ${nWeeks} stable weeks (${FEATURES} features × ${MARKETS} markets, 60 rows a week, reference of 4000 rows as 201 quantiles)`);
console.log(`weeks flagged: Holm at 0.01 family-wise ${(100 * corrected / nWeeks).toFixed(1)}%; uncorrected p < 0.01 per test ${(100 * raw / nWeeks).toFixed(1)}%`);
// 3. the other alert rules
const monitoring = loadConfig({ confDir: packageConfDir() }).config.monitoring;
const RULES = ['rolling_performance', 'season_roi_vs_dev', 'season_hit_rate', 'drawdown', 'level ≥ yellow', 'level ≥ orange', 'level red'] as const;
type RuleName = (typeof RULES)[number];
const ruleSeasons = Math.max(2000, Math.floor(seasons / 2));
const ruleRows: Record<string, unknown>[] = [];

/** First week (1-based) each rule fires in one simulated season; Infinity when it never does. */
function seasonRules(rng: Rng, devRoi: number, trueRoi: number, perWeek: number): Record<RuleName, number> & { nonGreenWeeks: number } {
  const p = winProbabilityForRoi(trueRoi);
  const first = Object.fromEntries(RULES.map((r) => [r, Infinity])) as Record<RuleName, number>;
  let nonGreenWeeks = 0;
  const history: WeekFigures[] = [];
  for (let w = 1; w <= WEEKS; w++) {
    const n = Math.floor(perWeek) + (rng.next() < perWeek - Math.floor(perWeek) ? 1 : 0);
    let wins = 0;
    for (let i = 0; i < n; i++) if (rng.next() < p) wins++;
    const units = wins * (100 / 110) - (n - wins);
    history.push({ season: 2025, season_type: 'regular', week: w, model_id: 'champion', bets: n, wins, losses: n - wins, pushes: 0, pending: 0, staked: n, units, clv: null });
    const a = assessWeek(history, monitoring, { dev_roi: devRoi, bankroll: 100, drift: [], sequential: null });
    const fired = new Set<RuleName>(a.reasons.map((r) => (r.rule === 'rolling_hit_rate' || r.rule === 'rolling_roi' ? 'rolling_performance' : (r.rule as RuleName))));
    if (a.level !== 'green') fired.add('level ≥ yellow'), nonGreenWeeks++;
    if (a.level === 'orange' || a.level === 'red') fired.add('level ≥ orange');
    if (a.level === 'red') fired.add('level red');
    for (const r of fired) if (RULES.includes(r)) first[r] = Math.min(first[r], w);
  }
  return { ...first, nonGreenWeeks };
}

console.log(`\nthe other alert rules (conf/monitoring/alerts.yaml as shipped; ${ruleSeasons} simulated 17-week seasons per cell; drift and CUSUM excluded)`);
console.log('dev ROI | bets/week | true ROI  | ' + RULES.map((r) => r.padStart(22)).join(' | ') + ' | weeks not green');
// 3 bets a week: a low-volume champion, where the rolling window's minimum count decides
for (const dev of [0.03, 0.06]) {
  for (const bpw of [3, 5, 10]) {
    for (const k of [0, 5, 10]) {
      const rng = new Rng(7000 + 100 * bpw + k + Math.round(dev * 1000));
      const firsts = Array.from({ length: ruleSeasons }, () => seasonRules(rng, dev, dev - k / 100, bpw));
      const cells = RULES.map((r) => {
        const weeks = firsts.map((f) => f[r]).sort((a, b) => a - b);
        const rate = weeks.filter(Number.isFinite).length / ruleSeasons;
        const median = weeks[Math.floor(ruleSeasons / 2)]!;
        return { rule: r, rate, median_week: Number.isFinite(median) ? median : null };
      });
      const label = k === 0 ? 'dev' : `dev −${k}`;
      const nonGreen = firsts.reduce((t, f) => t + f.nonGreenWeeks, 0) / (ruleSeasons * WEEKS);
      console.log(
        `${(100 * dev).toFixed(1).padStart(6)}% | ${String(bpw).padStart(9)} | ${label.padEnd(9)} | ` +
          cells.map((c) => `${(100 * c.rate).toFixed(1)}%${k > 0 ? `, wk ${c.median_week ?? '>17'}` : ''}`.padStart(22)).join(' | ') +
          ` | ${(100 * nonGreen).toFixed(1).padStart(14)}%`,
      );
      ruleRows.push({ dev_roi: dev, bets_per_week: bpw, shift_points: k, seasons: ruleSeasons, cells, non_green_weeks: nonGreen });
    }
  }
}
console.log(`\n${((Date.now() - t0) / 1000).toFixed(1)} s; 1-minute load average ${loadavg()[0]!.toFixed(2)}`);
if (json) console.log(JSON.stringify({ seasons, rollback: rows, drift: { weeks: nWeeks, holm: corrected / nWeeks, uncorrected: raw / nWeeks }, rules: ruleRows }));
