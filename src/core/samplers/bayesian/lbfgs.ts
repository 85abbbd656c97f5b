/**
 * Box-constrained minimisation by L-BFGS (Nocedal, "Updating quasi-Newton matrices with limited
 * storage", 1980; two-loop recursion) with projection onto the box and an Armijo backtracking
 * line search. Enough for the handful of GP hyperparameters; deterministic, so the sampler stays
 * a pure function of its history.
 */

/** f(x) and its gradient. */
export type Objective = (x: Float64Array) => { value: number; gradient: Float64Array };

/**
 * f with its gradient on demand: `gradient()` is ∇f at the x of the last `value(x)` call. The line
 * search rejects some trial points, and needs no gradient there: for the GP's marginal likelihood
 * the gradient is two thirds of the cost (marginalLikelihood.ts).
 */
export interface LazyObjective {
  value(x: Float64Array): number;
  gradient(): Float64Array;
}

function lazy(f: Objective): LazyObjective {
  let last: Float64Array = new Float64Array(0);
  return {
    value: (x) => {
      const result = f(x);
      last = result.gradient;
      return result.value;
    },
    gradient: () => last,
  };
}

/** Options of `minimizeBox`. */
export interface MinimizeOptions {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly maxIterations?: number;
  /** Pairs of updates kept. */
  readonly memory?: number;
  /** Stop when the projected gradient's largest entry falls below this. */
  readonly gradientTolerance?: number;
}

/** The best point found and its value. */
export interface MinimizeResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
}

function project(x: Float64Array, lower: Float64Array, upper: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(upper[i] ?? Infinity, Math.max(lower[i] ?? -Infinity, x[i] ?? 0));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/** Largest |g_i| over coordinates that are free to move in the descent direction. */
function projectedGradientNorm(x: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array): number {
  let norm = 0;
  for (let i = 0; i < x.length; i++) {
    const gi = g[i] ?? 0;
    const atLower = (x[i] ?? 0) <= (lower[i] ?? -Infinity) && gi > 0;
    const atUpper = (x[i] ?? 0) >= (upper[i] ?? Infinity) && gi < 0;
    if (!atLower && !atUpper) norm = Math.max(norm, Math.abs(gi));
  }
  return norm;
}

/** Minimises `f` from `start` inside [lower, upper]. A non-finite value counts as +∞ (rejected step). */
export function minimizeBox(objective: Objective | LazyObjective, start: Float64Array, options: MinimizeOptions): MinimizeResult {
  const f = typeof objective === 'function' ? lazy(objective) : objective;
  const { lower, upper } = options;
  const maxIterations = options.maxIterations ?? 50;
  const memory = options.memory ?? 6;
  const tolerance = options.gradientTolerance ?? 1e-5;
  const x = Float64Array.from(start);
  project(x, lower, upper);
  const startValue = f.value(x);
  if (!Number.isFinite(startValue)) return { x, value: startValue, iterations: 0 };
  let current = { value: startValue, gradient: f.gradient() };
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const g = current.gradient;
    if (projectedGradientNorm(x, g, lower, upper) < tolerance) break;
    // Two-loop recursion: d = −H·g.
    const q = Float64Array.from(g);
    const alphas: number[] = [];
    for (let k = sList.length - 1; k >= 0; k--) {
      const s = sList[k] ?? q;
      const y = yList[k] ?? q;
      const a = dot(s, q) / dot(y, s);
      alphas[k] = a;
      for (let i = 0; i < q.length; i++) q[i] = (q[i] ?? 0) - a * (y[i] ?? 0);
    }
    const lastS = sList[sList.length - 1];
    const lastY = yList[yList.length - 1];
    const gamma = lastS !== undefined && lastY !== undefined ? dot(lastS, lastY) / dot(lastY, lastY) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let i = 0; i < q.length; i++) q[i] = (q[i] ?? 0) * gamma;
    for (let k = 0; k < sList.length; k++) {
      const s = sList[k] ?? q;
      const y = yList[k] ?? q;
      const b = dot(y, q) / dot(y, s);
      const a = alphas[k] ?? 0;
      for (let i = 0; i < q.length; i++) q[i] = (q[i] ?? 0) + (a - b) * (s[i] ?? 0);
    }
    // Coordinates held at a bound by the direction stay put (a simple active set), so the step
    // is spent on the free ones instead of being projected away.
    const holdAtBounds = (d: Float64Array): Float64Array => d.map((v, i) =>
      ((x[i] ?? 0) <= (lower[i] ?? -Infinity) && v < 0) || ((x[i] ?? 0) >= (upper[i] ?? Infinity) && v > 0) ? 0 : v);
    let direction = holdAtBounds(q.map((v) => -v));
    if (dot(direction, g) >= 0) {
      // The curvature pairs gave no descent direction: restart from steepest descent.
      sList.length = 0;
      yList.length = 0;
      direction = holdAtBounds(g.map((v) => -v / Math.max(1, Math.sqrt(dot(g, g)))));
    }
    let step = 1;
    let accepted: { x: Float64Array; value: number; gradient: Float64Array } | undefined;
    for (let tries = 0; tries < 20; tries++) {
      const candidate = Float64Array.from(x, (v, i) => v + step * (direction[i] ?? 0));
      project(candidate, lower, upper);
      const moved = Float64Array.from(candidate, (v, i) => v - (x[i] ?? 0));
      const decrease = dot(g, moved);
      const value = f.value(candidate);
      if (Number.isFinite(value) && value <= current.value + 1e-4 * Math.min(decrease, 0)) {
        accepted = { x: candidate, value, gradient: f.gradient() };
        break;
      }
      step *= 0.5;
    }
    if (accepted === undefined) break;
    const s = Float64Array.from(accepted.x, (v, i) => v - (x[i] ?? 0));
    const y = Float64Array.from(accepted.gradient, (v, i) => v - (g[i] ?? 0));
    const improvement = current.value - accepted.value;
    x.set(accepted.x);
    current = { value: accepted.value, gradient: accepted.gradient };
    if (dot(s, y) > 1e-10) {
      sList.push(s);
      yList.push(y);
      if (sList.length > memory) {
        sList.shift();
        yList.shift();
      }
    }
    if (improvement < 1e-9 * Math.max(1, Math.abs(current.value))) break;
  }
  return { x, value: current.value, iterations };
}
