import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatEntry, MANIFEST_HEADER, manifestWith, oneLine, parseManifest, type ManifestEntry } from './archive-manifest.ts';

const entry = (over: Partial<ManifestEntry> = {}): ManifestEntry => ({
  id: 'v2-002',
  action: 'archived',
  at: '2026-11-29T04:00:00.000Z',
  reason: 'superseded by v2-004',
  previousStatus: '❌ rejected',
  moves: [{ from: 'models/candidates/v2-002', to: 'archive/deprecated/v2-002' }],
  mlflowRuns: ['b2b2'],
  ...over,
});

test('an entry reads back as written; restored entries and foreign text are handled', () => {
  const text = MANIFEST_HEADER + formatEntry(entry()) + '\nsome note a person added\n' + formatEntry(entry({ action: 'restored', moves: [], mlflowRuns: [], previousStatus: '' }));
  const parsed = parseManifest(text);
  assert.deepEqual(parsed, [entry(), entry({ action: 'restored', moves: [], mlflowRuns: [], previousStatus: '' })]);
});

test('property: any reason survives the round trip as one line (newlines and markup collapsed)', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), (reason, status) => {
      const [e] = parseManifest(MANIFEST_HEADER + formatEntry(entry({ reason, previousStatus: status })));
      assert.equal(e!.reason, oneLine(reason));
      assert.equal(e!.previousStatus, oneLine(status) === '(none)' ? '' : oneLine(status));
      assert.deepEqual(e!.moves, entry().moves);
    }),
    { numRuns: 300 },
  );
});

test('the summary table at the top lists every entry (issue 20: it stayed empty while entries went below it)', () => {
  // A manifest as init wrote it before this fix: an old header and an empty table.
  const old = '# Archive manifest\n\nWhat was moved into `archive/` and why.\n\n| Date | Item | Moved from | Reason |\n|---|---|---|---|\n';
  const one = manifestWith(old, entry({ reason: 'superseded | by v2-004' }));
  const two = manifestWith(one + '\nsome note a person added\n', entry({ action: 'restored', at: '2026-11-30T09:00:00.000Z', moves: [{ from: 'archive/deprecated/v2-002', to: 'models/candidates/v2-002' }], reason: 'needed again' }));
  const table = two.split('\n').filter((l) => l.startsWith('| 2026'));
  assert.deepEqual(table, [
    '| 2026-11-29 | v2-002 | archived | models/candidates/v2-002 | superseded \\| by v2-004 |',
    '| 2026-11-30 | v2-002 | restored | archive/deprecated/v2-002 | needed again |',
  ]);
  assert.ok(two.startsWith(MANIFEST_HEADER), 'the header is the current one');
  assert.equal(two.match(/\| Date \|/g)!.length, 1, 'one table only');
  assert.match(two, /some note a person added/);
  assert.deepEqual(parseManifest(two).map((e) => e.action), ['archived', 'restored']);
  assert.equal(parseManifest(two)[0]!.reason, 'superseded | by v2-004');
  // A new file starts the same way.
  assert.equal(manifestWith(null, entry()).split('\n').filter((l) => l.startsWith('| 2026')).length, 1);
});
