/**
 * The negative log marginal likelihood of a Matérn 5/2 ARD Gaussian process and its gradient in
 * the log hyperparameters: the function L-BFGS evaluates about a hundred times per fit, so it was
 * half of a proposal's CPU time. Why it is written the way it is:
 * - the per-group squared distances of every pair are packed once per fit (pair-major), so one
 *   evaluation reads them sequentially instead of from one n×n array per group;
 * - every buffer (kernel, factor, inverse) is allocated once per fit and reused by every step;
 * - one exp per pair serves both the kernel value and its lengthscale derivative;
 * - only lower triangles are formed, and the inverse K⁻¹ = L⁻ᵀL⁻¹ (the gradient needs all of its
 *   entries: ∂/∂θ NLL = ½·Σ_ij (K⁻¹ − ααᵀ)_ij ∂K_ij/∂θ) is built from L⁻¹ stored transposed, so
 *   every inner loop runs over contiguous memory;
 * - the gradient (two thirds of an evaluation: L⁻¹ and K⁻¹) is computed only when asked for
 *   (`value`, then `gradient`): L-BFGS needs it only at the points its line search accepts, and
 *   about one evaluation in five is a rejected trial step.
 */
import type { FeatureLayout } from './features';
import { dot } from './linalg';

const SQRT5 = Math.sqrt(5);
const LOG_2PI = Math.log(2 * Math.PI);
/** Diagonal jitters tried in turn when the kernel matrix does not factor (nearly equal points). */
const JITTERS = [0, 1e-8, 1e-6] as const;

/** f(θ) and ∂f/∂θ; the value is +∞ when no jitter makes K positive definite. */
export interface ObjectiveValue {
  readonly value: number;
  readonly gradient: Float64Array;
}

/**
 * The data of one fit (rows `x`, n × layout.width, standardised targets `y`) and the workspace of
 * its evaluations. θ = (log ℓ_1 … log ℓ_G, log s², log σ²); the priors are added by the caller.
 */
export class MarginalLikelihood {
  readonly groupCount: number;
  private readonly pairDistances: Float64Array;
  private readonly kernel: Float64Array;
  private readonly lengthscaleFactor: Float64Array;
  private readonly lower: Float64Array;
  private readonly inverseTransposed: Float64Array;
  private readonly alpha: Float64Array;
  private readonly invL2: Float64Array;
  /** The last `value` call's signal and noise variances, and whether its K factored. */
  private signal = 1;
  private noise = 1;
  private factored = false;

