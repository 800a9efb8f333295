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

// A list's key, kept with a copy of the list and its rows' ids: the same array asked again
// (monitor and predict get the week's data arrays) is checked element by element, a compare per
// row instead of a lookup. A new array (the next week's data after a reveal) holds mostly the
// same row objects at the same places as an earlier list of its table: a row that is the very
// object kept at its place has the id kept with it, and only the others are looked up.
interface KeptList {
  rows: readonly object[];
  ids: Float64Array;
  key: string | null;
}
const listKeys = new WeakMap<readonly object[], KeptList>();
// The lists keyed last, most recent last: a few tables (games, lines, team_game rows) of a few datasets.
const recent: KeptList[] = [];
const RECENT = 8;

function listKey(rows: readonly object[]): string | null {
  const kept = listKeys.get(rows);
  if (kept && kept.rows.length === rows.length && kept.rows.every((r, i) => r === rows[i])) return kept.key;
  // The most recent list that starts with the same row: the same table, an earlier version.
  let like: KeptList | undefined;
  for (let j = recent.length - 1; j >= 0 && rows.length > 0; j--) {
    if (recent[j]!.rows[0] === rows[0]) {
      like = recent[j];
      break;
    }
  }
  const ids = new Float64Array(rows.length);
  let key: string | null = null;
  let i = 0;
  for (const r of rows) {
    const id = like && i < like.rows.length && like.rows[i] === r ? like.ids[i]! : rowId(r);
    if (id === null) break;
    ids[i++] = id;
  }
  if (i === rows.length) key = createHash('sha256').update(new Uint8Array(ids.buffer)).digest('hex');
  const entry = { rows: rows.slice(), ids, key };
  listKeys.set(rows, entry);
  if (key !== null) {
    recent.push(entry);
    if (recent.length > RECENT) recent.shift();
  }
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
