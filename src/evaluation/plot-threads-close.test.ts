// closePlotThreads (the demo ends its plot thread before the live season): the idle helper ends
// without failing anything, a plot being drawn meanwhile still arrives, and a later plot starts
// a new helper and gets the same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closePlotThreads, renderPng } from './plot-threads.ts';
import type { Spec } from './plots.ts';

const spec = (n: number) => ({ mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } }, data: { values: Array.from({ length: n }, (_, i) => ({ a: i })) } }) as Spec;

test('closing the plot threads ends idle helpers only; the next plot starts one again with the same bytes', async () => {
  const before = await renderPng(spec(5), { scale: 1 });
  // One plot still drawing while the idle helpers are closed: it arrives, with the bytes it would have had.
  const drawing = renderPng(spec(7), { scale: 1 });
  closePlotThreads();
  const during = await drawing;
  closePlotThreads(); // now idle: ended
  closePlotThreads(); // nothing left: no-op
  const after = await renderPng(spec(5), { scale: 1 });
  assert.deepEqual([...before.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  assert.ok(Buffer.from(after).equals(Buffer.from(before)), 'a plot after closing equals the one before');
  assert.ok(during.length > 100 && !Buffer.from(during).equals(Buffer.from(before)));
  // The helper started after closing is left (idle, unref'd) for the plots of the next files
  // in a unit batch: a helper's start costs ≈ 0.45 s of CPU.
});
