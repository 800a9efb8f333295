// The tree watch the concurrency suite's dashboard reader relies on: every kind of change the
// writers make (a file written in place, a rename into a directory, a new directory and what is
// written in it, a directory renamed onto a path, a removal) is seen; a quiet tree is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/tmp.ts';
import { watchTree } from './tree-changes.ts';

/** Whether `take()` answers true within a second (events arrive through the event loop). */
async function seen(take: () => boolean): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (take()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

test('watchTree sees every change under the root, new directories included, and nothing in a quiet tree', async () => {
  const root = tempDir('edgelab-tree-changes-');
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  writeFileSync(join(root, 'a', 'b', 'log.jsonl'), '{}\n');
  const changes = watchTree(root);
  try {
    assert.equal(changes.take(), true, 'the first look');
    assert.equal(changes.take(), false, 'nothing changed');
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(changes.take(), false, 'still nothing');

    appendFileSync(join(root, 'a', 'b', 'log.jsonl'), '{}\n');
    assert.equal(await seen(changes.take), true, 'an append two levels down');
    writeFileSync(join(root, 'a', '.tmp'), 'x');
    renameSync(join(root, 'a', '.tmp'), join(root, 'a', 'summary.json'));
    assert.equal(await seen(changes.take), true, 'an atomic write');
    assert.equal(changes.take(), false);

    // A directory made whole elsewhere and renamed in, then written in.
    mkdirSync(join(root, 'staging', 'run', 'metrics'), { recursive: true });
    assert.equal(await seen(changes.take), true, 'a new directory');
    renameSync(join(root, 'staging', 'run'), join(root, 'a', 'run'));
    assert.equal(await seen(changes.take), true, 'a directory renamed in');
    writeFileSync(join(root, 'a', 'run', 'metrics', 'loss'), '1');
    assert.equal(await seen(changes.take), true, 'a file in the renamed-in directory');

    // Another directory renamed onto a watched directory's path: its changes are seen too.
    mkdirSync(join(root, 'other'));
    rmSync(join(root, 'a', 'b'), { recursive: true });
    renameSync(join(root, 'other'), join(root, 'a', 'b'));
    assert.equal(await seen(changes.take), true, 'a directory replaced');
    writeFileSync(join(root, 'a', 'b', 'new.json'), '{}');
    assert.equal(await seen(changes.take), true, 'a file in the replacing directory');

    rmSync(join(root, 'a', 'summary.json'));
    assert.equal(await seen(changes.take), true, 'a removal');
    await new Promise((r) => setTimeout(r, 60));
    changes.take();
    assert.equal(changes.take(), false, 'quiet again');
  } finally {
    changes.close();
  }
});
