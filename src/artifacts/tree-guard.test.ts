import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLayout } from './layout.ts';
import { refuseTreeProblems, treeProblems } from './tree-guard.ts';
import { UserError } from '../util/errors.ts';

test('links inside the tree pass; links leading out of it (whole, dangling, through the MLflow store excepted) are named', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'edgelab-tree-guard-'));
  try {
    const L = createLayout(join(tmp, 'project'));
    mkdirSync(join(L.modelBundle('v2-001', 1)), { recursive: true });
    mkdirSync(L.modelsDir('production'), { recursive: true });
    mkdirSync(L.predictionsDir(2020), { recursive: true });
    mkdirSync(L.mlruns, { recursive: true });
    writeFileSync(join(tmp, 'outside.csv'), 'game_id\n');
    symlinkSync('../baseline/v2-001', L.championCurrent); // edgelab's own link: inside
    symlinkSync('../candidates/v2-404', L.championPrevious); // dangling but inside: the champion check's business
    assert.deepEqual(treeProblems(L), []);
    refuseTreeProblems(L);

    symlinkSync(join(tmp, 'outside.csv'), L.predictionsFile(2020, 1));
    symlinkSync('../../../../../gone.csv', L.predictionsFile(2020, 2)); // dangling, pointing out
    symlinkSync('/etc', join(L.mlruns, 'elsewhere')); // MLflow's store is not judged
    assert.deepEqual(
      treeProblems(L).map((p) => [p.kind, p.path, p.detail]),
      [
        ['link-out', L.predictionsFile(2020, 1), join(tmp, 'outside.csv')],
        ['link-out', L.predictionsFile(2020, 2), join(tmp, 'gone.csv')],
      ],
    );
    assert.throws(
      () => refuseTreeProblems(L),
      (e: unknown) =>
        e instanceof UserError &&
        e.message.startsWith(`artifacts/production/predictions/2020/week01_bets.csv is a symbolic link leading out of the artifacts tree (to ${join(tmp, 'outside.csv')})`) &&
        e.message.includes('1 more problem(s)'),
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
