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

function row(week: number, result: ScoredRow['result'], i: number, units = 1): ScoredRow {
  const won = result === 'win' ? units * (100 / 110) : result === 'loss' ? -units : 0;
  return {
    game_id: `g${week}_${i}`, home_team: 'H', away_team: 'A', prediction: -7, edge: 3.5, bet_type: 'spread', recommended_units: units, season: 2025, week, side: 'home', line: -3.5, price: -110,
    cover_probability: 0.56, expected_value: 0.07, model_id: 'v2-002', generated_at: '', actual_outcome: result === 'pending' ? null : 10, result, units_won: won, closing_line: null, clv: null,
  };
}

test('production/bankroll.csv: settled units compound week by week; a pending week counts nothing yet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-bankroll-'));
  const layout = createLayout(dir);
  try {
    mkdirSync(layout.predictionsDir(2025), { recursive: true });
    mkdirSync(layout.scoredDir(2025), { recursive: true });
    const week = (w: number, rows: ScoredRow[], scored: boolean) => {
      writeFileSync(layout.predictionsFile(2025, w), formatBets(rows));
      if (scored) writeFileSync(layout.scoredFile(2025, w), formatScored(rows));
    };
    week(1, [row(1, 'loss', 0, 2), row(1, 'loss', 1, 2), row(1, 'win', 2, 1.1)], true); // −4 + 1 = −3
    week(2, [row(2, 'win', 0, 2.2), row(2, 'pending', 1)], true); // +2, one pending
    week(3, [row(3, 'pending', 0)], false); // predicted, not scored
    assert.equal(bankrollForWeek(layout, 100, { season: 2025, week: 1, season_type: 'regular' }), 100);
    assert.ok(Math.abs(bankrollForWeek(layout, 100, { season: 2025, week: 2, season_type: 'regular' }) - 97) < 1e-9);
    assert.ok(Math.abs(bankrollForWeek(layout, 100, { season: 2025, week: 4, season_type: 'regular' }) - 99) < 1e-9);
    writeBankrollLedger(layout, 100);
    const rows = csvToObjects(readFileSync(layout.bankrollLedger, 'utf8'));
    assert.deepEqual(Object.keys(rows[0]!), ['season', 'week', 'season_type', 'bankroll_before', 'staked', 'units', 'pending', 'bankroll_after']);
    assert.deepEqual(rows.map((r) => [r.week, r.bankroll_before, r.units, r.pending, r.bankroll_after]), [
      ['1', '100', '-3', '0', '97'],
      ['2', '97', '2', '1', '99'],
      ['3', '99', '0', '1', '99'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
