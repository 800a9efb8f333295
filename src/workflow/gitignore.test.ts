import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GITIGNORE_ENTRIES, GITIGNORE_HEADER, mergeGitignore } from './gitignore.ts';

const BLOCK = [
  GITIGNORE_HEADER,
  'artifacts/models/**/model.json',
  'artifacts/models/**/*.joblib',
  'artifacts/models/**/*.pkl',
  'artifacts/experiments/**/*.csv',
  'artifacts/experiments/**/*.png',
  'artifacts/production/scored/',
  'artifacts/production/monitoring/*.csv',
  'artifacts/analysis/*',
  '!artifacts/analysis/README.md',
  'artifacts/mlruns/*/*/artifacts/',
  'data/',
].join('\n') + '\n';

test('an empty .gitignore gets the whole block', () => {
  const r = mergeGitignore('');
  assert.equal(r.text, BLOCK);
  assert.deepEqual(r.added, [...GITIGNORE_ENTRIES]);
});

test('user lines are kept, the block is appended after a blank line, and a rerun adds nothing', () => {
  const user = 'node_modules/\n*.log';
  const once = mergeGitignore(user);
  assert.equal(once.text, 'node_modules/\n*.log\n\n' + BLOCK);
  const twice = mergeGitignore(once.text);
  assert.equal(twice.text, once.text);
  assert.deepEqual(twice.added, []);
});

test('entries the user already has are not duplicated', () => {
  const r = mergeGitignore('data/\nartifacts/production/scored/\n');
  assert.equal(r.added.length, GITIGNORE_ENTRIES.length - 2);
  assert.equal(r.text.split('\n').filter((l) => l === 'data/').length, 1);
  assert.equal(r.text.split('\n').filter((l) => l === 'artifacts/production/scored/').length, 1);
  // a user who deleted one entry of the block gets only that one back, without a second header
  const partial = BLOCK.replace('data/\n', '');
  const again = mergeGitignore(partial);
  assert.deepEqual(again.added, ['data/']);
  assert.equal(again.text.split('\n').filter((l) => l === GITIGNORE_HEADER).length, 1);
});
