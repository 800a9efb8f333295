// The finding, archiving and cleanup commands through the real CLI: exit codes, messages, --json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSampleTree, snapshotTree, EXPECTED_CLEANUP_30D } from '../helpers/artifacts-tree.ts';

const BIN = fileURLToPath(new URL('../../bin/edgelab.js', import.meta.url));

function edgelab(project: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '--project', project, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('where / show / list / bets / roi answer in JSON; an unknown id and a bad option fail cleanly', () => {
  const t = writeSampleTree();
  const w = edgelab(t.dir, 'where', 'champion', '--json');
  assert.equal(w.code, 0, w.err);
  const champ = JSON.parse(w.out);
  assert.equal(champ.current.id, 'v2-004');
  assert.equal(champ.current.bundle, t.layout.modelBundle('v2-004', 3));
  assert.equal(champ.previous.id, 'v2-003');

  const s = edgelab(t.dir, 'show', 'v2-003', '--json');
  assert.equal(s.code, 0, s.err);
  const shown = JSON.parse(s.out);
  assert.equal(shown.headline.spread.rmse, 13.6);
  assert.equal(shown.files.length, 10);

  const unknown = edgelab(t.dir, 'show', 'v2-099');
  assert.equal(unknown.code, 1);
  assert.equal(unknown.out, '');
  assert.match(unknown.err, /^error: unknown experiment id "v2-099" in .*; known: v2-001, v2-002, v2-003, v2-004\n$/);

  const l = edgelab(t.dir, 'list', '--phase', '2', '--json');
  assert.equal(l.code, 0, l.err);
  assert.deepEqual(JSON.parse(l.out).map((v: { id: string; status: string }) => `${v.id}:${v.status}`), ['v2-002:rejected', 'v2-003:promoted']);
  const badPhase = edgelab(t.dir, 'list', '--phase', '4');
  assert.equal(badPhase.code, 2);
  assert.match(badPhase.err, /--phase "4": expected a whole number from 1 to 3/);

  const b = edgelab(t.dir, 'bets', '--season', '2025', '--week', '9', '--json');
  assert.equal(b.code, 0, b.err);
  const bets = JSON.parse(b.out);
  assert.equal(bets.scored, true);
  assert.equal(bets.totals.wins, 2);
  const noWeek = edgelab(t.dir, 'bets', '--season', '2025', '--week', '12');
  assert.equal(noWeek.code, 1);
  assert.match(noWeek.err, /no bets for season 2025 week 12/);

  const r = edgelab(t.dir, 'roi', '--season', '2024', '--json');
  assert.equal(r.code, 0, r.err);
  const roi = JSON.parse(r.out);
  assert.deepEqual(roi.seasons.map((x: { season: number; bets: number }) => [x.season, x.bets]), [[2024, 9]]);
});

test('archive refuses champions (exit 1, nothing changed), archives with a reason, refuses twice, restores exactly', () => {
  const t = writeSampleTree();
  const before = snapshotTree(t.dir);
  const cur = edgelab(t.dir, 'archive', 'v2-004', '--reason', 'old');
  assert.equal(cur.code, 1);
  assert.match(cur.err, /^error: v2-004 is the current champion/);
  const prev = edgelab(t.dir, 'archive', 'v2-003', '--reason', 'old');
  assert.equal(prev.code, 1);
  assert.match(prev.err, /^error: v2-003 is the previous champion/);
  const noReason = edgelab(t.dir, 'archive', 'v2-002');
  assert.equal(noReason.code, 2);
  assert.deepEqual(snapshotTree(t.dir), before);

  const a = edgelab(t.dir, 'archive', 'v2-002', '--reason', 'superseded by v2-004', '--json');
  assert.equal(a.code, 0, a.err);
  assert.deepEqual(JSON.parse(a.out).moves.map((m: { to: string }) => m.to), ['archive/deprecated/v2-002', 'archive/deprecated/v2-002_outputs']);
  const again = edgelab(t.dir, 'archive', 'v2-002', '--reason', 'again');
  assert.equal(again.code, 1);
  assert.match(again.err, /v2-002 is already archived/);

  const back = edgelab(t.dir, 'archive', '--restore', 'v2-002');
  assert.equal(back.code, 0, back.err);
  assert.match(back.out, /^restored v2-002\n/);
  const manifest = join('artifacts', 'archive', 'MANIFEST.md');
  assert.deepEqual(snapshotTree(t.dir, (r) => r === manifest), new Map([...before].filter(([k]) => k !== manifest)));
});

test('cleanup: dry run lists the files and deletes nothing; --apply deletes exactly those; a bad age is a usage error', () => {
  const t = writeSampleTree();
  const dry = edgelab(t.dir, 'cleanup', '--json');
  assert.equal(dry.code, 0, dry.err);
  const plan = JSON.parse(dry.out);
  assert.deepEqual(plan.items.map((i: { path: string }) => i.path), EXPECTED_CLEANUP_30D);
  assert.equal(plan.applied, false);
  for (const p of EXPECTED_CLEANUP_30D) assert.ok(existsSync(join(t.layout.root, p)));

  const human = edgelab(t.dir, 'cleanup');
  assert.match(human.out, /dry run: would delete 9 files, \d\.\d MB; run again with --apply/);

  const applied = edgelab(t.dir, 'cleanup', '--apply', '--json');
  assert.equal(applied.code, 0, applied.err);
  assert.equal(JSON.parse(applied.out).applied, true);
  for (const [abs] of t.files) {
    const rel = abs.slice(t.layout.root.length + 1);
    assert.equal(existsSync(abs), !EXPECTED_CLEANUP_30D.includes(rel), rel);
  }
  const bad = edgelab(t.dir, 'cleanup', '--older-than', 'soon');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--older-than "soon": expected a number and a unit h, d or w/);
});
