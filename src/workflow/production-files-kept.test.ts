// The weekly files are parsed once per content (production-files.ts keptRows): a file read again
// with the same text gives the same rows without parsing, a changed file (even one of the same
// length) is parsed afresh, a caller's changes to its rows never reach the next caller, and a
// broken file is refused every time it is read, then read normally once fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { BetRow, ScoredRow } from '../readers/dashboard-data.ts';
import { formatBets, formatScored, readBets, readScored } from './production-files.ts';

const bet = (game_id: string, edge: number): BetRow => ({
  game_id, home_team: 'H', away_team: 'A', prediction: -2.5, edge, bet_type: 'spread', recommended_units: 1, season: 2025, week: 3,
  side: 'home', line: -3, price: -110, cover_probability: 0.56, expected_value: 0.07, model_id: 'v2-001', generated_at: '2025-09-01T00:00:00.000Z',
});
const scored = (b: BetRow, result: ScoredRow['result'], units: number): ScoredRow => ({ ...b, actual_outcome: 7, result, units_won: units, closing_line: -3.5, clv: 0.5, clv_prob: 0.01 });

test('a weekly file read again: the same rows for the same text, new rows for a changed text, copies for every caller', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-kept-'));
  try {
    const file = join(dir, 'week03_bets.csv');
    writeFileSync(file, formatBets([bet('g1', 3.25), bet('g2', 4.5)]));
    const first = readBets(file);
    assert.deepEqual(first.map((r) => [r.game_id, r.edge]), [['g1', 3.25], ['g2', 4.5]]);
    first[0]!.edge = 99;
    first.pop();
    assert.deepEqual(readBets(file).map((r) => [r.game_id, r.edge]), [['g1', 3.25], ['g2', 4.5]]);
    // Same length, one digit changed: parsed again.
    writeFileSync(file, formatBets([bet('g1', 3.75), bet('g2', 4.5)]));
    assert.deepEqual(readBets(file).map((r) => r.edge), [3.75, 4.5]);

    const sfile = join(dir, 'week03_scored.csv');
    writeFileSync(sfile, formatScored([scored(bet('g1', 3.25), 'win', 0.9091), scored(bet('g2', 4.5), 'pending', 0)]));
    assert.deepEqual(readScored(sfile).map((r) => [r.result, r.units_won]), [['win', 0.9091], ['pending', 0]]);
    writeFileSync(sfile, formatScored([scored(bet('g1', 3.25), 'win', 0.9091), scored(bet('g2', 4.5), 'loss', -1)]));
    assert.deepEqual(readScored(sfile).map((r) => [r.result, r.units_won]), [['win', 0.9091], ['loss', -1]]);
    // The same path read as the other kind is parsed as that kind.
    assert.equal(readBets(sfile).length, 2);
    assert.equal('result' in readBets(sfile)[0]!, false);

    // A broken file is refused on every read, and read once fixed.
    const good = formatScored([scored(bet('g1', 3.25), 'win', 0.9091)]);
    writeFileSync(sfile, good.replace(',win,', ',won,'));
    assert.throws(() => readScored(sfile), /result won is not win, loss, push or pending/);
    assert.throws(() => readScored(sfile), /result won is not win, loss, push or pending/);
    writeFileSync(sfile, good);
    assert.deepEqual(readScored(sfile).map((r) => r.result), ['win']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
