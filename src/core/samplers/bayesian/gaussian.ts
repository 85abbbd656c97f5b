/**
 * The standard normal density and distribution function, and the logarithm of the expected
 * improvement, written to stay finite far in the tails where EI underflows to 0 (Ament et al.,
 * "Unexpected improvements to expected improvement for Bayesian optimization", NeurIPS 2023):
 * without the log form, an acquisition optimiser sees a flat zero almost everywhere once the
 * model is confident, and cannot tell promising regions apart.
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** erfc(x) by the Chebyshev fit of Numerical Recipes (`erfcc`), relative error below 1.2e-7. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(poly);
  return x >= 0 ? value : 2 - value;
}

/** φ(z), the standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/** Φ(z), the standard normal distribution function. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Below this z, log h(z) uses its asymptotic series (h(z) cancels catastrophically there). */
const ASYMPTOTIC_Z = -6;

/**
 * log h(z) with h(z) = φ(z) + z·Φ(z), so that EI = σ·h((best − μ)/σ) for minimisation.
 * For z < −6 uses h(z) = φ(z)/z² · (1 − 3/z² + 15/z⁴ − …) (the Mills-ratio expansion).
 */
export function logH(z: number): number {
  if (z >= ASYMPTOTIC_Z) {
    const h = normalPdf(z) + z * normalCdf(z);
    return Math.log(Math.max(h, Number.MIN_VALUE));
  }
  const inv2 = 1 / (z * z);
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log(inv2) + Math.log1p(-3 * inv2 + 15 * inv2 * inv2);
}

/**
 * log EI for minimisation at a point whose posterior is N(mean, variance), below the incumbent
 * `best`. A zero variance (a point the model knows exactly) gives log(max(best − mean, 0)).
 */
export function logExpectedImprovement(mean: number, variance: number, best: number): number {
  const sigma = Math.sqrt(Math.max(variance, 0));
  if (sigma < 1e-12) return Math.log(Math.max(best - mean, Number.MIN_VALUE));
  return Math.log(sigma) + logH((best - mean) / sigma);
}
