// Feature frames memoised within one process, keyed by their complete inputs: the data, the
// features config, the targets and the build options. The demo trains several experiments on one
// feature set over the same data (and a command may build the same frame twice); building is
// pure, so the second build is the first one's frame. The data is keyed by the identity of its
// row objects, which says what they hold only when they cannot change: a warehouse session hands
// out frozen rows (data/warehouse.ts), and data with any unfrozen row is never memoised.
import type { Dataset } from '../data/schema.ts';
import { copyFrameParts, type FeatureFrame } from './frame.ts';
import { Kept } from '../util/kept.ts';
import { rowsKey } from './row-identity.ts';

// Frames kept: a demo alternates between a few feature sets; a frame is a few MB.
const KEEP = 4;

const frames = new Kept<FeatureFrame>(KEEP);

/** The rows' identities in order (each table closed by 0), hashed; null when a row could change. */
function dataKey(data: Dataset): string | null {
  return rowsKey([data.games, data.lines, data.teamGames]);
}

/** A copy of the memo's frame a caller may change without changing what the next caller gets. */
function handOut(f: FeatureFrame): FeatureFrame {
  const { rows, adjustment } = copyFrameParts({ rows: f.rows, adjustment: f.meta.adjustment });
  return { ...f, columns: [...f.columns], rows, meta: { adjustment } };
}

/** `build()`'s frame, or the frame an earlier build with the same inputs gave. */
export function memoFrame(data: Dataset, inputs: unknown, build: () => FeatureFrame): FeatureFrame {
  const dk = dataKey(data);
  if (dk === null) return build();
  // the most recently used frames are kept longest
  return handOut(frames.get(`${dk}/${JSON.stringify(inputs)}`, build));
}

/** Forget every frame (tests). */
export function clearFrameMemo(): void {
  frames.clear();
}
