// Seeded pseudo-random numbers (xoshiro128**), so demo data, subsampling and bootstraps are
// reproducible for a seed on every machine.
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  // The second value of the last Box–Muller pair, when hasSpare. A number field with a flag, not
  // number | null: a field that holds null as well boxes every number stored in it (a heap
  // allocation per normal draw; the demo league draws ≈ 150,000 per generation).
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    // splitmix32 expands one seed into the four state words.
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * Fills `out` with uniform integers in [0, n) — exactly the values of out.length calls of
   * int(n), leaving the generator in the same state — several times faster, because the state
   * stays in local int32 variables (the bootstrap draws millions of block indices).
   */
  fillInt(out: Int32Array, n: number): void {
    const u = uniformScratch;
    for (let at = 0; at < out.length; at += u.length) {
      const m = Math.min(u.length, out.length - at);
      this.fillUniform(u, m);
      for (let k = 0; k < m; k++) out[at + k] = Math.floor(u[k]! * n);
    }
  }

  /**
   * Fills `out[0..m)` (all of it by default) with uniforms in [0, 1) — exactly the values of as
   * many calls of next(), leaving the generator in the same state — with the state in local
   * int32 variables: a next() that is not inlined returns each draw as a fresh heap number
   * (GBDT's row subsampling draws one per row per tree).
   */
  fillUniform(out: Float64Array, m = out.length): void {
    let s0 = this.s0 | 0;
    let s1 = this.s1 | 0;
    let s2 = this.s2 | 0;
    let s3 = this.s3 | 0;
    for (let i = 0; i < m; i++) {
      const x = Math.imul(s1, 5);
      const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      out[i] = result / 4294967296;
    }
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
  }

  /** Standard normal (Box–Muller, caching the second value). */
  normal(mean = 0, sd = 1): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sd * this.spare;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = true;
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }
}

/** fillInt's uniforms, a block at a time (one buffer for the process: no fresh memory per call). */
const uniformScratch = new Float64Array(4096);

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
