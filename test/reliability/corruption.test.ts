// The corruption suite: each artifact type truncated or garbled, links pointing out of the tree, a
// directory with wrong permissions, a full disk; then the command that reads or writes it. Each
// must answer with one line naming the file, exit 1, and change nothing on disk — never a stack
// trace, never a silent replacement.
// Permissions: root ignores them, so when the suite runs as root the command runs as `nobody`
// (uid/gid 65534) on a copy owned by it. A full disk: EDGELAB_FAULT=atomic-write@enospc makes the
// first artifact write fail with ENOSPC exactly as write(2) reports it (no small full filesystem
// can be mounted without root).
// The command runs in this process through the compiled CLI (test/helpers/cli-in-process.ts: the
// same code, argv, exit code and stderr as bin/edgelab.js); the permission cases, which need
// another user under root, run it as a real process.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, copyFileSync, cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createLayout, type Layout } from '../../src/artifacts/layout.ts';
import { cli, type AsUser } from '../support/fault-project.ts';
import { cliHere, projectCopy, reliabilityProject, removeTree, stateDifferences, treeHashes, treeState } from './project.ts';

interface Corruption {
  what: string;
  file: (L: Layout) => string;
  damage: 'truncate' | 'garble' | 'outside-link' | 'outside-file-link' | 'unreadable-dir' | 'unwritable-dir' | 'full-disk';
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
  // The same bytes, but reached through a link out of the tree: edgelab does not follow it (nor replace it).
  { what: 'bets CSV replaced by a link to a copy outside the tree', file: (L) => L.predictionsFile(2020, 2), damage: 'outside-file-link', args: ['score', '--season', '2020', '--week', '2'] },
  { what: 'bets directory this user cannot read', file: (L) => L.predictionsDir(2020), damage: 'unreadable-dir', args: ['score', '--season', '2020', '--week', '2'] },
  { what: 'scored directory this user cannot write', file: (L) => L.scoredDir(2020), damage: 'unwritable-dir', args: ['score', '--season', '2020', '--week', '2'] },
  { what: 'bets file on a full disk', file: (L) => L.predictionsFile(2020, 3), damage: 'full-disk', args: ['predict', '--season', '2020', '--week', '3'] },
];

const NOBODY: AsUser = { uid: 65534, gid: 65534 };
const isRoot = process.getuid?.() === 0;

/** Give the copy to `nobody` (and open the way to it) so that permissions apply to the command. */
function handOver(dir: string): void {
  const walk = (p: string) => {
    chownSync(p, NOBODY.uid, NOBODY.gid);
    for (const e of readdirSync(p, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(p, e.name));
      else chownSync(join(p, e.name), NOBODY.uid, NOBODY.gid);
    }
  };
  walk(dir);
  chmodSync(dirname(dir), 0o755);
}

let base = '';
before(async () => {
  base = await reliabilityProject();
});

/** A copy of the prepared project and its `treeState` as copied. */
interface Copy {
  dir: string;
  state: Map<string, string>;
}

/**
 * Copies that a case gave back as they were copied, for the next case: a passing case changed
 * nothing but its own damage, which it undoes (`giveBack`), so its copy — checked entry for entry
 * against its state as copied — is the start state a fresh copy would give, without ≈ 50 ms of
 * copying and ≈ 15 ms of removing a tree.
 */
const spare: Copy[] = [];

function takeCopy(): Copy {
  const kept = spare.pop();
  if (kept) return kept;
  const dir = projectCopy(base, 'corrupt');
  return { dir, state: treeState(dir) };
}

/**
 * Undo case `c`'s damage to `file` in `copy` (the file's bytes, mode and times, or the link, from the
 * template; the link out of the tree and what it pointed at removed) and keep the copy for another case if
 * it is then every folder, file and link it was when copied; otherwise remove it. A copy handed
 * over to another user is removed (its owners are not its state).
 */
function giveBack(copy: Copy, c: Corruption, file: string, handedOver: boolean): void {
  const { dir } = copy;
  rmSync(`${dir}-outside`, { recursive: true, force: true });
  if (!handedOver && ['truncate', 'garble', 'outside-link', 'outside-file-link'].includes(c.damage)) {
    const original = join(base, relative(dir, file));
    rmSync(file, { force: true });
    // A link (the champion's) points into its own tree, as copyProject makes it.
    if (lstatSync(original).isSymbolicLink()) symlinkSync(readlinkSync(original).replaceAll(base, dir), file);
    else {
      copyFileSync(original, file);
      const st = statSync(original);
      utimesSync(file, st.atime, st.mtime);
    }
  }
  if (!handedOver && stateDifferences(copy.state, treeState(dir)).length === 0) spare.push(copy);
  else removeTree(dir);
}

describe('corruption', { concurrency: 2 }, () => {
  for (const c of CORRUPTIONS) {
    test(`${c.what} (${c.damage}) → one line naming the file, exit 1, nothing changed`, async () => {
      const copy = takeCopy();
      const { dir } = copy;
      const L = createLayout(dir);
      const file = c.file(L);
      let as: AsUser | undefined;
      const env: Record<string, string> = {};
      if (c.damage === 'truncate') truncate(file);
      else if (c.damage === 'garble') garble(file);
      else if (c.damage === 'outside-link') {
        rmSync(file, { force: true });
        symlinkSync('/etc', file);
      } else if (c.damage === 'outside-file-link') {
        const outside = join(`${dir}-outside`, 'bets.csv');
        mkdirSync(dirname(outside), { recursive: true });
        cpSync(file, outside);
        rmSync(file);
        symlinkSync(outside, file);
      } else if (c.damage === 'full-disk') env.EDGELAB_FAULT = 'atomic-write@enospc';
      else if (isRoot) {
        handOver(dir);
        as = NOBODY;
      }
      // Permissions change only around the command (the snapshots read the whole copy).
      const mode = c.damage === 'unreadable-dir' ? 0o000 : c.damage === 'unwritable-dir' ? 0o555 : null;
      const before = treeHashes(dir);
      if (mode !== null) chmodSync(file, mode);
      const r = as ? await cli(dir, c.args, env, undefined, as) : await cliHere(dir, c.args, env);
      if (mode !== null) chmodSync(file, 0o755);
      assert.equal(r.code, 1, `${c.args.join(' ')}: exit ${r.code}\n${r.err}`);
      const err = r.err.trim();
      assert.doesNotMatch(err, /internal error|\n\s+at /, 'no stack trace');
      assert.ok(err.includes(file.slice(dir.length + 1)) || err.includes(file), `the message names ${file}: ${err}`);
      const after = treeHashes(dir);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k) && !/\.(lock|wal)$/.test(k));
      assert.deepEqual(changed, [], 'nothing changed on disk');
      giveBack(copy, c, file, as !== undefined);
    });
  }
});
