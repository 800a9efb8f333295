import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barFormat, fmtSeconds, lineProgress } from './progress.ts';

test('fmtSeconds: tenths under a minute, minutes and seconds above', () => {
  assert.equal(fmtSeconds(0.43), '0.4s');
  assert.equal(fmtSeconds(12.25), '12.3s');
  assert.equal(fmtSeconds(75), '1m15s');
  assert.equal(fmtSeconds(NaN), '?');
});

test('the bar shows elapsed time in tenths (cli-progress alone printed "0s" for any step under half a second)', () => {
  const options = { barsize: 10, barCompleteString: '#'.repeat(11), barIncompleteString: '.'.repeat(11), autopaddingChar: '   ', barGlue: '' };
  const params = { progress: 0.5, eta: 2, startTime: Date.now() - 1400, stopTime: null, total: 10, value: 5, maxWidth: 200 };
  const line = barFormat('walk-forward folds')(options as never, params as never, { detail: 'week 7' });
  assert.match(line, /^walk-forward folds \[#####\.\.\.\.\.\] 5\/10 \| 1\.[3-9]s elapsed \| eta\s+2s week 7$/);
  const stopped = barFormat('x')(options as never, { ...params, startTime: 1000, stopTime: 1400 } as never, { detail: '' });
  assert.match(stopped, /\| 0\.4s elapsed \|/);
});

test('lineProgress: plain lines with elapsed and eta, at most one per interval plus the last', () => {
  let out = '';
  const p = lineProgress({ write: (s: string) => ((out += s), true) } as never, 60_000);
  p.start(3, 'folds');
  p.tick();
  p.tick();
  p.tick(1, 'done');
  const lines = out.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^folds: 1\/3 elapsed \d+\.\ds eta/);
  assert.match(lines[1]!, /^folds: 3\/3 elapsed \d+\.\ds eta 0\.0s done$/);
});
