// Standard normal distribution function, accurate to ~1e-15 absolute (Marsaglia 2004, "Evaluating
// the Normal Distribution": Taylor series of Φ around 0, which converges for every x).

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Φ(x) = P(Z ≤ x) for a standard normal Z. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < -38) return 0;
  if (x > 38) return 1;
  let s = x;
  let t = 0;
  let b = x;
  const q = x * x;
  for (let i = 1; s !== t; i += 2) {
    t = s;
    b *= q / (i + 2);
    s = t + b;
  }
  // Rounding can push the far tails a hair outside [0, 1].
  return Math.min(1, Math.max(0, 0.5 + s * Math.exp(-0.5 * q - LN_SQRT_2PI)));
}
