// End to end: promote-test → promote → rollback through the real CLI, and a promotion killed at
// every step: the champion is always the old one or the new one, and the next command completes
// the records exactly once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLayout } from '../../src/artifacts/layout.ts';
import { inspectLink, readChampion } from '../../src/artifacts/champion.ts';
import { readRegisteredModel } from '../../src/tracking/filestore-reader.ts';

const BIN = fileURLToPath(new URL('../../bin/edgelab.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'edgelab-promo-e2e-'));
const base = join(root, 'base');
const cli = (dir: string, args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [BIN, '--project', dir, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
};
const SMALL = ['evaluation.first_season=2016', 'evaluation.exclude_seasons=[]', 'evaluation.dev_seasons=2'];

before(() => {
  for (const args of [
    ['init', '-q'],
    ['data', 'demo', '--seasons', '2016-2020', '--live-season', 'none', '--quiet'],
    ['train', 'experiment=v2-001', ...SMALL, '--quiet'],
    ['train', 'experiment=v2-002', ...SMALL, '--quiet'],
  ]) {
    const r = cli(base, args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
  }
});
after(() => rmSync(root, { recursive: true, force: true }));

test('promote-test writes the gate JSON; promote needs a benchmark and a passed test; rollback swaps back', () => {
  const dir = join(root, 'flow');
  cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
  let r = cli(dir, ['promote-test', '--baseline', 'v2-001', '--candidate', 'v2-002', '--json']);
  const t = JSON.parse(r.out);
  assert.equal(r.code, t.passed ? 0 : 1, 'exit 1 when the candidate does not pass');
  const file = JSON.parse(readFileSync(join(dir, 'artifacts/experiments/promotion_tests/v2-002_vs_baseline.json'), 'utf8'));
  assert.deepEqual(file, t);
  assert.deepEqual(Object.keys(t), ['baseline_id', 'candidate_id', 'phase', 'market', 'baseline_roi', 'candidate_roi', 'improvement', 'p_value', 'confidence', 'ci95', 'passed', 'gates', 'n_common_games', 'n_bootstrap', 'seed', 'block', 'overrides', 'created_at']);
  assert.equal(t.phase, 2);
  assert.equal(t.n_bootstrap, 10000);
  assert.equal(t.block, 'week');
  assert.ok(Math.abs(t.p_value - (1 - t.confidence)) < 1e-12);
  assert.deepEqual(Object.keys(t.gates), ['performance', 'volume', 'significance', 'stability', 'no_degradation']);
  assert.equal(t.passed, Object.values(t.gates).every((g) => (g as { passed: boolean }).passed));
  const text = cli(dir, ['promote-test', '--baseline', 'v2-001', '--candidate', 'v2-002']);
  assert.equal(text.code, t.passed ? 0 : 1);
  assert.match(text.out, t.passed ? /PASSED — eligible for promotion/ : /NOT PASSED — keep the baseline/);
  for (const line of text.out.split('\n')) assert.ok(line.length <= 100, `fits 100 columns: ${line}`);

  r = cli(dir, ['promote', 'v2-002']);
  assert.equal(r.code, 1);
  assert.match(r.err, /no champion yet; establish the phase-1 benchmark first/);
  r = cli(dir, ['promote', 'v2-001']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /established benchmark v2-001/);
  r = cli(dir, ['promote', 'v2-002', ...(t.passed ? [] : ['--force', '--reason', 'test of the mechanics'])]);
  assert.equal(r.code, 0, r.err);
  const layout = createLayout(dir);
  assert.deepEqual([readChampion(layout).current?.id, readChampion(layout).previous?.id], ['v2-002', 'v2-001']);
  const reg = readRegisteredModel(layout.mlruns, 'edgelab_champion')!;
  assert.equal(reg.versions.find((v) => v.version === reg.aliases.champion)!.tags['edgelab.experiment_id'], 'v2-002');
  assert.equal(reg.versions.find((v) => v.version === reg.aliases.previous)!.tags['edgelab.experiment_id'], 'v2-001');

  r = cli(dir, ['rollback']);
  assert.equal(r.code, 2, 'rollback without --reason is a usage error');
  assert.match(r.err, /required option '--reason <text>' not specified/);
  r = cli(dir, ['rollback', '--reason', 'red two weeks running']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual([readChampion(layout).current?.id, readChampion(layout).previous?.id], ['v2-001', 'v2-002']);
  const log = readFileSync(layout.decisionLog, 'utf8');
  assert.match(log, /Establish v2-001[\s\S]*Promote v2-002[\s\S]*Roll back to v2-001[\s\S]*red two weeks running/);
  const index = readFileSync(layout.experimentsIndex, 'utf8');
  assert.match(index, /\| v2-001 \|.*\| 🏆 champion \|/);
  assert.match(index, /\| v2-002 \|.*\| ↩️ rolled back \|/);
});

for (const step of ['after-plan', 'after-champion', 'after-mlflow', 'after-decision', 'after-index']) {
  test(`a promotion killed ${step} leaves a whole champion; the next command completes the records once`, () => {
    const dir = join(root, step);
    cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
    assert.equal(cli(dir, ['promote', 'v2-001']).code, 0);
    const r = cli(dir, ['promote', 'v2-002', '--force', '--reason', 'crash test'], { EDGELAB_FAULT: `promote:${step}` });
    assert.equal(r.signal, 'SIGKILL', r.err);
    const layout = createLayout(dir);
    for (const link of [layout.championCurrent, layout.championPrevious]) {
      const s = inspectLink(link);
      assert.ok(s.state === 'ok' || (s.state === 'absent' && link === layout.championPrevious), `${link}: ${s.state}`);
    }
    const cur = readChampion(layout).current?.id;
    assert.ok(cur === 'v2-001' || cur === 'v2-002');
    // The next champion command finishes the journalled change first.
    const again = cli(dir, ['promote', 'v2-002', '--force', '--reason', 'crash test']);
    assert.equal(again.code, 1);
    assert.match(again.err, /v2-002 is already the champion/);
    assert.equal(existsSync(layout.pendingChampionChange), false);
    const log = readFileSync(layout.decisionLog, 'utf8');
    assert.equal(log.split('Promote v2-002 (forced)').length - 1, 1);
    const reg = readRegisteredModel(layout.mlruns, 'edgelab_champion')!;
    assert.equal(reg.versions.length, 2);
    assert.equal(reg.versions.find((v) => v.version === reg.aliases.champion)!.tags['edgelab.experiment_id'], 'v2-002');
    assert.match(readFileSync(layout.experimentsIndex, 'utf8'), /\| v2-002 \|.*\| 🏆 champion \|/);
  });
}
