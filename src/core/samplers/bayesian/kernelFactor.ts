/**
 * The Cholesky factor of a GP's kernel matrix K + σ²I, reusing an earlier factor when it can.
 *
 * Consecutive posteriors share most of their rows: the next proposal's model has the same
 * observations plus the new one (the hyperparameters change only on the refit schedule), and the
 * fantasy posterior of a concurrent sweep is the observed one plus the pending rows. The leading
 * block of a Cholesky factor is the factor of the leading block of its matrix, and the row-by-row
 * factorisation (linalg.ts `extendCholesky`) computes the remaining rows with the very operations
 * a full one would, so extending the factor over the rows the two share gives bit for bit the
 * factor of a fresh factorisation, in O(n²) per new row instead of O(n³). A pure cache: a fresh
 * sampler (a resumed sweep) gets exactly the same posterior.
 */
import { choleskyWithJitter, extendCholesky, NotPositiveDefiniteError, type CholeskyFactor } from './linalg';
import { crossKernel } from './kernel';

/** What a kernel matrix is made of: rows `x` (n × width) and the kernel's hyperparameters. */
export interface KernelInputs {
  readonly x: Float64Array;
  readonly n: number;
  readonly width: number;
  /** Per-feature 1/ℓ² (kernel.ts featureWeights): all the kernel reads of the lengthscales. */
  readonly weights: Float64Array;
  readonly signalVariance: number;
  readonly noiseVariance: number;
}

/** K + σ²I's factor, and what it was computed from. */
export interface KernelFactor extends KernelInputs {
  readonly factor: CholeskyFactor;
  /** The diagonal jitter the factorisation needed (linalg.ts choleskyWithJitter). */
  readonly jitter: number;
}

/**
 * The factor for `inputs`: extended from `earlier` over the leading rows both share when it was
 * made with the same kernel and needed no jitter, else factored from scratch. Either way the
 * same numbers as `choleskyWithJitter` on the whole matrix.
 */
export function factorKernel(inputs: KernelInputs, earlier?: KernelFactor): KernelFactor {
  const kept = earlier === undefined ? 0 : sharedRows(earlier, inputs);
  if (earlier !== undefined && kept > 0) {
    try {
      const factor = extendCholesky(earlier.factor, kept, kernelRows(inputs, kept), inputs.n);
      return { ...inputs, factor, jitter: 0 };
    } catch (error) {
      // A new pivot ≤ 0: the full factorisation fails there too without jitter, and its retry
      // with jitter changes every row, so it starts over.
      if (!(error instanceof NotPositiveDefiniteError)) throw error;
    }
  }
  // The rows from 0 are the whole lower triangle, all a factorisation reads.
  const { factor, jitter } = choleskyWithJitter(kernelRows(inputs, 0), inputs.n);
  return { ...inputs, factor, jitter };
}

/**
 * How many leading rows `earlier` can give `inputs`: 0 unless the kernel is the same and `earlier`
 * needed no jitter (with jitter, every row of it differs from the unjittered factor the full
 * factorisation tries first); else the length of the common prefix of their rows.
 */
function sharedRows(earlier: KernelFactor, inputs: KernelInputs): number {
  if (earlier.jitter !== 0 || earlier.width !== inputs.width) return 0;
  if (earlier.signalVariance !== inputs.signalVariance || earlier.noiseVariance !== inputs.noiseVariance) return 0;
  for (let f = 0; f < inputs.width; f++) if (earlier.weights[f] !== inputs.weights[f]) return 0;
  const width = inputs.width;
  const limit = Math.min(earlier.n, inputs.n);
  for (let i = 0; i < limit; i++) {
    for (let f = 0; f < width; f++) if (earlier.x[i * width + f] !== inputs.x[i * width + f]) return i;
  }
  return limit;
}

/** Rows `from` … n−1 of K + σ²I ((n − from) × n; only the lower triangle is filled). */
function kernelRows(inputs: KernelInputs, from: number): Float64Array {
  const { x, n, width, weights, signalVariance, noiseVariance } = inputs;
  const rows = new Float64Array((n - from) * n);
  for (let i = from; i < n; i++) {
    const row = rows.subarray((i - from) * n, (i - from + 1) * n);
    crossKernel(x, i * width, x, i + 1, width, weights, signalVariance, row);
    row[i] = signalVariance + noiseVariance;
  }
  return rows;
}
