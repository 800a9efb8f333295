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

// A list's key, kept with a copy of the list: the same array asked again (monitor and predict get
// the week's data arrays) is checked element by element, a compare per row instead of a lookup.
const listKeys = new WeakMap<readonly object[], { rows: readonly object[]; key: string | null }>();

function listKey(rows: readonly object[]): string | null {
  const kept = listKeys.get(rows);
  if (kept && kept.rows.length === rows.length && kept.rows.every((r, i) => r === rows[i])) return kept.key;
  const seq = new Float64Array(rows.length);
  let key: string | null = null;
  let i = 0;
  for (const r of rows) {
    const id = rowId(r);
    if (id === null) break;
    seq[i++] = id;
  }
  if (i === rows.length) key = createHash('sha256').update(new Uint8Array(seq.buffer)).digest('hex');
  listKeys.set(rows, { rows: rows.slice(), key });
  return key;
}

/** A hash of the rows' identities, list by list in order; null when a row could change. */
export function rowsKey(lists: readonly (readonly object[])[]): string | null {
  const keys: string[] = [];
  for (const rows of lists) {
    const k = listKey(rows);
    if (k === null) return null;
    keys.push(k);
  }
  return keys.length === 1 ? keys[0]! : createHash('sha256').update(keys.join('/')).digest('hex');
}
