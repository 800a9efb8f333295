import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BetRow } from '../readers/dashboard-data.ts';
import { closingSigmas, scoreRows } from './score.ts';
import { formatBets, formatScored, readBets, readScored } from './production-files.ts';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

function bet(p: Partial<BetRow> & Pick<BetRow, 'game_id' | 'bet_type' | 'side' | 'line'>): BetRow {
  return {
    home_team: 'H', away_team: 'A', prediction: 0, edge: 3, recommended_units: 1, season: 2025, week: 10,
    price: -110, cover_probability: 0.55, expected_value: 0.05, model_id: 'v2-001', generated_at: '2025-11-01T00:00:00.000Z', ...p,
  };
}
type G = { completed: boolean; home_points: number | null; away_points: number | null };
const final = (home: number, away: number): G => ({ completed: true, home_points: home, away_points: away });
const none = { spread: new Map(), total: new Map() };

test('spreads: win, loss and push on integer and half-point lines at several prices', () => {
  // g1: home 24-20 (margin +4). g2: home 17-20 (margin −3).
  const games = new Map<string, { completed: boolean; home_points: number | null; away_points: number | null }>([['g1', final(24, 20)], ['g2', final(17, 20)]]);
  const bets = [
    bet({ game_id: 'g1', bet_type: 'spread', side: 'home', line: -3.5, price: -110 }), // 4 − 3.5 > 0 → win 100/110
    bet({ game_id: 'g1', bet_type: 'spread', side: 'away', line: -4, price: +120, recommended_units: 2 }), // 4 − 4 = 0 → push
    bet({ game_id: 'g1', bet_type: 'spread', side: 'away', line: -6.5, price: -105 }), // 4 − 6.5 < 0 → away wins 100/105
    bet({ game_id: 'g2', bet_type: 'spread', side: 'home', line: 2.5, price: +150, recommended_units: 2 }), // −3 + 2.5 < 0 → loss −2
    bet({ game_id: 'g2', bet_type: 'spread', side: 'home', line: 3, price: -120 }), // −3 + 3 = 0 → push
    bet({ game_id: 'g2', bet_type: 'spread', side: 'away', line: 1, price: +150, recommended_units: 2 }), // −3 + 1 < 0 → away wins 2·1.5
  ];
  const { rows, settled } = scoreRows(bets, [], games, none);
  assert.equal(settled, 6);
  assert.deepEqual(rows.map((r) => r.result), ['win', 'push', 'win', 'loss', 'push', 'win']);
  assert.deepEqual(rows.map((r) => r.units_won), [0.9091, 0, 0.9524, -2, 0, 3]);
  assert.deepEqual(rows.map((r) => r.actual_outcome), [4, 4, 4, -3, -3, -3]);
});

test('totals: over/under win, loss, push; integer and half-point totals', () => {
  const games = new Map([['g', final(30, 21)]]); // 51 points
  const rows = scoreRows([
    bet({ game_id: 'g', bet_type: 'total', side: 'over', line: 50.5, price: -110 }),
    bet({ game_id: 'g', bet_type: 'total', side: 'under', line: 50.5, price: -110 }),
    bet({ game_id: 'g', bet_type: 'total', side: 'over', line: 51, price: -115 }),
    bet({ game_id: 'g', bet_type: 'total', side: 'under', line: 52, price: +105, recommended_units: 1.5 }),
  ], [], games, none).rows;
  assert.deepEqual(rows.map((r) => [r.result, r.units_won, r.actual_outcome]), [['win', 0.9091, 51], ['loss', -1, 51], ['push', 0, 51], ['win', 1.575, 51]]);
});

test('pending while unfinished; re-scoring settles only the pending rows; CLV only when the close differs', () => {
  const b = [
    bet({ game_id: 'g1', bet_type: 'spread', side: 'home', line: -3, price: -110 }),
    bet({ game_id: 'g2', bet_type: 'total', side: 'under', line: 48, price: -110 }),
  ];
  const closing = { spread: new Map([['g1', { spread: -4.5 }]]), total: new Map([['g2', { total: 48 }]]) };
  const first = scoreRows(b, [], new Map<string, G>([['g1', final(20, 10)], ['g2', { completed: false, home_points: null, away_points: null }]]), closing);
  assert.equal(first.settled, 1);
  assert.deepEqual(first.rows.map((r) => r.result), ['win', 'pending']);
  assert.equal(first.rows[1]!.actual_outcome, null);
  assert.equal(first.rows[1]!.units_won, 0);
  // home bettor at −3 vs a −4.5 close: 1.5 points of closing-line value; equal close → no CLV
  assert.equal(first.rows[0]!.clv, 1.5);
  assert.equal(first.rows[0]!.closing_line, -4.5);
  assert.equal(first.rows[1]!.clv, null);
  // round trip through the file format
  const dir = mkdtempSync(join(tmpdir(), 'score-'));
  const f = join(dir, 'w.csv');
  writeFileSync(f, formatScored(first.rows));
  const back = readScored(f);
  assert.deepEqual(back, first.rows);
  rmSync(dir, { recursive: true });
  // a corrected score for g1 does not change its settled row; g2 is now final (27-24 = 51 > 48)
  const again = scoreRows(b, back, new Map([['g1', final(0, 10)], ['g2', final(27, 24)]]), closing);
  assert.equal(again.settled, 1);
  assert.deepEqual(again.rows[0], first.rows[0]);
  assert.deepEqual([again.rows[1]!.result, again.rows[1]!.units_won, again.rows[1]!.actual_outcome], ['loss', -1, 51]);
});

