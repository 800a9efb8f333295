import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLayout } from '../artifacts/layout.ts';
import { initProject, EXPERIMENTS_INDEX } from './init.ts';
import { PACKAGE_CONF, tempDir } from '../../test/helpers/tmp.ts';
import { runCommand } from '../../test/helpers/spawn.ts';

function listTree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const isDir = statSync(p).isDirectory();
      out.push(relative(root, p) + (isDir ? '/' : ''));
      if (isDir) walk(p);
    }
  };
  walk(root);
  return out;
}

const EXPECTED_ARTIFACTS = [
  'artifacts/',
  'artifacts/analysis/',
  'artifacts/analysis/README.md',
  'artifacts/archive/',
  'artifacts/archive/MANIFEST.md',
  'artifacts/archive/deprecated/',
  'artifacts/archive/deprecated/.gitkeep',
  'artifacts/archive/legacy_v1/',
  'artifacts/archive/legacy_v1/.gitkeep',
  'artifacts/experiments/',
  'artifacts/experiments/phase1_baseline/',
  'artifacts/experiments/phase1_baseline/.gitkeep',
  'artifacts/experiments/phase2_features/',
  'artifacts/experiments/phase2_features/.gitkeep',
  'artifacts/experiments/phase3_models/',
  'artifacts/experiments/phase3_models/.gitkeep',
  'artifacts/experiments/promotion_tests/',
  'artifacts/experiments/promotion_tests/.gitkeep',
  'artifacts/mlruns/',
  'artifacts/mlruns/.gitkeep',
  'artifacts/models/',
  'artifacts/models/baseline/',
  'artifacts/models/baseline/.gitkeep',
  'artifacts/models/candidates/',
  'artifacts/models/candidates/.gitkeep',
  'artifacts/models/production/',
  'artifacts/models/production/.gitkeep',
  'artifacts/production/',
  'artifacts/production/monitoring/',
  'artifacts/production/monitoring/alerts/',
  'artifacts/production/monitoring/alerts/.gitkeep',
  'artifacts/production/predictions/',
  'artifacts/production/predictions/.gitkeep',
  'artifacts/production/scored/',
  'artifacts/production/scored/.gitkeep',
  'artifacts/validation/',
  'artifacts/validation/data_quality/',
  'artifacts/validation/data_quality/.gitkeep',
  'artifacts/validation/walk_forward/',
  'artifacts/validation/walk_forward/.gitkeep',
];

function confFiles(): string[] {
  return listTree(PACKAGE_CONF).map((p) => `conf/${p}`);
}

test('init makes exactly the artifacts tree, conf/, docs and .gitignore', () => {
  const dir = join(tempDir(), 'cfb');
  const report = initProject(createLayout(dir), PACKAGE_CONF);
  const expected = ['.gitignore', ...EXPECTED_ARTIFACTS, 'conf/', ...confFiles(), 'docs/', 'docs/experiments/', 'docs/experiments/index.md'].sort();
  assert.deepEqual(listTree(dir).sort(), expected);
  assert.equal(report.kept.length, 0);
  assert.equal(report.gitignoreAdded.length, 11);
  assert.equal(readFileSync(join(dir, 'docs/experiments/index.md'), 'utf8'), EXPERIMENTS_INDEX);
  assert.match(EXPERIMENTS_INDEX, /^\| ID \| Phase \| Date \| Model \| Features \| RMSE \| Hit rate \| ROI \| Status \| League \|$/m);
  assert.match(readFileSync(join(dir, 'artifacts/analysis/README.md'), 'utf8'), /personal workspace[\s\S]*git-ignored/);
  for (const f of confFiles().filter((f) => !f.endsWith('/'))) {
    assert.equal(readFileSync(join(dir, f), 'utf8'), readFileSync(join(PACKAGE_CONF, f.slice(5)), 'utf8'), f);
  }
});

test('init twice changes nothing', () => {
  const dir = join(tempDir(), 'cfb');
  const layout = createLayout(dir);
  initProject(layout, PACKAGE_CONF);
  const snapshot = (d: string) => listTree(d).map((p) => (p.endsWith('/') ? p : `${p}:${readFileSync(join(d, p), 'utf8')}:${statSync(join(d, p)).mtimeMs}`));
  const before = snapshot(dir);
  const again = initProject(layout, PACKAGE_CONF);
  assert.deepEqual(again, { project: dir, created: [], kept: [], gitignoreAdded: [] });
  assert.deepEqual(snapshot(dir), before);
});

