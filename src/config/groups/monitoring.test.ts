// An older project's conf/monitoring/alerts.yaml (the format before issue 17) still loads: the
// keys it lacks take the shipped values, the retired rules are dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { monitoringSchema } from './monitoring.ts';
import { loadConfig } from '../load.ts';
import { packageConfDir } from '../confdir.ts';

const OLD = fileURLToPath(new URL('../../../test/fixtures/monitoring/alerts-before-issue-17.yaml', import.meta.url));
const shipped = monitoringSchema.parse(parse(readFileSync(join(packageConfDir(), 'monitoring', 'alerts.yaml'), 'utf8')));

test('the pre-issue-17 alerts.yaml parses into the current rules with the shipped minimums and rollback test (its own bars kept)', () => {
  const raw = parse(readFileSync(OLD, 'utf8')) as Record<string, unknown>;
  assert.equal(raw.rollback_after_red_weeks, 2, 'the fixture is the old format');
  const m = monitoringSchema.parse(raw);
  assert.deepEqual(m, {
    rolling_weeks: 4,
    yellow: { min_bets: 30, rolling_hit_rate_below: 0.5, rolling_roi_below: -0.05, drift_p_value: 0.01 },
    orange: { min_warnings: 2, min_bets: 50, roi_below_dev_points: 5 },
    red: { season_hit_rate_below: 0.48, min_bets: 50, max_drawdown_fraction: 0.4 },
    rollback: { shift_points: 10, false_alarm: 0.05, season_weeks: 17 },
  });
  // The keys the old file lacks are the shipped file's.
  assert.equal(m.yellow.min_bets, shipped.yellow.min_bets);
  assert.equal(m.orange.min_bets, shipped.orange.min_bets);
  assert.deepEqual(m.rollback, shipped.rollback);
});

test('an older project with the old alerts.yaml composes a full configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-old-alerts-'));
  try {
    cpSync(packageConfDir(), dir, { recursive: true });
    cpSync(OLD, join(dir, 'monitoring', 'alerts.yaml'));
    const { config } = loadConfig({ confDir: dir });
    assert.equal(config.monitoring.rollback.false_alarm, 0.05);
    assert.equal(config.monitoring.yellow.min_bets, 30);
    assert.equal('rollback_after_red_weeks' in config.monitoring, false);
    assert.equal('roi_below_dev_weeks' in config.monitoring.red, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tolerance is not laxity: a misspelt or mistyped key is still refused', () => {
  const raw = parse(readFileSync(OLD, 'utf8')) as Record<string, Record<string, unknown>>;
  assert.throws(() => monitoringSchema.parse({ ...raw, yellow: { ...raw.yellow, rolling_hit_rate_belw: 0.5 } }), /rolling_hit_rate_belw/);
  assert.throws(() => monitoringSchema.parse({ ...raw, rollback_after_red_weeks: 'two' }), /rollback_after_red_weeks/);
});
