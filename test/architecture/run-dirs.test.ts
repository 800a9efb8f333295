// The test runner's run directories (scripts/test-plan.mjs): each names its owner, and a run
// removes the directories that runs killed before their cleanup left behind — on /dev/shm they
// hold memory until a reboot — without touching a live run's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
// @ts-expect-error: a plain .mjs script of the runner, without type declarations
import { makeRunDir, RUN_OWNER, sweepDeadRuns } from '../../scripts/test-plan.mjs';

const sweep = sweepDeadRuns as (parent: string) => string[];

test('a run directory names its owner; dead owners’ and stale ownerless ones go, live and fresh ones stay', (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'edgelab-run-dirs-'));
  t.after(() => rmSync(parent, { recursive: true, force: true }));
  const dir = (name: string, owner?: number | string) => {
    const d = join(parent, name);
    mkdirSync(join(d, 'projects', 'x'), { recursive: true });
    writeFileSync(join(d, 'projects', 'x', 'warehouse.duckdb'), 'data');
    if (owner !== undefined) writeFileSync(join(d, RUN_OWNER), String(owner));
    return d;
  };
  // A process that has exited: its PID names no process (spawnSync reaps it).
  const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
  const dead = dir('et-dead01', gone);
  const live = dir('et-live01', process.pid);
  const fresh = dir('et-fresh1');
  const stale = dir('et-stale1');
  const hours = (h: number) => (Date.now() - h * 3600_000) / 1000;
  utimesSync(stale, hours(7), hours(7));
  const recent = dir('et-recnt1');
  utimesSync(recent, hours(5), hours(5));
  const onDisk = dir('edgelab-test-run-Ab12Cd', gone);
  const other = dir('et-notours-dir', gone); // not a run directory's name
  const garbled = dir('et-garbl1', 'not a pid');
  writeFileSync(join(parent, 'et-file01'), 'a file, not a run directory');

  assert.deepEqual(sweep(parent).map((d) => basename(d)).sort(), ['edgelab-test-run-Ab12Cd', 'et-dead01', 'et-stale1']);
  for (const d of [dead, stale, onDisk]) assert.equal(existsSync(d), false, `${d} removed`);
  for (const d of [live, fresh, recent, other, garbled]) assert.equal(existsSync(join(d, 'projects', 'x', 'warehouse.duckdb')), true, `${d} kept whole`);
  assert.equal(readFileSync(join(parent, 'et-file01'), 'utf8'), 'a file, not a run directory');
  assert.deepEqual(sweep(parent), [], 'a second sweep finds nothing more');

  // A new run's directory: its name, its owner, and the dead run made meanwhile swept first.
  const later = dir('et-dead02', gone);
  const made = makeRunDir(parent) as string;
  assert.match(basename(made), /^et-[A-Za-z0-9]{6}$/);
  assert.equal(readFileSync(join(made, RUN_OWNER), 'utf8'), String(process.pid));
  assert.equal(existsSync(later), false, 'swept before the new directory was made');
  assert.deepEqual(readdirSync(parent).sort(), [basename(made), 'et-file01', 'et-fresh1', 'et-garbl1', 'et-live01', 'et-notours-dir', 'et-recnt1'].sort());
  assert.deepEqual(sweep(parent), [], 'its own run directory is kept');
});