test('init never overwrites a file the user changed, and restores one the user deleted', () => {
  const dir = join(tempDir(), 'cfb');
  const layout = createLayout(dir);
  initProject(layout, PACKAGE_CONF);
  writeFileSync(join(dir, 'conf/model/ridge.yaml'), 'type: ridge\nalpha: 3\n');
  writeFileSync(join(dir, 'docs/experiments/index.md'), '# mine\n');
  writeFileSync(join(dir, 'artifacts/archive/MANIFEST.md'), '# mine\n');
  writeFileSync(join(dir, '.gitignore'), 'mine/\n' + readFileSync(join(dir, '.gitignore'), 'utf8'));
  rmSync(join(dir, 'conf/gates/phase3.yaml'));
  const r = initProject(layout, PACKAGE_CONF);
  assert.deepEqual(r.kept, ['conf/model/ridge.yaml']);
  assert.deepEqual(r.created, ['conf/gates/phase3.yaml']);
  assert.equal(readFileSync(join(dir, 'conf/gates/phase3.yaml'), 'utf8'), readFileSync(join(PACKAGE_CONF, 'gates/phase3.yaml'), 'utf8'));
  assert.equal(readFileSync(join(dir, 'conf/model/ridge.yaml'), 'utf8'), 'type: ridge\nalpha: 3\n');
  assert.equal(readFileSync(join(dir, 'docs/experiments/index.md'), 'utf8'), '# mine\n');
  assert.equal(readFileSync(join(dir, 'artifacts/archive/MANIFEST.md'), 'utf8'), '# mine\n');
  assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^mine\/\n/);
});

test('init in an existing directory keeps its .gitignore lines and files', () => {
  const dir = tempDir();
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
  mkdirSync(join(dir, 'artifacts', 'mlruns', '1'), { recursive: true });
  const r = initProject(createLayout(dir), PACKAGE_CONF);
  assert.ok(!r.created.includes('.gitignore'));
  assert.ok(!r.created.includes('artifacts/mlruns/.gitkeep'), 'a non-empty directory gets no .gitkeep');
  assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^node_modules\/\n\n# edgelab/);
});

const hasGit = (await runCommand('git', ['--version'], { env: process.env, cwd: process.cwd() }).catch(() => null))?.code === 0;
test('git honours the block: model files, CSVs, analysis and data are ignored; the analysis README is not', { skip: !hasGit && 'git not installed' }, async () => {
  const dir = tempDir();
  initProject(createLayout(dir), PACKAGE_CONF);
  const files = [
    'artifacts/models/candidates/v2-002/model.json',
    'artifacts/models/candidates/v2-002/metadata.json',
    'artifacts/experiments/phase2_features/v2-002/predictions.csv',
    'artifacts/experiments/phase2_features/v2-002/summary.json',
    'artifacts/analysis/scratch.txt',
    'artifacts/mlruns/1/abc/artifacts/plot.png',
    'artifacts/mlruns/1/abc/meta.yaml',
    'data/warehouse.duckdb',
  ];
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'x');
  }
  // Through the test launcher when this process is big (test/helpers/spawn.ts): a fork of it costs it page faults.
  await runCommand('git', ['init', '-q'], { cwd: dir, env: process.env });
  const r = await runCommand('git', ['status', '--porcelain', '-uall'], { cwd: dir, env: process.env });
  const tracked = r.stdout.split('\n').filter(Boolean).map((l) => l.slice(3));
  assert.ok(tracked.includes('artifacts/analysis/README.md'));
  assert.ok(tracked.includes('artifacts/models/candidates/v2-002/metadata.json'));
  assert.ok(tracked.includes('artifacts/experiments/phase2_features/v2-002/summary.json'));
  assert.ok(tracked.includes('artifacts/mlruns/1/abc/meta.yaml'));
  for (const ignored of ['model.json', 'predictions.csv', 'scratch.txt', 'plot.png', 'warehouse.duckdb']) {
    assert.ok(!tracked.some((t) => t.endsWith(ignored)), `${ignored} should be ignored`);
  }
});
