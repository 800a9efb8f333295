// docs/experiments/index.md is generated: a damaged table is one error naming the file and line
// (exit 1), and nothing is written — not the index, and not what the command would have changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createLayout } from './layout.ts';
import { checkIndexText, readIndex, upsertIndexRow } from './experiment-index.ts';
import { cliInProcess } from '../../test/helpers/cli-in-process.ts';
import { snapshotTree, writeSampleTree } from '../../test/helpers/artifacts-tree.ts';

const HEAD = '# Experiments\n\nnotes\n\n| ID | Phase | Date | Model | Features | RMSE | Hit rate | ROI | Status | League |\n|---|---|---|---|---|---|---|---|---|---|\n';
const row = (id: string, status = 'trained') => `| ${id} | 2 | 2026-12-01 | ridge | ratings_adjusted | 15.44 | 54.7% | 4.4% | ${status} | demo |\n`;
const GOOD = HEAD + row('v2-001') + row('v2-002', '🏆 champion');

test('a well-formed index (also the old 9-column one, and prose only) passes the check', () => {
  assert.doesNotThrow(() => checkIndexText(GOOD, 'index.md'));
  assert.doesNotThrow(() => checkIndexText('| ID | Phase | Date | Model | Features | RMSE | Hit rate | ROI | Status |\n|---|---|---|---|---|---|---|---|---|\n' + row('v2-001').replace(' demo |', ''), 'index.md'));
  assert.doesNotThrow(() => checkIndexText('# mine\n', 'index.md'));
});

test('each kind of damage is named with its line', () => {
  const cases: [string, RegExp][] = [
    [HEAD + row('v2-001') + '| v2-002 | 2 | 2026-12-0', /^index\.md:8: 3 cells where the header has 10 \(truncated or merged row\?\)/],
    [HEAD + row('v2-001') + row('v2-001'), /^index\.md:8: v2-001 has a second row \(first on line 7\)/],
    [HEAD + '| 2 | v2-003 | ridge |\n', /^index\.md:7: "2" is not an experiment id \(v2-NNN\)/],
    [row('v2-001') + HEAD, /^index\.md:1: expected the header row \| ID \| Phase/],
    ['| ID | Phase | Date | Model | Features | RMSE | Hit rate | ROI | Status | League |\n' + row('v2-001'), /^index\.md:2: expected the separator row/],
    [HEAD + row('v2-001').replace('ridge', 'ri\u0000dge'), /^index\.md:7: not UTF-8 text/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => checkIndexText(text, 'index.md'), (e: Error) => message.test(e.message) && /restore it from version control .*nothing was changed$/.test(e.message), text);
  }
});

test('readIndex and upsertIndexRow refuse a damaged index and leave it byte for byte; prose only gets a table', () => {
  const layout = createLayout(mkdtempSync(join(tmpdir(), 'edgelab-idx-damage-')));
  mkdirSync(dirname(layout.experimentsIndex), { recursive: true });
  const damaged = HEAD + row('v2-001') + '| v2-002 | 2 | 20';
  writeFileSync(layout.experimentsIndex, damaged);
  assert.throws(() => readIndex(layout), /index\.md:8: 3 cells/);
  assert.throws(() => upsertIndexRow(layout, { ID: 'v2-003', Status: 'trained' }), /index\.md:8: 3 cells/);
  assert.equal(readFileSync(layout.experimentsIndex, 'utf8'), damaged);
  // before: a row was appended under the prose with no header, and read back as a row
  writeFileSync(layout.experimentsIndex, '# mine\n');
  upsertIndexRow(layout, { ID: 'v2-001', Status: 'trained' });
  assert.match(readFileSync(layout.experimentsIndex, 'utf8'), /^# mine\n\n\| ID \| Phase .*\| League \|\n\|---\|.*\n\| v2-001 \|/);
  assert.deepEqual(readIndex(layout).map((r) => [r.ID, r.Status]), [['v2-001', 'trained']]);
});

test('CLI: list and archive on a damaged index exit 1 naming the file and line, and change nothing', async () => {
  const t = writeSampleTree();
  mkdirSync(dirname(t.layout.experimentsIndex), { recursive: true });
  writeFileSync(t.layout.experimentsIndex, GOOD + row('v2-002'));
  const before = snapshotTree(t.dir);
  const list = await cliInProcess(['--project', t.dir, 'list']);
  assert.equal(list.code, 1);
  assert.equal(list.stdout, '');
  assert.match(list.stderr, /^error: .*docs\/experiments\/index\.md:9: v2-002 has a second row \(first on line 8\); this file is generated/);
  const archive = await cliInProcess(['--project', t.dir, 'archive', 'v2-002', '--reason', 'old']);
  assert.equal(archive.code, 1);
  assert.match(archive.stderr, /index\.md:9: v2-002 has a second row/);
  assert.deepEqual(snapshotTree(t.dir), before);
});
