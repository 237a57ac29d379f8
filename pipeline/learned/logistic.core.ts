/**
 * L2-regularised binary logistic regression on sparse binary features, fitted by L-BFGS with a
 * backtracking line search. Deterministic: no randomness, a fixed order of every sum, a fixed
 * iteration limit and tolerance, so the same data gives bit-identical weights.
 */

/** Rows of binary features in compressed sparse row form. */
export interface SparseRows {
  readonly cols: number;
  /** Row r holds the columns colIdx[rowPtr[r]] … colIdx[rowPtr[r + 1] - 1]. */
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
}

export interface FitOptions {
  /** Weight of ½‖w‖² (the bias is not regularised). */
  readonly l2: number;
  /** Weight of each positive example's loss (negatives weigh 1). */
  readonly positiveWeight: number;
  readonly maxIterations: number;
  /** Stop when ‖gradient‖ ≤ tolerance × ‖gradient at the start‖. */
  readonly tolerance: number;
  /** Starting point (weights then bias, length cols + 1); zeros when absent. */
  readonly start?: Float64Array;
}

export interface FittedLogistic {
  /** Weights then bias, length cols + 1. */
  readonly theta: Float64Array;
  readonly iterations: number;
}

/** Numerically safe log(1 + e^x). */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Scores (w·x + b) of the given rows. */
export function scoreRows(x: SparseRows, rows: Int32Array, theta: Float64Array, out: Float64Array): void {
  const bias = theta[x.cols]!;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    let z = bias;
    for (let p = x.rowPtr[r]!; p < x.rowPtr[r + 1]!; p++) z += theta[x.colIdx[p]!]!;
    out[k] = z;
  }
}

/** Probabilities of the given rows. */
export function predictRows(x: SparseRows, rows: Int32Array, theta: Float64Array): Float64Array {
  const out = new Float64Array(rows.length);
  scoreRows(x, rows, theta, out);
  for (let k = 0; k < out.length; k++) out[k] = sigmoid(out[k]!);
  return out;
}

/**
 * Fits the rows `rows` of `x` with targets `y` (1 positive, 0 negative, indexed by row).
 */
export function fitLogistic(
  x: SparseRows,
  y: Uint8Array,
  rows: Int32Array,
  options: FitOptions,
): FittedLogistic {
  const n = x.cols + 1;
  const z = new Float64Array(rows.length);

  const evaluate = (theta: Float64Array, grad: Float64Array): number => {
    scoreRows(x, rows, theta, z);
    grad.fill(0);
    let loss = 0;
    let gBias = 0;
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      const positive = y[r] === 1;
      const c = positive ? options.positiveWeight : 1;
      const zk = z[k]!;
      loss += c * softplus(positive ? -zk : zk);
      const resid = c * (sigmoid(zk) - (positive ? 1 : 0));
      gBias += resid;
      for (let p = x.rowPtr[r]!; p < x.rowPtr[r + 1]!; p++) grad[x.colIdx[p]!]! += resid;
    }
    let reg = 0;
    for (let j = 0; j < x.cols; j++) {
      const w = theta[j]!;
      reg += w * w;
      grad[j]! += options.l2 * w;
    }
    grad[x.cols] = gBias;
    return loss + 0.5 * options.l2 * reg;
  };

  const theta = options.start ? Float64Array.from(options.start) : new Float64Array(n);
  const grad = new Float64Array(n);
  let f = evaluate(theta, grad);
  const g0 = norm(grad);
  if (g0 === 0) return { theta, iterations: 0 };

  // Curvature pairs in a ring buffer: slot (first + h) % m holds the h-th oldest pair.
  const m = 6;
  const sHist = Array.from({ length: m }, () => new Float64Array(n));
  const yHist = Array.from({ length: m }, () => new Float64Array(n));
  const rho = new Float64Array(m);
  const alpha = new Float64Array(m);
  let first = 0;
  let count = 0;
  const dir = new Float64Array(n);
  const next = new Float64Array(n);
  const nextGrad = new Float64Array(n);

  let iter = 0;
  for (; iter < options.maxIterations; iter++) {
    if (norm(grad) <= options.tolerance * g0) break;
    // Two-loop recursion: dir = -H·grad.
    for (let j = 0; j < n; j++) dir[j] = -grad[j]!;
    for (let h = count - 1; h >= 0; h--) {
      const slot = (first + h) % m;
      const a = rho[slot]! * dot(sHist[slot]!, dir);
      alpha[slot] = a;
      axpy(-a, yHist[slot]!, dir);
    }
    if (count > 0) {
      const slot = (first + count - 1) % m;
      const yy = yHist[slot]!;
      const gamma = dot(sHist[slot]!, yy) / dot(yy, yy);
      for (let j = 0; j < n; j++) dir[j]! *= gamma;
    } else {
      const scale = 1 / norm(grad);
      for (let j = 0; j < n; j++) dir[j]! *= scale;
    }
    for (let h = 0; h < count; h++) {
      const slot = (first + h) % m;
      const b = rho[slot]! * dot(yHist[slot]!, dir);
      axpy(alpha[slot]! - b, sHist[slot]!, dir);
    }
    let slope = dot(grad, dir);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): forget the history, take steepest descent.
      count = 0;
      const scale = 1 / norm(grad);
      for (let j = 0; j < n; j++) dir[j] = -grad[j]! * scale;
      slope = dot(grad, dir);
    }
    let step = 1;
    let fNext = 0;
    let accepted = false;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < n; j++) next[j] = theta[j]! + step * dir[j]!;
      fNext = evaluate(next, nextGrad);
      if (fNext <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    const slot = count < m ? (first + count) % m : first;
    const s = sHist[slot]!;
    const yv = yHist[slot]!;
    let sy = 0;
    for (let j = 0; j < n; j++) {
      const sj = next[j]! - theta[j]!;
      const yj = nextGrad[j]! - grad[j]!;
      s[j] = sj;
      yv[j] = yj;
      sy += sj * yj;
    }
    if (sy > 1e-12) {
      rho[slot] = 1 / sy;
      if (count < m) count++;
      else first = (first + 1) % m;
    }
    theta.set(next);
    grad.set(nextGrad);
    const decrease = f - fNext;
    f = fNext;
    if (decrease <= 1e-10 * Math.max(1, Math.abs(f))) {
      iter++;
      break;
    }
  }
  return { theta, iterations: iter };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < x.length; j++) y[j]! += a * x[j]!;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}
