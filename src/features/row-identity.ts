// Row identities for memos that outlive one feature build (frame-memo.ts, build-memo.ts). A
// frozen row cannot change, so its identity says what it holds: a warehouse session hands out
// frozen rows, the same objects for rows a load left unchanged. An unfrozen row has no identity
// here, and whatever depends on it is never memoised.
import { createHash } from 'node:crypto';

const ids = new WeakMap<object, number>();
let nextId = 1;

/** A number naming this frozen row object for the life of the process; null when it could change. */
export function rowId(r: object): number | null {
  if (!Object.isFrozen(r)) return null;
  let id = ids.get(r);
  if (id === undefined) ids.set(r, (id = nextId++));
  return id;
}

/** sha256 of the rows' identities in order (each list closed by 0); null when a row could change. */
export function rowsKey(lists: readonly (readonly object[])[]): string | null {
  let n = lists.length;
  for (const l of lists) n += l.length;
  const seq = new Float64Array(n);
  let i = 0;
  for (const rows of lists) {
    for (const r of rows) {
      const id = rowId(r);
      if (id === null) return null;
      seq[i++] = id;
    }
    seq[i++] = 0;
  }
  return createHash('sha256').update(new Uint8Array(seq.buffer)).digest('hex');
}
