/**
 * The Matérn 5/2 kernel with one lengthscale per search-space dimension (ARD):
 *   k(x, x') = s²·(1 + √5·r + 5r²/3)·exp(−√5·r),   r² = Σ_g ‖x_g − x'_g‖² / ℓ_g²
 * where g runs over lengthscale groups (a one-hot block is one group). Matérn 5/2 rather than the
 * squared exponential because it assumes twice-differentiable, not infinitely smooth, objectives,
 * which fits training curves' end points better and is the default of most GP-BO libraries.
 */
import type { FeatureLayout } from './features';

const SQRT5 = Math.sqrt(5);

/** Kernel hyperparameters, on the natural scale. */
export interface KernelParams {
  /** ℓ_g for every group. */
  readonly lengthscales: Float64Array;
  /** s², the prior variance. */
  readonly signalVariance: number;
}

/** k as a function of r (already scaled by the lengthscales). */
export function matern52(r: number, signalVariance: number): number {
  const sr = SQRT5 * r;
  return signalVariance * (1 + sr + (sr * sr) / 3) * Math.exp(-sr);
}

/** Inverse squared lengthscale of every feature (its group's 1/ℓ²). */
export function featureWeights(layout: FeatureLayout, lengthscales: Float64Array): Float64Array {
  const weights = new Float64Array(layout.width);
  for (let f = 0; f < layout.width; f++) {
    const l = lengthscales[layout.groupOf[f] ?? 0] ?? 1;
    weights[f] = 1 / (l * l);
  }
  return weights;
}

/** k(x*, x_i) for every row i of `x` (n × width), with per-feature weights 1/ℓ². */
export function crossKernel(
  star: Float64Array, starOffset: number, x: Float64Array, n: number, width: number,
  weights: Float64Array, signalVariance: number, into: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    let r2 = 0;
    const row = i * width;
    for (let f = 0; f < width; f++) {
      const d = star[starOffset + f]! - x[row + f]!;
      r2 += d * d * weights[f]!;
    }
    into[i] = matern52(Math.sqrt(r2), signalVariance);
  }
}
