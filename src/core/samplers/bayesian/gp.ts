/**
 * Gaussian-process regression with fitted hyperparameters. The targets are standardised by the
 * caller (mean 0, variance 1), so the GP uses a zero mean. Hyperparameters (log lengthscales, log
 * signal variance, log noise variance) maximise the log marginal likelihood plus log priors
 * (maximum a posteriori), by L-BFGS from a fixed start:
 * - lengthscales: log ℓ ~ N(√2 + ½·log D, √3), the dimension-scaled prior of Hvarfner, Hellsten and
 *   Nardi ("Vanilla Bayesian optimization performs great in high dimensions", ICML 2024), which
 *   keeps models in 10+ dimensions from overfitting to tiny lengthscales;
 * - signal variance: log s² ~ N(0, 1.5);
 * - noise variance: log σ² ~ N(−9, 3), bounded to [1e-6, 0.5]: hyperparameter objectives are
 *   mostly deterministic given the seed, but a little noise keeps the model honest.
 */
import { choleskySolve, dot, type CholeskyFactor } from './linalg';
import { factorKernel, type KernelFactor } from './kernelFactor';
import type { FeatureLayout } from './features';
import { crossKernel, featureWeights, type KernelParams } from './kernel';
import { minimizeBox, type LazyObjective } from './lbfgs';
import { MarginalLikelihood } from './marginalLikelihood';

/** Rows of the variance solve between two checks of `predictUnless`'s early stop. */
const PRUNE_CHECK_ROWS = 16;

/** Fitted hyperparameters. */
export interface GpHyperparameters extends KernelParams {
  readonly noiseVariance: number;
}

const LOG_LENGTHSCALE_BOUNDS = [Math.log(0.005), Math.log(100)] as const;
const LOG_SIGNAL_BOUNDS = [Math.log(0.05), Math.log(20)] as const;
const LOG_NOISE_BOUNDS = [Math.log(1e-6), Math.log(0.5)] as const;
const SIGNAL_PRIOR = { mean: 0, sd: 1.5 };
const NOISE_PRIOR = { mean: -9, sd: 3 };

function lengthscalePrior(groups: number): { mean: number; sd: number } {
  return { mean: Math.SQRT2 + 0.5 * Math.log(Math.max(1, groups)), sd: Math.sqrt(3) };
}

/**
 * Negative log marginal likelihood + negative log prior at log-parameters θ, with its gradient on
 * demand (only at the points L-BFGS accepts: lbfgs.ts's LazyObjective).
 */
function objective(likelihood: MarginalLikelihood): LazyObjective {
  const groupCount = likelihood.groupCount;
  const prior = lengthscalePrior(groupCount);
  const priors = [[groupCount, SIGNAL_PRIOR], [groupCount + 1, NOISE_PRIOR]] as const;
  let theta: Float64Array = new Float64Array(0);
  return {
    value(at: Float64Array): number {
      theta = at;
      const nll = likelihood.value(at);
      if (!Number.isFinite(nll)) return nll;
      let value = nll;
      for (let g = 0; g < groupCount; g++) value += 0.5 * (((at[g] ?? 0) - prior.mean) / prior.sd) ** 2;
      for (const [index, p] of priors) value += 0.5 * (((at[index] ?? 0) - p.mean) / p.sd) ** 2;
      return value;
    },
    gradient(): Float64Array {
      const gradient = likelihood.gradient();
      for (let g = 0; g < groupCount; g++) gradient[g] = (gradient[g] ?? 0) + ((theta[g] ?? 0) - prior.mean) / prior.sd / prior.sd;
      for (const [index, p] of priors) gradient[index] = (gradient[index] ?? 0) + ((theta[index] ?? 0) - p.mean) / p.sd / p.sd;
      return gradient;
    },
  };
}

/**
 * MAP hyperparameters for targets `y` (standardised) at feature rows `x` (n × layout.width).
 * Two deterministic starts (moderate and long lengthscales); the better optimum wins.
 */