test('a malformed bets file is one clear error naming the file, row and column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bets-'));
  const f = join(dir, 'week10_bets.csv');
  try {
    const good = bet({ game_id: 'g1', bet_type: 'spread', side: 'home', line: -3 });
    writeFileSync(f, formatBets([good, { ...good, game_id: 'g2', side: 'over' }]));
    assert.throws(() => readBets(f), new RegExp(`${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: row 3: .*side over`));
    writeFileSync(f, formatBets([{ ...good, price: Number.NaN }]));
    assert.throws(() => readBets(f), /row 2: column price is not a number \(NaN\)/);
    writeFileSync(f, formatBets([good]));
    assert.deepEqual(readBets(f), [good]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLV of a model that bets at the opener: points and probability by hand; 0 where the line did not move; none for a model betting at the close', () => {
  const b = [
    bet({ game_id: 'g1', bet_type: 'spread', side: 'home', line: 7, model_id: 'v2-opener' }), // closed +5.5: 1.5 points better
    bet({ game_id: 'g2', bet_type: 'spread', side: 'away', line: -3, model_id: 'v2-opener' }), // closed −3: did not move → 0
    bet({ game_id: 'g3', bet_type: 'total', side: 'under', line: 47, model_id: 'v2-opener' }), // closed 45: under bettors want a higher number, 2 points better
    bet({ game_id: 'g1', bet_type: 'spread', side: 'away', line: 5.5, model_id: 'v2-closer' }), // a bet at the close: no CLV
  ];
  const closing = { spread: new Map([['g1', { spread: 5.5 }], ['g2', { spread: -3 }]]), total: new Map([['g3', { total: 45 }]]) };
  const games = new Map<string, G>([['g1', final(20, 24)], ['g2', final(10, 13)], ['g3', final(21, 21)]]);
  const ctx = { betLine: (id: string) => (id === 'v2-opener' ? ('opening' as const) : ('closing' as const)), sigma: { spread: 15, total: 16 } };
  const { rows } = scoreRows(b, [], games, closing, ctx);
  assert.deepEqual(rows.map((r) => r.clv), [1.5, 0, 2, null]);
  // Φ(1.5/15) − ½ = Φ(0.1) − ½ = 0.0398; Φ(2/16) − ½ = Φ(0.125) − ½ = 0.0497 (4 decimals in the file)
  assert.deepEqual(rows.map((r) => r.clv_prob), [0.0398, 0, 0.0497, null]);
  assert.deepEqual(rows.map((r) => r.closing_line), [5.5, -3, 45, 5.5]);
  // The file keeps both columns; a file scored before clv_prob existed reads as null.
  const dir = mkdtempSync(join(tmpdir(), 'score-clv-'));
  const f = join(dir, 'w.csv');
  writeFileSync(f, formatScored(rows));
  assert.match(readFileSync(f, 'utf8').split('\n')[0]!, /,closing_line,clv,clv_prob$/);
  assert.deepEqual(readScored(f).map((r) => r.clv_prob), [0.0398, 0, 0.0497, null]);
  writeFileSync(f, readFileSync(f, 'utf8').split('\n').map((l) => l.replace(/,[^,]*$/, '')).join('\n').replace(/,clv$/m, ',clv'));
  assert.deepEqual(readScored(f).map((r) => r.clv_prob), [null, null, null, null]);
  rmSync(dir, { recursive: true });
});

test('closingSigmas: the closing lines’ RMS error over earlier seasons only', () => {
  const g = (id: string, season: number, home: number, away: number) => ({ game_id: id, season, completed: true, home_points: home, away_points: away }) as never;
  const data = { games: Array.from({ length: 30 }, (_, i) => g(`a${i}`, 2024, 20, 10)).concat([g('now', 2025, 50, 0)]) };
  // every 2024 game: margin 10 against a −7 close → error 3; totals 30 against 33 → error −3; the 2025 game is left out
  const closing = { spread: new Map([...data.games].map((x: { game_id: string }) => [x.game_id, { spread: -7 }])), total: new Map([...data.games].map((x: { game_id: string }) => [x.game_id, { total: 33 }])) };
  assert.deepEqual(closingSigmas(data, closing, 2025), { spread: 3, total: 3 });
  assert.deepEqual(closingSigmas(data, closing, 2024), { spread: null, total: null });
});
