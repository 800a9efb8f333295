// Feature frames memoised within one process, keyed by their complete inputs: the data, the
// features config, the targets and the build options. The demo trains several experiments on one
// feature set over the same data (and a command may build the same frame twice); building is
// pure, so the second build is the first one's frame. The data is keyed by the identity of its
// row objects, which says what they hold only when they cannot change: a warehouse session hands
// out frozen rows (data/warehouse.ts), and data with any unfrozen row is never memoised.
import type { Dataset } from '../data/schema.ts';
import type { FeatureFrame } from './frame.ts';
import { rowsKey } from './row-identity.ts';

// Frames kept: a demo alternates between a few feature sets; a frame is a few MB.
const KEEP = 4;

const frames = new Map<string, FeatureFrame>();

/** The rows' identities in order (each table closed by 0), hashed; null when a row could change. */
function dataKey(data: Dataset): string | null {
  return rowsKey([data.games, data.lines, data.teamGames]);
}

/** A copy of the memo's frame a caller may change without changing what the next caller gets. */
function handOut(f: FeatureFrame): FeatureFrame {
  return { ...f, columns: [...f.columns], rows: f.rows.map((r) => ({ ...r, values: r.values.slice() })), meta: { adjustment: f.meta.adjustment.map((a) => ({ ...a })) } };
}

/** `build()`'s frame, or the frame an earlier build with the same inputs gave. */
export function memoFrame(data: Dataset, inputs: unknown, build: () => FeatureFrame): FeatureFrame {
  const dk = dataKey(data);
  if (dk === null) return build();
  const key = `${dk}/${JSON.stringify(inputs)}`;
  let frame = frames.get(key);
  if (frame) frames.delete(key); // re-inserted below: the most recently used is kept longest
  else frame = build();
  frames.set(key, frame);
  while (frames.size > KEEP) frames.delete(frames.keys().next().value!);
  return handOut(frame);
}

/** Forget every frame (tests). */
export function clearFrameMemo(): void {
  frames.clear();
}