export function fitHyperparameters(layout: FeatureLayout, x: Float64Array, y: Float64Array, n: number, maxIterations = 30): GpHyperparameters {
  const groupCount = layout.dimensions.length;
  const likelihood = new MarginalLikelihood(layout, x, y, n);
  const size = groupCount + 2;
  const lower = new Float64Array(size);
  const upper = new Float64Array(size);
  for (let g = 0; g < groupCount; g++) {
    lower[g] = LOG_LENGTHSCALE_BOUNDS[0];
    upper[g] = LOG_LENGTHSCALE_BOUNDS[1];
  }
  lower[groupCount] = LOG_SIGNAL_BOUNDS[0];
  upper[groupCount] = LOG_SIGNAL_BOUNDS[1];
  lower[groupCount + 1] = LOG_NOISE_BOUNDS[0];
  upper[groupCount + 1] = LOG_NOISE_BOUNDS[1];
  const f = objective(likelihood);
  let best: { x: Float64Array; value: number } | undefined;
  for (const startLengthscale of [Math.log(0.3 * Math.sqrt(Math.max(1, groupCount))), lengthscalePrior(groupCount).mean]) {
    const start = new Float64Array(size);
    start.fill(startLengthscale, 0, groupCount);
    start[groupCount] = 0;
    start[groupCount + 1] = Math.log(1e-3);
    const result = minimizeBox(f, start, { lower, upper, maxIterations });
    if (best === undefined || result.value < best.value) best = result;
  }
  const theta = best?.x ?? new Float64Array(size);
  return {
    lengthscales: Float64Array.from(theta.subarray(0, groupCount), Math.exp),
    signalVariance: Math.exp(theta[groupCount] ?? 0),
    noiseVariance: Math.exp(theta[groupCount + 1] ?? 0),
  };
}

/** A GP conditioned on data: posterior mean and variance anywhere. */
export class GpPosterior {
  /** K + σ²I's factor, which a later posterior on the same hyperparameters may extend. */
  readonly kernelFactor: KernelFactor;
  private readonly factor: CholeskyFactor;
  private readonly alpha: Float64Array;
  private readonly weights: Float64Array;
  private readonly kStar: Float64Array;

  /**
   * Conditions on rows `x` (n × width) with targets `y` under `params`. With `earlier`, a
   * posterior whose leading rows and hyperparameters this one shares, the kernel factor is
   * extended from its factor instead of recomputed: the same numbers, cheaper (kernelFactor.ts).
   */
  constructor(
    private readonly layout: FeatureLayout,
    private readonly x: Float64Array,
    private readonly n: number,
    y: Float64Array,
    readonly params: GpHyperparameters,
    earlier?: GpPosterior,
  ) {
    this.weights = featureWeights(layout, params.lengthscales);
    this.kernelFactor = factorKernel(
      { x, n, width: layout.width, weights: this.weights, signalVariance: params.signalVariance, noiseVariance: params.noiseVariance },
      earlier?.kernelFactor,
    );
    this.factor = this.kernelFactor.factor;
    this.alpha = choleskySolve(this.factor, y);
    this.kStar = new Float64Array(n);
  }

  /** Posterior mean and latent variance (without observation noise) at features `star[offset…]`. */
  predict(star: Float64Array, offset = 0): { mean: number; variance: number } {
    return this.predictUnless(star, offset, undefined);
  }

  /**
   * Like `predict`, but stops early, with `complete: false` and `variance` only an upper bound,
   * once `hopeless(mean, varianceAtMost)` says that even the bound cannot matter. The variance is
   * s² − ‖L⁻¹k*‖², and every further row of the solve only adds to that norm, so the bound of an
   * unfinished solve is exact as a bound: the acquisition search skips the rest of the O(n²)
   * solve for points that cannot beat what it already has (acquisitionSearch.ts).
   */
  predictUnless(
    star: Float64Array, offset: number, hopeless: ((mean: number, varianceAtMost: number) => boolean) | undefined,
  ): { mean: number; variance: number; complete: boolean } {
    const { n } = this;
    const kStar = this.kStar;
    const signal = this.params.signalVariance;
    crossKernel(star, offset, this.x, n, this.layout.width, this.weights, signal, kStar);
    let mean = 0;
    const alpha = this.alpha;
    for (let i = 0; i < n; i++) mean += kStar[i]! * alpha[i]!;
    // ‖L⁻¹k*‖² by forward substitution in place (kStar becomes L⁻¹k*): this loop is the hot spot
    // of the acquisition search, so it allocates nothing.
    const lower = this.factor.lower;
    let reduction = 0;
    for (let i = 0; i < n; i++) {
      if (hopeless !== undefined && i % PRUNE_CHECK_ROWS === 0 && hopeless(mean, Math.max(0, signal - reduction))) {
        return { mean, variance: Math.max(0, signal - reduction), complete: false };
      }
      const vi = (kStar[i]! - dot(lower, i * n, kStar, 0, i)) / lower[i * n + i]!;
      kStar[i] = vi;
      reduction += vi * vi;
    }
    return { mean, variance: Math.max(0, signal - reduction), complete: true };
  }
}
