// The corruption suite: each artifact type truncated or garbled (and a champion link pointing out
// of the tree), then the command that reads it. Each must answer with one line naming the file,
// exit 1, and change nothing on disk — never a stack trace, never a silent replacement.
// Slow by nature (a CLI start per case): `npm run test:reliability`.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createLayout, type Layout } from '../../src/artifacts/layout.ts';
import { cli, copyProject, prepareProject, snapshot } from '../support/fault-project.ts';

interface Corruption {
  what: string;
  file: (L: Layout) => string;
  damage: 'truncate' | 'garble' | 'outside-link';
  args: string[];
}

const truncate = (p: string) => writeFileSync(p, readFileSync(p).subarray(0, Math.floor(readFileSync(p).length / 2)));
const garble = (p: string) => writeFileSync(p, 'this is not what edgelab wrote,\n"unbalanced\n\u0000\u0001');

export const CORRUPTIONS: Corruption[] = [
  { what: 'experiment summary', file: (L) => join(L.experimentDir('v2-001', 1), 'summary.json'), damage: 'truncate', args: ['show', 'v2-001'] },
  { what: 'bundle model.json', file: (L) => join(L.modelBundle('v2-001', 1), 'model.json'), damage: 'truncate', args: ['predict', '--season', '2020', '--week', '3'] },
  { what: 'bundle metadata.json', file: (L) => join(L.modelBundle('v2-001', 1), 'metadata.json'), damage: 'garble', args: ['predict', '--season', '2020', '--week', '3'] },
  { what: 'champion registry journal', file: (L) => join(dirname(L.championCurrent), 'registry.json'), damage: 'truncate', args: ['promote', 'v2-002', '--force', '--reason', 'x'] },
  { what: 'alert file', file: (L) => L.alertFile(2020, 1), damage: 'truncate', args: ['monitor'] },
  { what: 'bets CSV edited by hand', file: (L) => L.predictionsFile(2020, 2), damage: 'garble', args: ['score', '--season', '2020', '--week', '2'] },
  { what: 'scored CSV', file: (L) => L.scoredFile(2020, 1), damage: 'garble', args: ['monitor'] },
  { what: 'data-quality report', file: (L) => L.dataQualityFile(2020, 3), damage: 'truncate', args: ['predict', '--season', '2020', '--week', '3'] },
  { what: 'id ledger', file: (L) => L.idLedger, damage: 'truncate', args: ['train', 'experiment=v2-003'] },
  { what: 'warehouse', file: (L) => L.warehouse, damage: 'truncate', args: ['data', 'status'] },
  { what: 'champion link pointing out of the tree', file: (L) => L.championCurrent, damage: 'outside-link', args: ['predict', '--season', '2020', '--week', '3'] },
];

let base = '';
let n = 0;
before(() => {
  base = prepareProject();
});
after(() => rmSync(dirname(base), { recursive: true, force: true }));

describe('corruption', { concurrency: 2 }, () => {
  for (const c of CORRUPTIONS) {
    test(`${c.what} (${c.damage}) → one line naming the file, exit 1, nothing changed`, async () => {
      const dir = copyProject(base, join(dirname(base), `corrupt-${++n}`));
      const L = createLayout(dir);
      const file = c.file(L);
      if (c.damage === 'truncate') truncate(file);
      else if (c.damage === 'garble') garble(file);
      else {
        rmSync(file, { force: true });
        symlinkSync('/etc', file);
      }
      const before = snapshot(dir);
      const r = await cli(dir, c.args);
      assert.equal(r.code, 1, `${c.args.join(' ')}: exit ${r.code}\n${r.err}`);
      const err = r.err.trim();
      assert.doesNotMatch(err, /internal error|\n\s+at /, 'no stack trace');
      assert.ok(err.includes(file.slice(dir.length + 1)) || err.includes(file), `the message names ${file}: ${err}`);
      const after = snapshot(dir);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k) && !/\.(lock|wal)$/.test(k));
      assert.deepEqual(changed, [], 'nothing changed on disk');
      rmSync(dir, { recursive: true, force: true });
    });
  }
});
