import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, lstatSync, readlinkSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLayout } from './layout.ts';
import { runCommand } from '../../test/helpers/spawn.ts';
import { readChampion, rollbackChampion, setChampion, inspectLink, readJournal, COPY_MARKER } from './champion.ts';

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-champ-'));
  const layout = createLayout(dir);
  const bundle = (id: string, phase: 1 | 2 | 3) => {
    const b = layout.modelBundle(id, phase);
    mkdirSync(b, { recursive: true });
    writeFileSync(join(b, 'model.json'), JSON.stringify({ id }));
    return { id, bundle: b };
  };
  return { dir, layout, a: bundle('v2-001', 1), b: bundle('v2-002', 2), c: bundle('v2-004', 3) };
}

test('promote makes relative links; the old champion becomes previous; rollback swaps back', () => {
  const { layout, a, b } = project();
  setChampion(layout, a, 'baseline');
  assert.equal(readlinkSync(layout.championCurrent), '../baseline/v2-001');
  assert.equal(readChampion(layout).previous, null);
  setChampion(layout, b, 'passed gates');
  assert.equal(readlinkSync(layout.championCurrent), '../candidates/v2-002');
  assert.equal(readlinkSync(layout.championPrevious), '../baseline/v2-001');
  const r = readChampion(layout);
  assert.equal(r.current?.id, 'v2-002');
  assert.equal(r.previous?.id, 'v2-001');
  rollbackChampion(layout, 'red alerts');
  const back = readChampion(layout);
  assert.equal(back.current?.id, 'v2-001');
  assert.equal(back.previous?.id, 'v2-002');
  const j = readJournal(layout)!;
  assert.deepEqual(j.history.map((h) => h.action), ['promote', 'promote', 'rollback']);
  assert.equal(j.history[2]!.reason, 'red alerts');
});

test('rollback without a previous champion is refused and changes nothing', () => {
  const { layout, a } = project();
  setChampion(layout, a, 'baseline');
  assert.throws(() => rollbackChampion(layout, 'x'), /no previous champion/);
  assert.equal(readChampion(layout).current?.id, 'v2-001');
});

test('a dangling link is reported as dangling, not as a champion', () => {
  const { layout, a } = project();
  setChampion(layout, a, 'baseline');
  rmSync(join(a.bundle, 'model.json'));
  assert.equal(inspectLink(layout.championCurrent).state, 'dangling');
  assert.equal(readChampion(layout).current, null);
});

test('copy mode (no symlinks): copies with a marker file', () => {
  const { layout, a, b } = project();
  process.env.EDGELAB_NO_SYMLINKS = '1';
  try {
    setChampion(layout, a, 'baseline');
    setChampion(layout, b, 'better');
  } finally {
    delete process.env.EDGELAB_NO_SYMLINKS;
  }
  assert.ok(lstatSync(layout.championCurrent).isDirectory());
  assert.ok(existsSync(join(layout.championCurrent, COPY_MARKER)));
  const r = readChampion(layout);
  assert.equal(r.current?.id, 'v2-002');
  assert.equal(r.previous?.id, 'v2-001');
  assert.equal(readJournal(layout)!.mode, 'copy');
});

const here = fileURLToPath(new URL('.', import.meta.url));
// Compiled (a whole-suite run: scripts/build-tests.mjs), the child imports the compiled modules
// beside this file with plain node; from the sources, the .ts through tsx.
const compiledRun = fileURLToPath(import.meta.url).endsWith('.js');
const ext = compiledRun ? '.js' : '.ts';
const loader = compiledRun ? [] : ['--import', 'tsx'];
for (const step of ['after-journal', 'after-previous', 'after-current']) {
  test(`a promotion killed ${step} leaves the old champion or the new one, never a mixed one`, async () => {
    const { dir, layout, a, b, c } = project();
    setChampion(layout, a, 'baseline');
    setChampion(layout, b, 'phase 2');
    const script = `import { createLayout } from ${JSON.stringify(join(here, `layout${ext}`))};
      import { setChampion } from ${JSON.stringify(join(here, `champion${ext}`))};
      setChampion(createLayout(${JSON.stringify(dir)}), ${JSON.stringify(c)}, 'phase 3');`;
    // Through the test launcher when this process is big (test/helpers/spawn.ts): a fork of it costs it page faults.
    const res = await runCommand(process.execPath, [...loader, '--input-type=module', '-e', script], {
      env: { ...process.env, EDGELAB_FAULT: `champion:${step}` },
      cwd: process.cwd(),
    });
    assert.equal(res.signal, 'SIGKILL', res.stderr);
    const r = readChampion(layout); // rolls a pending change forward
    const state = `${r.current?.id}/${r.previous?.id}`;
    assert.equal(state, 'v2-004/v2-002', `after ${step}`);
    assert.equal(inspectLink(layout.championCurrent).state, 'ok');
    assert.equal(inspectLink(layout.championPrevious).state, 'ok');
    assert.equal(readJournal(layout)!.pending, false);
  });
}

test('a project moved to another directory: the next promotion links the previous champion inside the moved tree, not to the old location', async () => {
  const { dir, layout, a, b } = project();
  setChampion(layout, a, 'baseline');
  const moved = `${dir}-moved`;
  await runCommand('mv', [dir, moved], { env: process.env, cwd: process.cwd() });
  try {
    const L = createLayout(moved);
    assert.equal(readJournal(L)!.current!.bundle, L.modelBundle('v2-001', 1), 'the recorded path is read in the moved tree');
    setChampion(L, { id: b.id, bundle: L.modelBundle('v2-002', 2) }, 'passed gates');
    assert.equal(readlinkSync(L.championPrevious), '../baseline/v2-001');
    assert.equal(readChampion(L).previous?.id, 'v2-001');
  } finally {
    rmSync(moved, { recursive: true, force: true });
  }
});
