import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import { pathNotUnique, validateAlias, validateKey, validateModelName } from './validation.ts';
import { gitCommit } from './system-tags.ts';
import { tempDir } from '../../test/support/mlflow-fixture.ts';

test('any key MLflow accepts stays inside its directory and names itself', () => {
  const chars = fc.constantFrom(...'ab/._- :Z9'.split(''));
  fc.assert(
    fc.property(fc.array(chars, { minLength: 1, maxLength: 12 }).map((a) => a.join('')), (key) => {
      let ok = true;
      try {
        validateKey('metric', key);
      } catch {
        ok = false;
      }
      if (!ok) return true;
      const base = '/store/metrics';
      const rel = relative(base, resolve(base, key));
      return rel === key && !rel.startsWith('..');
    }),
    { numRuns: 3000 },
  );
});

test('path tricks MLflow rejects', () => {
  // '..a' too: MLflow rejects any normalised name starting with '..'.
  for (const k of ['..', '.', 'a/', 'a//b', './a', 'a/..', '/a', 'a/../b', '..a']) assert.ok(pathNotUnique(k), k);
  for (const k of ['a', 'a/b', 'a.b', 'a..b', 'ä/ß']) assert.ok(!pathNotUnique(k), k);
  assert.doesNotThrow(() => validateKey('tag', 'mlflow.source.git.commit'));
  assert.throws(() => validateKey('tag', ''), /Invalid tag name: ''. A key name must be provided./);
});

test('alias and model names', () => {
  assert.doesNotThrow(() => validateAlias('champion_2-b'));
  assert.throws(() => validateAlias('Latest'), /'latest' alias name \(case insensitive\) is reserved/);
  assert.throws(() => validateAlias('v12'), /Version alias name 'v12' is reserved/);
  assert.throws(() => validateAlias('a.b'), /Invalid alias name: 'a.b'/);
  assert.throws(() => validateModelName('a/b'), /cannot contain path separator/);
  assert.throws(() => validateModelName('50%'), /cannot contain '%'/);
});

test('gitCommit reads loose refs, packed refs and detached HEADs without git', () => {
  const sha = 'a'.repeat(40);
  const repo = tempDir();
  mkdirSync(join(repo, '.git', 'refs', 'heads'), { recursive: true });
  mkdirSync(join(repo, 'sub', 'dir'), { recursive: true });
  writeFileSync(join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(repo, '.git', 'packed-refs'), `# pack-refs with: peeled fully-peeled sorted\n${sha} refs/heads/main\n`);
  assert.equal(gitCommit(join(repo, 'sub', 'dir')), sha);
  writeFileSync(join(repo, '.git', 'refs', 'heads', 'main'), `${'b'.repeat(40)}\n`);
  assert.equal(gitCommit(repo), 'b'.repeat(40));
  writeFileSync(join(repo, '.git', 'HEAD'), `${'c'.repeat(40)}\n`);
  assert.equal(gitCommit(repo), 'c'.repeat(40));
  // A worktree: .git is a file pointing at the git dir, whose commondir holds the refs.
  const wt = tempDir();
  const gd = join(repo, '.git', 'worktrees', 'w');
  mkdirSync(gd, { recursive: true });
  writeFileSync(join(wt, '.git'), `gitdir: ${gd}\n`);
  writeFileSync(join(gd, 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(gd, 'commondir'), '../..\n');
  assert.equal(gitCommit(wt), 'b'.repeat(40));
});
