// Sorting float64 values (with an optional payload moved along) in linear time: binning sorts
// every feature column, and V8's comparison sort took 5 ms per 50k values, most of binning's
// time. LSD radix sort on the IEEE-754 bits mapped to an unsigned order (flip the sign bit of a
// positive number, all bits of a negative one): 6 passes of 11 bits, a pass skipped when every
// key has the same digit there (the sign and exponent of most columns). Values must not be NaN.

const BITS = 11;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;
const PASSES = Math.ceil(64 / BITS);
/** Which uint32 of a float64 holds its sign and exponent (1 on little-endian machines). */
const HI = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

function digit(hi: number, lo: number, shift: number): number {
  if (shift + BITS <= 32) return (lo >>> shift) & MASK;
  if (shift >= 32) return (hi >>> (shift - 32)) & MASK;
  return ((lo >>> shift) | (hi << (32 - shift))) & MASK;
}

/** Work buffers for sorting up to `capacity` values; reused across columns (fresh memory is slow to touch). */
export class RadixSorter {
  private readonly keys: Uint32Array[];
  private readonly pay2: Float64Array;
  private readonly count = new Int32Array(RADIX);

  constructor(capacity: number, withPayload: boolean) {
    this.keys = Array.from({ length: 4 }, () => new Uint32Array(capacity));
    this.pay2 = new Float64Array(withPayload ? capacity : 0);
  }

  /** Sort `values[0..m)` ascending in place, applying the same permutation to `payload` if given. */
  sort(values: Float64Array, m: number, payload: Float64Array | null = null): void {
    if (m < 64) insertionSort(values, m, payload);
    else radixSort(values, m, payload, this.keys, this.pay2, this.count);
  }
}

function radixSort(values: Float64Array, m: number, payload: Float64Array | null, keys: Uint32Array[], scratch: Float64Array, count: Int32Array): void {
  // Keys as (hi, lo) uint32 halves of the order-preserving bit pattern.
  let hi = keys[0]!;
  let lo = keys[1]!;
  const bits = new Uint32Array(values.buffer, values.byteOffset, 2 * m);
  for (let i = 0; i < m; i++) {
    const h = bits[2 * i + HI]!;
    const l = bits[2 * i + LO]!;
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let hi2 = keys[2]!;
  let lo2 = keys[3]!;
  let pay = payload;
  let pay2 = payload ? scratch : null;
  for (let pass = 0; pass < PASSES; pass++) {
    const shift = pass * BITS;
    count.fill(0);
    for (let i = 0; i < m; i++) count[digit(hi[i]!, lo[i]!, shift)]++;
    if (count[digit(hi[0]!, lo[0]!, shift)] === m) continue; // one digit value: order unchanged
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < m; i++) {
      const k = count[digit(hi[i]!, lo[i]!, shift)]++;
      hi2[k] = hi[i]!;
      lo2[k] = lo[i]!;
      if (pay) pay2![k] = pay[i]!;
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
    if (pay) [pay, pay2] = [pay2!, pay];
  }
  for (let i = 0; i < m; i++) {
    const h = hi[i]!;
    if (h & 0x80000000) {
      bits[2 * i + HI] = h & 0x7fffffff;
      bits[2 * i + LO] = lo[i]!;
    } else {
      bits[2 * i + HI] = ~h >>> 0;
      bits[2 * i + LO] = ~lo[i]! >>> 0;
    }
  }
  if (payload && pay !== payload) payload.set(pay!.subarray(0, m));
}

function insertionSort(v: Float64Array, m: number, w: Float64Array | null): void {
  for (let i = 1; i < m; i++) {
    const x = v[i]!;
    const wx = w ? w[i]! : 0;
    let j = i - 1;
    while (j >= 0 && v[j]! > x) {
      v[j + 1] = v[j]!;
      if (w) w[j + 1] = w[j]!;
      j--;
    }
    v[j + 1] = x;
    if (w) w[j + 1] = wx;
  }
}