  constructor(layout: FeatureLayout, x: Float64Array, private readonly y: Float64Array, private readonly n: number) {
    const groups = layout.dimensions.length;
    const width = layout.width;
    this.groupCount = groups;
    const pairs = (n * (n - 1)) / 2;
    this.pairDistances = new Float64Array(pairs * groups);
    let p = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++, p++) {
        for (let f = 0; f < width; f++) {
          const d = (x[i * width + f] ?? 0) - (x[j * width + f] ?? 0);
          const slot = p * groups + (layout.groupOf[f] ?? 0);
          this.pairDistances[slot] = (this.pairDistances[slot] ?? 0) + d * d;
        }
      }
    }
    this.kernel = new Float64Array(pairs);
    this.lengthscaleFactor = new Float64Array(pairs);
    this.lower = new Float64Array(n * n);
    this.inverseTransposed = new Float64Array(n * n);
    this.alpha = new Float64Array(n);
    this.invL2 = new Float64Array(groups);
  }

  /** NLL(θ) and its gradient (a fresh array: L-BFGS keeps it). */
  evaluate(theta: Float64Array): ObjectiveValue {
    const value = this.value(theta);
    return { value, gradient: this.gradient() };
  }

  /** NLL(θ), +∞ when no jitter makes K positive definite; `gradient()` then gives ∂/∂θ at this θ. */
  value(theta: Float64Array): number {
    const { n, groupCount: groups, pairDistances, kernel, lengthscaleFactor, invL2 } = this;
    for (let g = 0; g < groups; g++) invL2[g] = Math.exp(-2 * (theta[g] ?? 0));
    const signal = Math.exp(theta[groups] ?? 0);
    const noise = Math.exp(theta[groups + 1] ?? 0);
    const pairs = kernel.length;
    for (let p = 0; p < pairs; p++) {
      let r2 = 0;
      const base = p * groups;
      for (let g = 0; g < groups; g++) r2 += pairDistances[base + g]! * invL2[g]!;
      const sr = SQRT5 * Math.sqrt(r2);
      const e = signal * Math.exp(-sr);
      kernel[p] = e * (1 + sr + (sr * sr) / 3);
      lengthscaleFactor[p] = e * (5 / 3) * (1 + sr);
    }
    this.signal = signal;
    this.noise = noise;
    this.factored = this.factorWithJitter(signal + noise);
    if (!this.factored) return Infinity;
    const { lower, alpha } = this;
    // α = K⁻¹y by the two triangular solves.
    for (let i = 0; i < n; i++) {
      alpha[i] = ((this.y[i] ?? 0) - dot(lower, i * n, alpha, 0, i)) / (lower[i * n + i] ?? 1);
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = alpha[i] ?? 0;
      for (let k = i + 1; k < n; k++) sum -= lower[k * n + i]! * alpha[k]!;
      alpha[i] = sum / (lower[i * n + i] ?? 1);
    }
    let fit = 0;
    let logDet = 0;
    for (let i = 0; i < n; i++) {
      fit += (this.y[i] ?? 0) * (alpha[i] ?? 0);
      logDet += 2 * Math.log(lower[i * n + i] ?? 1);
    }
    return 0.5 * fit + 0.5 * logDet + 0.5 * n * LOG_2PI;
  }

  /** ∂NLL/∂θ at the θ of the last `value` call (a fresh array: L-BFGS keeps it; zeros if K did not factor). */
  gradient(): Float64Array {
    const { n, groupCount: groups, pairDistances, kernel, lengthscaleFactor, invL2, signal, noise } = this;
    const gradient = new Float64Array(groups + 2);
    if (!this.factored) return gradient;
    const { lower, alpha, inverseTransposed: mt } = this;
    // Row j of mt is column j of L⁻¹ (entries k ≥ j), by forward substitution on e_j.
    mt.fill(0);
    for (let j = 0; j < n; j++) {
      const rowJ = j * n;
      mt[rowJ + j] = 1 / (lower[rowJ + j] ?? 1);
      for (let i = j + 1; i < n; i++) {
        const rowI = i * n;
        mt[rowJ + i] = -dot(lower, rowI + j, mt, rowJ + j, i - j) / lower[rowI + i]!;
      }
    }
    let signalGrad = 0;
    let noiseGrad = 0;
    let p = 0;
    for (let i = 0; i < n; i++) {
      const rowI = i * n;
      const alphaI = alpha[i] ?? 0;
      for (let j = 0; j <= i; j++) {
        // (K⁻¹)_ij = Σ_{k ≥ i} (L⁻¹)_ki·(L⁻¹)_kj, both rows of mt read from k = i on.
        const rowJ = j * n;
        const inverse = dot(mt, rowI + i, mt, rowJ + i, n - i);
        const w = inverse - alphaI * alpha[j]!;
        if (j === i) {
          signalGrad += 0.5 * w * signal;
          noiseGrad += 0.5 * w * noise;
          continue;
        }
        // Off-diagonal pairs count twice (K is symmetric), which cancels the ½.
        signalGrad += w * kernel[p]!;
        const common = w * lengthscaleFactor[p]!;
        const base = p * groups;
        for (let g = 0; g < groups; g++) gradient[g] = gradient[g]! + common * pairDistances[base + g]!;
        p++;
      }
    }
    for (let g = 0; g < groups; g++) gradient[g] = (gradient[g] ?? 0) * (invL2[g] ?? 0);
    gradient[groups] = signalGrad;
    gradient[groups + 1] = noiseGrad;
    return gradient;
  }

  /** Cholesky of K (+ jitter) into `lower`, trying JITTERS in turn; false when none works. */
  private factorWithJitter(diagonal: number): boolean {
    const { n, kernel, lower } = this;
    for (const jitter of JITTERS) {
      let p = 0;
      let failed = false;
      for (let i = 0; i < n && !failed; i++) {
        const rowI = i * n;
        for (let j = 0; j < i; j++, p++) {
          const rowJ = j * n;
          lower[rowI + j] = (kernel[p]! - dot(lower, rowI, lower, rowJ, j)) / lower[rowJ + j]!;
        }
        const pivot = diagonal + jitter - dot(lower, rowI, lower, rowI, i);
        if (!(pivot > 0)) failed = true;
        else lower[rowI + i] = Math.sqrt(pivot);
      }
      if (!failed) return true;
    }
    return false;
  }
}
