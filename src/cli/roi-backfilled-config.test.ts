// monitoring.include_backfilled: true makes the backfilled bets (predict --backfill) count as live
// performance by default, as --include-backfilled does for one command; a bad value names the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliInProcess } from '../../test/helpers/cli-in-process.ts';
import { writeSampleTree } from '../../test/helpers/artifacts-tree.ts';
import { packageConfDir } from '../config/confdir.ts';
import { formatScored } from '../workflow/production-files.ts';
import type { ScoredRow } from '../readers/dashboard-data.ts';

function backfilled(i: number, result: 'win' | 'loss'): ScoredRow {
  return {
    game_id: `bf${i}`, home_team: 'H', away_team: 'A', prediction: -7, edge: 3.5, bet_type: 'spread', recommended_units: 1, season: 2025, week: 12, side: 'home', line: -3.5, price: -110,
    cover_probability: 0.56, expected_value: 0.07, model_id: 'v2-004', generated_at: '', actual_outcome: 10, result, units_won: result === 'win' ? 100 / 110 : -1, closing_line: null, clv: null, clv_prob: null, backfilled: true,
  };
}

test('roi: monitoring.include_backfilled=true counts backfilled bets by default; the flag does it for one command', async () => {
  const t = writeSampleTree();
  writeFileSync(t.layout.scoredFile(2025, 12), formatScored([backfilled(0, 'win'), backfilled(1, 'loss'), backfilled(2, 'win')]));
  const conf = join(t.dir, 'conf');
  cpSync(packageConfDir(), conf, { recursive: true });
  const roi = async (...extra: string[]) => {
    const r = await cliInProcess(['--project', t.dir, 'roi', '--season', '2025', '--json', ...extra]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as { seasons: { bets: number }[]; backfilled: { bets: number; included: boolean } };
  };
  const off = await roi();
  assert.deepEqual(off.backfilled, { bets: 3, included: false });
  const flag = await roi('--include-backfilled');
  assert.deepEqual(flag.backfilled, { bets: 3, included: true });
  assert.equal(flag.seasons[0]!.bets, off.seasons[0]!.bets + 3);
  const alerts = join(conf, 'monitoring', 'alerts.yaml');
  const shipped = readFileSync(alerts, 'utf8');
  assert.match(shipped, /^include_backfilled: false$/m);
  writeFileSync(alerts, shipped.replace(/^include_backfilled: false$/m, 'include_backfilled: true'));
  const on = await roi();
  assert.deepEqual(on.backfilled, { bets: 3, included: true });
  assert.equal(on.seasons[0]!.bets, off.seasons[0]!.bets + 3);
  writeFileSync(alerts, shipped.replace(/^include_backfilled: false$/m, 'include_backfilled: sometimes'));
  const bad = await cliInProcess(['--project', t.dir, 'roi', '--season', '2025']);
  assert.equal(bad.code, 2, bad.stderr); // a bad configuration value is a usage error, as for every key
  assert.match(bad.stderr, /^error: invalid value for monitoring\.include_backfilled in conf\/monitoring\/alerts\.yaml: expected boolean \(got "sometimes"\)/);
});
