import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatEntry, MANIFEST_HEADER, oneLine, parseManifest, type ManifestEntry } from './archive-manifest.ts';

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
