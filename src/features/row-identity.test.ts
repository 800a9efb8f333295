// rowsKey reuses the ids kept with an earlier list of the same table for rows that are the very
// objects at the same places (the next week's data after a reveal). Kept = fresh: for random
// edits (a row replaced by a new frozen row — a reveal that changes an earlier week's row —,
// inserted, removed, two rows swapped), the key equals the hash of the rows' ids looked up one by
// one, and two versions have the same key exactly when they hold the same rows in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { rowId, rowsKey } from './row-identity.ts';

const fresh = (rows: readonly object[]): string => {
  const ids = Float64Array.from(rows, (r) => rowId(r)!);
  return createHash('sha256').update(new Uint8Array(ids.buffer)).digest('hex');
};

const edit = fc.record({ kind: fc.constantFrom('replace', 'insert', 'remove', 'swap'), at: fc.nat(), to: fc.nat() });

function apply(rows: object[], e: { kind: string; at: number; to: number }): object[] {
  const out = rows.slice();
  const i = out.length ? e.at % out.length : 0;
  if (e.kind === 'replace' && out.length) out[i] = Object.freeze({ v: e.to });
  else if (e.kind === 'insert') out.splice(i, 0, Object.freeze({ v: e.to }));
  else if (e.kind === 'remove' && out.length > 1) out.splice(i, 1);
  else if (e.kind === 'swap' && out.length) {
    const j = e.to % out.length;
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

test('rowsKey of each new version of a list equals the key of its rows looked up afresh', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 30 }), fc.array(edit, { maxLength: 12 }), (n, edits) => {
      let rows: object[] = Array.from({ length: n }, (_, v) => Object.freeze({ v }));
      const seen: { rows: object[]; key: string }[] = [];
      for (const e of [null, ...edits]) {
        if (e) rows = apply(rows, e);
        const key = rowsKey([rows.slice()])!; // a new array each time, as a new week's data is
        assert.equal(key, fresh(rows));
        for (const s of seen) assert.equal(key === s.key, s.rows.length === rows.length && s.rows.every((r, i) => r === rows[i]));
        seen.push({ rows, key });
      }
    }),
  );
});

test('a list with a row that could change has no key, and a frozen copy of a row is another row', () => {
  const a = Object.freeze({ v: 1 });
  const b = Object.freeze({ v: 2 });
  const k = rowsKey([[a, b]]);
  assert.equal(rowsKey([[a, { v: 2 }]]), null);
  assert.notEqual(rowsKey([[a, Object.freeze({ v: 2 })]]), k);
  assert.equal(rowsKey([[a, b]]), k);
});
