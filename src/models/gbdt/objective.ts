// Boosting objectives: per-row gradient and hessian of the loss at the current prediction.
// Huber uses hessian 1 everywhere (as LightGBM does): its true hessian is 0 in the tails,
// which would make leaf values blow up; 1 turns the tail into a clipped gradient step.

export interface Objective {
  name: 'squared_error' | 'huber';
  /** Constant starting prediction: weighted mean (squared error) or weighted median (Huber). */
  baseScore(y: ArrayLike<number>, w: Float64Array | null): number;
  /** Write interleaved (g, h) per row into gh. */
  gradients(y: ArrayLike<number>, pred: Float64Array, w: Float64Array | null, gh: Float64Array): void;
  /** Weighted mean loss (for early stopping and reporting). */
  loss(y: ArrayLike<number>, pred: Float64Array, w: Float64Array | null): number;
}

function weightedMean(y: ArrayLike<number>, w: Float64Array | null): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i]! : 1;
    s += wi * y[i]!;
    sw += wi;
  }
  return s / sw;
}

export function weightedMedian(y: ArrayLike<number>, w: Float64Array | null): number {
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => y[a]! - y[b]! || a - b);
  let total = 0;
  for (let i = 0; i < y.length; i++) total += w ? w[i]! : 1;
  let acc = 0;
  for (let k = 0; k < order.length; k++) {
    acc += w ? w[order[k]!]! : 1;
    if (acc >= total / 2) {
      // Exactly half: average with the next value, as the unweighted median of an even count.
      if (acc === total / 2 && k + 1 < order.length) return (y[order[k]!]! + y[order[k + 1]!]!) / 2;
      return y[order[k]!]!;
    }
  }
  return y[order[order.length - 1]!]!;
}

/** Weighted mean of loss(pred − y) over rows. */
function meanLoss(y: ArrayLike<number>, pred: Float64Array, w: Float64Array | null, loss: (r: number) => number): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < pred.length; i++) {
    const wi = w ? w[i]! : 1;
    s += wi * loss(pred[i]! - y[i]!);
    sw += wi;
  }
  return s / sw;
}

export const squaredError: Objective = {
  name: 'squared_error',
  baseScore: weightedMean,
  gradients(y, pred, w, gh) {
    for (let i = 0; i < pred.length; i++) {
      const wi = w ? w[i]! : 1;
      gh[i << 1] = wi * (pred[i]! - y[i]!);
      gh[(i << 1) + 1] = wi;
    }
  },
  loss: (y, pred, w) => meanLoss(y, pred, w, (r) => r * r),
};

export function huber(delta: number): Objective {
  return {
    name: 'huber',
    baseScore: weightedMedian,
    gradients(y, pred, w, gh) {
      for (let i = 0; i < pred.length; i++) {
        const wi = w ? w[i]! : 1;
        const r = pred[i]! - y[i]!;
        gh[i << 1] = wi * (r > delta ? delta : r < -delta ? -delta : r);
        gh[(i << 1) + 1] = wi;
      }
    },
    loss: (y, pred, w) =>
      meanLoss(y, pred, w, (r) => {
        const a = Math.abs(r);
        return a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
      }),
  };
}
