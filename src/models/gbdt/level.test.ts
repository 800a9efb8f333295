import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import test from 'node:test';
import { friedman1 } from '../../../test/support/gbdt-testdata.ts';
import { Rng } from '../../util/prng.ts';
import { Gbdt } from './gbdt.ts';
import { arraysIn, heapLayout, histogramModule, returnMemory, setFeatures, setHistogramKernel, takeMemory } from './heap.ts';

const wasmExpected = process.env.EDGELAB_NO_WASM !== '1';

test('the WebAssembly histogram kernel is built by the install (npm ci → scripts/build-wasm.mjs)', () => {
  assert.equal(histogramModule() !== null, wasmExpected);
});

test('histogram kernel: WebAssembly and its JavaScript twin add the same bits (8-feature passes, the remainder, a feature sub-range)', { skip: !wasmExpected }, () => {
  const n = 3000;
  const p = 13;
  const nBins = Int32Array.from({ length: p }, (_, j) => 2 + ((j * 37) % 255));
  const offsets = new Int32Array(p);
  let slots = 0;
  for (let j = 0; j < p; j++) {
    offsets[j] = slots;
    slots += nBins[j]! + 1;
  }
  const L = heapLayout(n, p, slots * 2, 4);
  const results: Float64Array[] = [];
  for (const module of [histogramModule(), null]) {
    const mem = takeMemory(L.arena + 2 * slots * 16);
    const a = arraysIn(mem, L, module, { lambda: 1, gamma: 0, minChildWeight: 1 });
    const r = new Rng(3);
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) a.codes[j * n + i] = r.int(nBins[j]! + 1); // the last code: missing
    a.offsets.set(offsets);
    a.nBins.set(nBins);
    let m = 0;
    for (let i = 0; i < n; i++) if (r.next() < 0.6) a.idx[m++] = i;
    for (let i = 0; i < 2 * m; i++) a.scratch[i] = r.normal() * 10 ** r.int(6);
    setFeatures(mem, L, a, Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    a.hist(0).fill(0);
    a.accumulate(0, 0, p, 0, m);
    setFeatures(mem, L, a, Int32Array.from([1, 4, 5, 9, 12]));
    a.hist(1).fill(0);
    a.accumulate(1, 2, 5, 7, m - 5);
    results.push(a.hist(0).slice(), a.hist(1).slice());
    returnMemory(mem);
  }
  assert.ok(results[0]!.some((v) => v !== 0));
  assert.deepEqual(Array.from(results[0]!), Array.from(results[2]!));
  assert.deepEqual(Array.from(results[1]!), Array.from(results[3]!));
});

// sha256 of the trees' JSON, recorded from commit 7b4d781 (before row shards and the
// WebAssembly kernel): for unweighted data the model is unchanged to the bit.
const RECORDED = {
  depthwise: 'df51bbe7095e769837855273d034785be0fb39b35aa532c87a3b4e8112202b4e',
  oblivious: 'bb34df261abf4d9a2d5b139d7efddb84d1f3d6bcde24a4f1bda92fcb93b8b922',
};

test('gbdt: models are the ones trained before row shards — JavaScript kernel on one thread, WebAssembly on two', () => {
  const big = friedman1(2500, 40, 21); // 100k cells: two threads take part
  const hash = (m: Gbdt) => createHash('sha256').update(JSON.stringify(m.toJSON().trees)).digest('hex');
  for (const tree of ['depthwise', 'oblivious'] as const) {
    const p = { n_estimators: 25, max_depth: 5, tree, subsample: 0.9, colsample_bytree: 0.8, seed: 2 };
    setHistogramKernel('js');
    try {
      assert.equal(hash(new Gbdt({ ...p, n_threads: 1 }).fit(big.X, big.y)), RECORDED[tree], `${tree}, JavaScript kernel, 1 thread`);
    } finally {
      setHistogramKernel(null);
    }
    assert.equal(hash(new Gbdt({ ...p, n_threads: 2 }).fit(big.X, big.y)), RECORDED[tree], `${tree}, ${wasmExpected ? 'WebAssembly' : 'JavaScript'} kernel, 2 threads`);
  }
});

test('gbdt: two threads give one thread\'s model with weights, Huber, and sampling that leaves a row shard nearly or wholly empty', () => {
  const big = friedman1(2500, 40, 23);
  const w = Float64Array.from({ length: 2500 }, (_, i) => 0.5 + ((i * 7) % 5) / 3);
  for (const [subsample, tree] of [[0.2, 'depthwise'], [0.002, 'depthwise'], [0.3, 'oblivious']] as const) {
    const p = { n_estimators: 8, max_depth: 4, tree, objective: 'huber' as const, subsample, seed: 5 };
    const one = new Gbdt({ ...p, n_threads: 1 }).fit(big.X, big.y, { sampleWeight: w });
    const two = new Gbdt({ ...p, n_threads: 2 }).fit(big.X, big.y, { sampleWeight: w });
    assert.deepEqual(two.toJSON().trees, one.toJSON().trees, `subsample ${subsample}, ${tree}`);
    assert.ok(one.trees.some((t) => t.feature.some((f) => f >= 0)), 'the trees split');
  }
});
