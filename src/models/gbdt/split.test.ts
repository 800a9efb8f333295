import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../util/prng.ts';
import { bestLevelSplit, bestSplit, MIN_GAIN, type LevelNode, type Split, type SplitParams } from './split.ts';

/** The level split as defined: at each candidate, every node's gain summed in node order. */
function reference(nodes: LevelNode[], offsets: Int32Array, nBins: Int32Array, features: Int32Array, sp: SplitParams): Split | null {
  let best: Split | null = null;
  let bestGain = Math.max(sp.gamma, MIN_GAIN);
  for (const f of features) {
    const nb = nBins[f]!;
    const o = offsets[f]! << 1;
    for (const missLeft of [false, true]) {
      const gl = nodes.map((nd) => (missLeft ? nd.hist[o + (nb << 1)]! : 0));
      const hl = nodes.map((nd) => (missLeft ? nd.hist[o + (nb << 1) + 1]! : 0));
      if (missLeft && !hl.some((h) => h > 0)) continue;
      for (let b = 0; b < nb - 1; b++) {
        let gain = 0;
        nodes.forEach((nd, k) => {
          gl[k] += nd.hist[o + (b << 1)]!;
          hl[k] += nd.hist[o + (b << 1) + 1]!;
          const hr = nd.H - hl[k]!;
          if (hl[k]! >= sp.minChildWeight && hr >= sp.minChildWeight) {
            const gr = nd.G - gl[k]!;
            gain += (gl[k]! * gl[k]!) / (hl[k]! + sp.lambda) + (gr * gr) / (hr + sp.lambda) - (nd.G * nd.G) / (nd.H + sp.lambda);
          }
        });
        if (gain > bestGain) [bestGain, best] = [gain, { gain, feature: f, bin: b, defaultLeft: missLeft, gLeft: NaN, hLeft: NaN }];
      }
    }
  }
  return best;
}

test('bestLevelSplit picks the split, and the gain to the bit, that summing every node at each candidate gives', () => {
  const rng = new Rng(3);
  const nBins = Int32Array.from([2, 17, 1, 40, 9]);
  const offsets = new Int32Array(nBins.length);
  for (let f = 1; f < nBins.length; f++) offsets[f] = offsets[f - 1]! + nBins[f - 1]! + 1;
  const slots = offsets.at(-1)! + nBins.at(-1)! + 1;
  let splits = 0;
  for (let round = 0; round < 60; round++) {
    const nodes: LevelNode[] = Array.from({ length: 1 << (round % 4) }, () => {
      const hist = new Float64Array(2 * slots);
      let G = 0;
      let H = 0;
      for (let s = 0; s < slots; s++) {
        // Sparse, with missing values in some features only, as small nodes are.
        if (rng.next() < 0.4) continue;
        const h = 1 + rng.int(6);
        hist[2 * s] = rng.normal(0, 3) * h;
        hist[2 * s + 1] = h;
      }
      for (let f = 0; f < nBins.length; f++) {
        if (f % 2 === round % 2) hist.fill(0, 2 * (offsets[f]! + nBins[f]!), 2 * (offsets[f]! + nBins[f]! + 1));
        for (let s = offsets[f]!; s <= offsets[f]! + nBins[f]!; s++) (G += hist[2 * s]!), (H += hist[2 * s + 1]!);
      }
      return { hist, G: G / nBins.length, H: H / nBins.length };
    });
    const features = Int32Array.from([0, 1, 2, 3, 4].filter((f) => f !== round % 5));
    const sp = { lambda: 1 + (round % 3), gamma: 0, minChildWeight: round % 2 ? 1 : 8 };
    const got = bestLevelSplit(nodes, offsets, nBins, features, sp);
    const want = reference(nodes, offsets, nBins, features, sp);
    assert.deepEqual(got, want, `round ${round}`);
    if (want) splits++;
  }
  assert.ok(splits > 40, `${splits} rounds found a split`);
});

/** bestSplit as defined: every candidate in order, each side's sums added up afresh from bin 0, the first of equal gains kept. */
function referenceNode(hist: Float64Array, offsets: Int32Array, nBins: Int32Array, features: Int32Array, G: number, H: number, sp: SplitParams): Split | null {
  let best: Split | null = null;
  const gainOf = (g: number, h: number) => (g * g) / (h + sp.lambda) + ((G - g) * (G - g)) / (H - h + sp.lambda) - (G * G) / (H + sp.lambda);
  for (const f of features) {
    const nb = nBins[f]!;
    const at = (b: number) => 2 * (offsets[f]! + b);
    for (let b = 0; b < nb - 1; b++) {
      let g = 0;
      let h = 0;
      for (let k = 0; k <= b; k++) [g, h] = [g + hist[at(k)]!, h + hist[at(k) + 1]!];
      const candidates: [number, number, boolean][] = [[g, h, false]];
      if (nb > 1 && hist[at(nb) + 1]! > 0) candidates.push([g + hist[at(nb)]!, h + hist[at(nb) + 1]!, true]);
      for (const [gl, hl, left] of candidates) {
        const ok = hl >= sp.minChildWeight && H - hl >= sp.minChildWeight;
        if (ok && gainOf(gl, hl) > (best?.gain ?? Math.max(sp.gamma, MIN_GAIN))) best = { gain: gainOf(gl, hl), feature: f, bin: b, defaultLeft: left, gLeft: gl, hLeft: hl };
      }
    }
  }
  return best;
}

test('bestSplit picks the split, its gain and its left sums to the bit, that trying every candidate in order gives', () => {
  const rng = new Rng(5);
  const nBins = Int32Array.from([2, 17, 1, 40, 9, 256]);
  const offsets = new Int32Array(nBins.length);
  for (let f = 1; f < nBins.length; f++) offsets[f] = offsets[f - 1]! + nBins[f - 1]! + 1;
  const slots = offsets.at(-1)! + nBins.at(-1)! + 1;
  let splits = 0;
  let missingLeft = 0;
  for (let round = 0; round < 80; round++) {
    const hist = new Float64Array(2 * slots);
    let G = 0;
    let H = 0;
    for (let s = 0; s < slots; s++) {
      if (rng.next() < 0.5) continue;
      const h = 1 + rng.int(6);
      hist[2 * s] = rng.normal(0, 3) * h;
      hist[2 * s + 1] = h;
    }
    for (let f = 0; f < nBins.length; f++) {
      if (f % 2 === round % 2) hist.fill(0, 2 * (offsets[f]! + nBins[f]!), 2 * (offsets[f]! + nBins[f]! + 1));
    }
    for (let s = 0; s < slots; s++) (G += hist[2 * s]!), (H += hist[2 * s + 1]!);
    G /= nBins.length;
    H /= nBins.length;
    const features = Int32Array.from([0, 1, 2, 3, 4, 5].filter((f) => f !== round % 6));
    const sp = { lambda: 1 + (round % 3), gamma: round % 5 === 0 ? 1e9 : 0, minChildWeight: round % 2 ? 1 : 20 };
    const from = round % 4 === 3 ? 2 : 0;
    const got = bestSplit(hist, offsets, nBins, features, G, H, sp, from);
    const want = referenceNode(hist, offsets, nBins, features.subarray(from), G, H, sp);
    assert.deepEqual(got, want, `round ${round}`);
    if (want) splits++;
    if (want?.defaultLeft) missingLeft++;
  }
  assert.ok(splits > 50 && splits < 80, `${splits} rounds found a split`);
  assert.ok(missingLeft > 0, 'a split sending missing values left');
});
