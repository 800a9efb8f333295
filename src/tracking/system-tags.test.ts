import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../test/support/mlflow-fixture.ts';
import { runCommand } from '../../test/helpers/spawn.ts';
import { edgelabCommit, sourceCommit, systemTags } from './system-tags.ts';

const repo = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
// Through the test launcher when this process is big (test/helpers/spawn.ts); no git: skipped.
const head = (await runCommand('git', ['rev-parse', 'HEAD'], { cwd: repo, env: process.env }).catch(() => null)) ?? { code: null, stdout: '' };
const opts = head.code === 0 ? {} : { skip: 'edgelab is not a git checkout here' };

test('a project outside any repository records edgelab\'s own commit and version, whatever the current directory', opts, () => {
  const project = tempDir('edgelab-project-');
  const tags = systemTags({ runName: 'r', sourceDir: project, userId: 'ana' });
  assert.equal(edgelabCommit(), head.stdout.trim());
  assert.equal(tags['mlflow.source.git.commit'], head.stdout.trim());
  assert.equal(tags['edgelab.git_commit'], head.stdout.trim());
  assert.equal(tags['edgelab.version'], JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version);
});

test('a project that is a repository records its own commit; edgelab\'s stays in edgelab.git_commit', opts, async () => {
  const project = tempDir('edgelab-project-git-');
  // Through the test launcher when this process is big (test/helpers/spawn.ts): a fork of it costs it page faults.
  const git = (...a: string[]) => runCommand('git', ['-c', 'user.name=t', '-c', 'user.email=t@x', ...a], { cwd: project, env: process.env });
  assert.equal((await git('init', '-q')).code, 0);
  writeFileSync(join(project, 'conf.yaml'), 'a: 1\n');
  await git('add', '.');
  assert.equal((await git('commit', '-qm', 'x')).code, 0);
  const projectHead = (await git('rev-parse', 'HEAD')).stdout.trim();
  assert.notEqual(projectHead, head.stdout.trim());
  assert.equal(sourceCommit(project), projectHead);
  const tags = systemTags({ runName: 'r', sourceDir: project });
  assert.deepEqual([tags['mlflow.source.git.commit'], tags['edgelab.git_commit']], [projectHead, head.stdout.trim()]);
});
