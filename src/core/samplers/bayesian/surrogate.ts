/**
 * The fitted model one proposal uses: which observed points the GP sees, its hyperparameters, and
 * the pending trials folded in as fantasies.
 *
 * Cost control (propose must stay well under 100 ms at 1,000 completed trials): the GP is exact
 * on up to MODEL_POINTS observations and hyperparameters are fitted on up to FIT_POINTS of them.
 * Past that, a subset of data is used: the best half (where the next proposal matters) plus an
 * evenly random draw of the rest (so the model still knows where not to go), drawn from the
 * proposal's own seeded stream so the choice is reproducible.
 */
import type { FeatureLayout } from './features';
import { FastRandom } from './fastRandom';
import { fitHyperparameters, GpPosterior, type GpHyperparameters } from './gp';

/** Most observations the posterior conditions on (O(n³) factorisation, O(n²) per prediction). */
export const MODEL_POINTS = 160;
/** Most observations the hyperparameter fit uses (each fit step is O(n³)). */
export const FIT_POINTS = 64;

/** Observed rows for the model: features (n × width), copula targets, n. */
export interface TrainingData {
  readonly features: Float64Array;
  readonly targets: Float64Array;
  readonly count: number;
}

/** The best ⌈size/2⌉ rows by target, then a random draw of the others, as row indices. */
export function chooseSubset(targets: Float64Array, size: number, rng: FastRandom): number[] {
  const n = targets.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= size) return all;
  const byTarget = [...all].sort((a, b) => (targets[a] ?? 0) - (targets[b] ?? 0) || a - b);
  const bestCount = Math.ceil(size / 2);
  const chosen = byTarget.slice(0, bestCount);
  const rest = byTarget.slice(bestCount).sort((a, b) => a - b);
  // Partial Fisher–Yates: the first (size − bestCount) entries become a uniform random draw.
  for (let i = 0; i < size - bestCount; i++) {
    const j = i + rng.below(rest.length - i);
    const picked = rest[j] ?? 0;
    rest[j] = rest[i] ?? 0;
    rest[i] = picked;
    chosen.push(picked);
  }
  return chosen.sort((a, b) => a - b);
}

/** The rows `indices` of `data` as a new training set. */
export function selectRows(data: TrainingData, width: number, indices: readonly number[]): TrainingData {
  const features = new Float64Array(indices.length * width);
  const targets = new Float64Array(indices.length);
  indices.forEach((row, i) => {
    features.set(data.features.subarray(row * width, (row + 1) * width), i * width);
    targets[i] = data.targets[row] ?? 0;
  });
  return { features, targets, count: indices.length };
}

/** Hyperparameters and the conditioning set that stay fixed for a whole `propose` call. */
export interface FittedModel {
  readonly layout: FeatureLayout;
  readonly params: GpHyperparameters;
  /** The observations the posterior conditions on (a subset past MODEL_POINTS). */
  readonly data: TrainingData;
  /** The lowest target among them (the EI incumbent). */
  readonly incumbent: number;
  /** The posterior on observations only (gives the fantasy values of pending points). */
  readonly observedPosterior: GpPosterior;
}

/**
 * Fits the model to `data` (at most MODEL_POINTS rows, chosen by the caller with `chooseSubset`
 * before encoding, since encoding 1,000 configurations alone costs tens of milliseconds): with
 * `hyperparameters` when given (the refit schedule's, refitSchedule.ts), else fitted here on a
 * FIT_POINTS subset of `data` drawn from the random stream `rng`. `earlier`, the posterior of an
 * earlier model (the previous proposal's), only saves work: its kernel factor is extended where
 * the rows and hyperparameters agree, to the very numbers a fresh factorisation gives.
 */
export function fitModel(layout: FeatureLayout, data: TrainingData, rng: FastRandom, hyperparameters?: GpHyperparameters, earlier?: GpPosterior): FittedModel {
  const params = hyperparameters ?? fitOnSubset(layout, data, rng);
  let incumbent = Infinity;
  for (const t of data.targets) incumbent = Math.min(incumbent, t);
  const observedPosterior = new GpPosterior(layout, data.features, data.count, data.targets, params, earlier);
  return { layout, params, data, incumbent, observedPosterior };
}

function fitOnSubset(layout: FeatureLayout, data: TrainingData, rng: FastRandom): GpHyperparameters {
  const fitSet = selectRows(data, layout.width, chooseSubset(data.targets, FIT_POINTS, rng));
  // Re-standardise the fitting subset: a best-heavy subset has a lower mean than the whole.
  return fitHyperparameters(layout, fitSet.features, standardise(fitSet.targets), fitSet.count);
}

/** `values` shifted and scaled to mean 0 and variance 1 (left unscaled when all are equal). */
export function standardise(values: Float64Array): Float64Array {
  const n = values.length;
  if (n === 0) return values;
  let mean = 0;
  for (const v of values) mean += v / n;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2 / n;
  const sd = variance > 1e-12 ? Math.sqrt(variance) : 1;
  return values.map((v) => (v - mean) / sd);
}

/**
 * The posterior with `pending` feature rows (m × width) added at their observation-only mean
 * (Kriging believer, Ginsbourger et al. 2010): the mean surface stays where it was, while the
 * variance collapses around every running trial, so the acquisition looks elsewhere. The
 * observed rows lead, so the kernel factor only adds the m pending rows (kernelFactor.ts).
 */
export function withFantasies(model: FittedModel, pending: Float64Array, m: number): GpPosterior {
  if (m === 0) return model.observedPosterior;
  const width = model.layout.width;
  const n = model.data.count;
  const features = new Float64Array((n + m) * width);
  features.set(model.data.features);
  features.set(pending.subarray(0, m * width), n * width);
  const targets = new Float64Array(n + m);
  targets.set(model.data.targets);
  for (let i = 0; i < m; i++) targets[n + i] = model.observedPosterior.predict(pending, i * width).mean;
  return new GpPosterior(model.layout, features, n + m, targets, model.params, model.observedPosterior);
}
