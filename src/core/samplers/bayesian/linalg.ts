/**
 * The small dense linear algebra a Gaussian process needs: Cholesky factorisation of a symmetric
 * positive-definite matrix, the two triangular solves, and what follows from them (solves with
 * the factor, the inverse, the log-determinant). Matrices are row-major `Float64Array`s of n×n;
 * n stays in the hundreds (the sampler works on a subset past that), so plain O(n³) loops are fine.
 */

/** A lower-triangular factor L with A = L·Lᵀ, row-major n×n (the upper triangle is zero). */
export interface CholeskyFactor {
  readonly n: number;
  readonly lower: Float64Array;
}

/**
 * Σ_{k<count} a[aOffset + k]·b[bOffset + k], the inner loop of every O(n³) and O(n²) step here and
 * in the marginal likelihood and the posterior. Four partial sums: with one, every step waits for
 * the previous addition; four let the CPU overlap them (a 100-row triangular solve 1.7× faster).
 */
export function dot(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, count: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < count; k += 4) {
    s0 += a[aOffset + k]! * b[bOffset + k]!;
    s1 += a[aOffset + k + 1]! * b[bOffset + k + 1]!;
    s2 += a[aOffset + k + 2]! * b[bOffset + k + 2]!;
    s3 += a[aOffset + k + 3]! * b[bOffset + k + 3]!;
  }
  for (; k < count; k++) s0 += a[aOffset + k]! * b[bOffset + k]!;
  return s0 + s1 + (s2 + s3);
}

/** Thrown when a matrix is not positive definite even after the largest jitter. */
export class NotPositiveDefiniteError extends Error {
  override readonly name = 'NotPositiveDefiniteError';
}

/**
 * The Cholesky factor of the symmetric n×n matrix `a` (only its lower triangle is read), by the
 * Cholesky–Banachiewicz order. Throws `NotPositiveDefiniteError` at the first pivot ≤ 0.
 */
export function cholesky(a: Float64Array, n: number): CholeskyFactor {
  if (a.length !== n * n) throw new RangeError(`cholesky() needs ${n * n} entries for a ${n}×${n} matrix, got ${a.length}.`);
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) factorRow(l, n, i, a, i * n);
  return { n, lower: l };
}

/**
 * The factor of an n×n matrix A whose leading `kept`×`kept` block is the leading block of the
 * matrix `leading` factors (the leading block of a Cholesky factor factors the leading block of
 * its matrix), given A's rows from `kept` on: `rows`, (n − kept) × n, row r being row kept + r of
 * A (entries right of the diagonal are not read). The added rows are computed in the same order
 * with the same sums as `cholesky` computes them, so the result is bit for bit `cholesky(A, n)`,
 * for O(n²) per added row instead of O(n³) for the whole. Throws like `cholesky`.
 */
export function extendCholesky(leading: CholeskyFactor, kept: number, rows: Float64Array, n: number): CholeskyFactor {
  if (kept > leading.n || kept > n) throw new RangeError(`extendCholesky() cannot keep ${kept} rows of a ${leading.n}-row factor for ${n} rows.`);
  if (rows.length !== (n - kept) * n) throw new RangeError(`extendCholesky() needs ${(n - kept) * n} entries for ${n - kept} rows of ${n}, got ${rows.length}.`);
  const l = new Float64Array(n * n);
  for (let i = 0; i < kept; i++) l.set(leading.lower.subarray(i * leading.n, i * leading.n + i + 1), i * n);
  for (let i = kept; i < n; i++) factorRow(l, n, i, rows, (i - kept) * n);
  return { n, lower: l };
}

/** Row i of the factor `l` (n×n, rows before i done) from row i of A, read at `a[aRow + j]`. */
function factorRow(l: Float64Array, n: number, i: number, a: Float64Array, aRow: number): void {
  const rowI = i * n;
  for (let j = 0; j <= i; j++) {
    const rowJ = j * n;
    const sum = (a[aRow + j] ?? 0) - dot(l, rowI, l, rowJ, j);
    if (i === j) {
      if (!(sum > 0)) throw new NotPositiveDefiniteError(`The matrix is not positive definite (pivot ${i} is ${sum}).`);
      l[rowI + i] = Math.sqrt(sum);
    } else {
      l[rowI + j] = sum / (l[rowJ + j] ?? 1);
    }
  }
}

/**
 * Cholesky of `a + jitter·I` with the smallest jitter from `jitters` that works, so a kernel
 * matrix made singular by rounding (two nearly equal points) still factors. Returns the jitter
 * used alongside the factor.
 */
export function choleskyWithJitter(a: Float64Array, n: number, jitters: readonly number[] = [0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2]): { factor: CholeskyFactor; jitter: number } {
  let lastError: unknown;
  for (const jitter of jitters) {
    const shifted = a.slice();
    for (let i = 0; i < n; i++) shifted[i * n + i] = (shifted[i * n + i] ?? 0) + jitter;
    try {
      return { factor: cholesky(shifted, n), jitter };
    } catch (error) {
      if (!(error instanceof NotPositiveDefiniteError)) throw error;
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new NotPositiveDefiniteError('The matrix is not positive definite.');
}

/** x with L·x = b (forward substitution). */
export function solveLower(factor: CholeskyFactor, b: ArrayLike<number>): Float64Array {
  const { n, lower } = factor;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = ((b[i] ?? 0) - dot(lower, i * n, x, 0, i)) / (lower[i * n + i] ?? 1);
  }
  return x;
}

/** x with Lᵀ·x = b (back substitution). */
export function solveUpper(factor: CholeskyFactor, b: ArrayLike<number>): Float64Array {
  const { n, lower } = factor;
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i] ?? 0;
    for (let k = i + 1; k < n; k++) sum -= (lower[k * n + i] ?? 0) * (x[k] ?? 0);
    x[i] = sum / (lower[i * n + i] ?? 1);
  }
  return x;
}

/** x with A·x = b where A = L·Lᵀ. */
export function choleskySolve(factor: CholeskyFactor, b: ArrayLike<number>): Float64Array {
  return solveUpper(factor, solveLower(factor, b));
}

/** log det A = 2·Σ log L_ii. */
export function logDeterminant(factor: CholeskyFactor): number {
  let sum = 0;
  for (let i = 0; i < factor.n; i++) sum += Math.log(factor.lower[i * factor.n + i] ?? 1);
  return 2 * sum;
}

/** A⁻¹ (full, symmetric) from the factor of A: inverts L, then forms L⁻ᵀ·L⁻¹. */
export function choleskyInverse(factor: CholeskyFactor): Float64Array {
  const { n, lower } = factor;
  // M = L⁻¹, lower triangular, column by column of forward substitution.
  const m = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    m[j * n + j] = 1 / (lower[j * n + j] ?? 1);
    for (let i = j + 1; i < n; i++) {
      let sum = 0;
      const row = i * n;
      for (let k = j; k < i; k++) sum -= (lower[row + k] ?? 0) * (m[k * n + j] ?? 0);
      m[row + j] = sum / (lower[row + i] ?? 1);
    }
  }
  // A⁻¹_ij = Σ_k M_ki·M_kj over k ≥ max(i, j).
  const inverse = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += (m[k * n + i] ?? 0) * (m[k * n + j] ?? 0);
      inverse[i * n + j] = sum;
      inverse[j * n + i] = sum;
    }
  }
  return inverse;
}
