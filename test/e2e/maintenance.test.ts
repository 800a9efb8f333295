// The finding, archiving and cleanup commands through the real CLI: exit codes, messages, --json.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cliInProcess } from '../helpers/cli-in-process.ts';
import { writeSampleTree, snapshotTree, EXPECTED_CLEANUP_30D } from '../helpers/artifacts-tree.ts';

/** The CLI in this process (test/helpers/cli-in-process.ts: calls take turns). */
async function edgelab(project: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await cliInProcess(['--project', project, ...args]);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe('maintenance commands through the CLI', { concurrency: 3 }, () => {
  test('where / show / list / bets / roi answer in JSON; an unknown id and a bad option fail cleanly', async () => {
    const t = writeSampleTree();
    const w = await edgelab(t.dir, 'where', 'champion', '--json');
    assert.equal(w.code, 0, w.err);
    const champ = JSON.parse(w.out);
    assert.equal(champ.current.id, 'v2-004');
    assert.equal(champ.current.bundle, t.layout.modelBundle('v2-004', 3));
    assert.equal(champ.previous.id, 'v2-003');

    const badWhat = await edgelab(t.dir, 'where', 'champ');
    assert.equal(badWhat.code, 2);
    assert.match(badWhat.err, /where: expected "champion" or an experiment id such as v2-003, got "champ"/);

    const unknown = await edgelab(t.dir, 'show', 'v2-099');
    assert.equal(unknown.code, 1);
    assert.equal(unknown.out, '');
    assert.match(unknown.err, /^error: unknown experiment id "v2-099" in .*; known: v2-001, v2-002, v2-003, v2-004\n$/);

    const badPhase = await edgelab(t.dir, 'list', '--phase', '4');
    assert.equal(badPhase.code, 2);
    assert.match(badPhase.err, /--phase "4": expected a whole number from 1 to 3/);

    const b = await edgelab(t.dir, 'bets', '--season', '2025', '--week', '9', '--json');
    assert.equal(b.code, 0, b.err);
    const bets = JSON.parse(b.out);
    assert.equal(bets.scored, true);
    assert.equal(bets.totals.wins, 2);

    const r = await edgelab(t.dir, 'roi', '--season', '2024', '--json');
    assert.equal(r.code, 0, r.err);
    const roi = JSON.parse(r.out);
    assert.deepEqual(roi.seasons.map((x: { season: number; bets: number }) => [x.season, x.bets]), [[2024, 9]]);
  });

  test('archive refuses champions (exit 1, nothing changed), archives with a reason, refuses twice, restores exactly', async () => {
    const t = writeSampleTree();
    const before = snapshotTree(t.dir);
    const cur = await edgelab(t.dir, 'archive', 'v2-004', '--reason', 'old');
    assert.equal(cur.code, 1);
    assert.match(cur.err, /^error: v2-004 is the current champion/);
    const prev = await edgelab(t.dir, 'archive', 'v2-003', '--reason', 'old');
    assert.equal(prev.code, 1);
    assert.match(prev.err, /^error: v2-003 is the previous champion/);
    const noReason = await edgelab(t.dir, 'archive', 'v2-002');
    assert.equal(noReason.code, 2);
    assert.deepEqual(snapshotTree(t.dir), before);

    const a = await edgelab(t.dir, 'archive', 'v2-002', '--reason', 'superseded by v2-004', '--json');
    assert.equal(a.code, 0, a.err);
    assert.deepEqual(JSON.parse(a.out).moves.map((m: { to: string }) => m.to), ['archive/deprecated/v2-002', 'archive/deprecated/v2-002_outputs']);
    const again = await edgelab(t.dir, 'archive', 'v2-002', '--reason', 'again');
    assert.equal(again.code, 1);
    assert.match(again.err, /v2-002 is already archived/);

    const back = await edgelab(t.dir, 'archive', '--restore', 'v2-002');
    assert.equal(back.code, 0, back.err);
    assert.match(back.out, /^restored v2-002\n/);
    const manifest = join('artifacts', 'archive', 'MANIFEST.md');
    assert.deepEqual(snapshotTree(t.dir, (r) => r === manifest), new Map([...before].filter(([k]) => k !== manifest)));
  });

  test('cleanup: dry run lists the files and deletes nothing; --apply deletes exactly those; a bad age is a usage error', async () => {
    const t = writeSampleTree();
    const dry = await edgelab(t.dir, 'cleanup', '--json');
    assert.equal(dry.code, 0, dry.err);
    const plan = JSON.parse(dry.out);
    assert.deepEqual(plan.items.map((i: { path: string }) => i.path), EXPECTED_CLEANUP_30D);
    assert.equal(plan.applied, false);
    for (const p of EXPECTED_CLEANUP_30D) assert.ok(existsSync(join(t.layout.root, p)));


    const applied = await edgelab(t.dir, 'cleanup', '--apply', '--json');
    assert.equal(applied.code, 0, applied.err);
    assert.equal(JSON.parse(applied.out).applied, true);
    for (const [abs] of t.files) {
      const rel = abs.slice(t.layout.root.length + 1);
      assert.equal(existsSync(abs), !EXPECTED_CLEANUP_30D.includes(rel), rel);
    }
    const regen = await edgelab(t.dir, 'regenerate-plots', 'v2-004', '--scale', '1', '--json');
    assert.equal(regen.code, 0, regen.err);
    assert.equal(JSON.parse(regen.out).written.length, 5);
    assert.ok(existsSync(join(t.layout.experimentDir('v2-004', 3), 'plots', 'roi_by_edge.png')));
    const bad = await edgelab(t.dir, 'cleanup', '--older-than', 'soon');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--older-than "soon": expected a number and a unit h, d or w/);
  });
});
