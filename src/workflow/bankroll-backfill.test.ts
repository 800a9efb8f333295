import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createLayout } from '../artifacts/layout.ts';
import { csvToObjects } from '../util/csv.ts';
import type { ScoredRow } from '../readers/dashboard-data.ts';
import { bankrollForWeek, writeBankrollLedger } from './bankroll.ts';
import { formatBets, formatScored } from './production-files.ts';

function row(week: number, result: ScoredRow['result'], i: number, units: number, backfilled: boolean): ScoredRow {
  const won = result === 'win' ? units * (100 / 110) : result === 'loss' ? -units : 0;
  return {
    game_id: `g${week}_${i}`, home_team: 'H', away_team: 'A', prediction: -7, edge: 3.5, bet_type: 'spread', recommended_units: units, season: 2025, week, side: 'home', line: -3.5, price: -110,
    cover_probability: 0.56, expected_value: 0.07, model_id: 'v2-002', generated_at: '', actual_outcome: result === 'pending' ? null : 10, result, units_won: won, closing_line: null, clv: null, clv_prob: null,
    ...(backfilled ? { backfilled: true } : {}),
  };
}

test('production/bankroll.csv: backfilled bets (predicted after kickoff) never move the bankroll', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-bankroll-bf-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const layout = createLayout(dir);
  const weeks: { week: number; rows: ScoredRow[]; scored: boolean }[] = [
    // week 1: backfilled, two 11-unit winners (+20 units) that were never placed
    { week: 1, rows: [row(1, 'win', 0, 11, true), row(1, 'win', 1, 11, true)], scored: true },
    // week 2: live, one 2-unit loser (−2)
    { week: 2, rows: [row(2, 'loss', 0, 2, false)], scored: true },
    // week 3: backfilled and not scored yet: nothing pending in the ledger either
    { week: 3, rows: [row(3, 'pending', 0, 5, true)], scored: false },
  ];
  for (const dir of [layout.predictionsDir(2025), layout.scoredDir(2025)]) mkdirSync(dir, { recursive: true });
  for (const w of weeks) {
    writeFileSync(layout.predictionsFile(2025, w.week), formatBets(w.rows));
    if (w.scored) writeFileSync(layout.scoredFile(2025, w.week), formatScored(w.rows));
  }
  assert.equal(bankrollForWeek(layout, 100, { season: 2025, week: 2, season_type: 'regular' }), 100);
  assert.equal(bankrollForWeek(layout, 100, { season: 2025, week: 4, season_type: 'regular' }), 98);
  writeBankrollLedger(layout, 100);
  const rows = csvToObjects(readFileSync(layout.bankrollLedger, 'utf8'));
  assert.deepEqual(rows.map((r) => [r.week, r.bankroll_before, r.staked, r.units, r.pending, r.bankroll_after]), [
    ['1', '100', '0', '0', '0', '100'],
    ['2', '100', '2', '-2', '0', '98'],
    ['3', '98', '0', '0', '0', '98'],
  ]);
});
