/**
 * The ten distributions as maps from the unit interval (decisions.md "Values and commands"):
 * `fromUnit` is the inverse CDF every sampler goes through (random draws, Sobol points, Bayesian
 * proposals), `toUnit` the way back, so a Bayesian model can place observed points in the cube.
 */
import type { Constant, Distribution, ParamValue } from '../spec/model';
import { inverseNormalCdf } from './normal';
import { quantize } from './numbers';
import { exactNear, middleOf, UNIT_MAX, unitCell } from './unitSearch';

/** Sampler settings that change how values are drawn. */
export interface SampleOptions {
  /**
   * Base of the log distributions (`sampling_algorithm.logbase`): `e` (default) or a positive
   * number b, giving b^uniform(min, max) and b^normal(mu, sigma).
   */
  readonly logbase?: number | 'e';
}

/** A value that does not belong to the distribution it is checked against. */
export class SpaceValueError extends Error {
  override readonly name = 'SpaceValueError';
}

/** The distributions whose values are numbers drawn through a continuous map. */
export type NumericDistribution = Exclude<Distribution, { type: 'choice' } | { type: 'randint' }>;

// Normal-family draws never use the extreme 2^-53 of either tail: Φ⁻¹(0) is -Infinity, and an
// unscrambled Sobol sequence starts exactly at 0. The clamp bounds draws to mu ± 8.2 sigma.
const GAUSSIAN_UNIT_MIN = 2 ** -53;

/** `u` checked and brought into [0, UNIT_MAX]: 1 (or more) becomes the largest double below 1. */
export function clampUnit(u: number): number {
  if (Number.isNaN(u)) throw new SpaceValueError('A unit-interval coordinate is NaN; samplers must draw numbers in [0, 1).');
  return Math.min(UNIT_MAX, Math.max(0, u));
}

/** Which of `count` options a coordinate selects: floor(u·count), kept below `count`. */
export function choiceIndex(count: number, u: number): number {
  return Math.min(count - 1, Math.floor(clampUnit(u) * count));
}

function power(options: SampleOptions | undefined, exponent: number): number {
  const base = options?.logbase ?? 'e';
  return base === 'e' ? Math.exp(exponent) : Math.pow(base, exponent);
}

/** min + (max - min)·u, the uniform draw under every bounded distribution. */
function linearDraw(distribution: { readonly min_value: number; readonly max_value: number }, u: number): number {
  return distribution.min_value + (distribution.max_value - distribution.min_value) * clampUnit(u);
}

/** mu + sigma·Φ⁻¹(u), the normal draw under every Gaussian distribution. */
function gaussianDraw(distribution: { readonly mu: number; readonly sigma: number }, u: number): number {
  return distribution.mu + distribution.sigma * inverseNormalCdf(Math.max(GAUSSIAN_UNIT_MIN, clampUnit(u)));
}

/** The numeric value of a continuous or q-distribution at `u`. Monotone non-decreasing in u. */
export function numericFromUnit(distribution: NumericDistribution, u: number, options?: SampleOptions): number {
  switch (distribution.type) {
    case 'uniform':
      return linearDraw(distribution, u);
    case 'loguniform':
      return power(options, linearDraw(distribution, u));
    case 'quniform':
      return quantize(linearDraw(distribution, u), distribution.q);
    case 'qloguniform':
      return quantize(power(options, linearDraw(distribution, u)), distribution.q);
    case 'normal':
      return gaussianDraw(distribution, u);
    case 'lognormal':
      return power(options, gaussianDraw(distribution, u));
    case 'qnormal':
      return quantize(gaussianDraw(distribution, u), distribution.q);
    case 'qlognormal':
      return quantize(power(options, gaussianDraw(distribution, u)), distribution.q);
  }
}

/**
 * The value of a distribution at `u` in [0, 1) (a value of 1 or more counts as just below 1).
 * choice: option floor(u·n); randint: floor(u·upper). A choice whose selected option is a mapping
 * needs the coordinates of the mapping's own distributions: use `decode` from `encoding.ts`.
 */
export function fromUnit(distribution: Distribution, u: number, options?: SampleOptions): ParamValue {
  if (distribution.type === 'choice') {
    if (distribution.values.length === 0) throw new SpaceValueError('A choice with no values has nothing to draw; give it at least one value.');
    const option = distribution.values[choiceIndex(distribution.values.length, u)];
    if (option === undefined || typeof option === 'object') {
      throw new SpaceValueError('A choice option that is a mapping is sampled with decode() (encoding.ts), which has its inner coordinates.');
    }
    return option;
  }
  if (distribution.type === 'randint') return Math.min(distribution.upper - 1, Math.floor(clampUnit(u) * distribution.upper));
  return numericFromUnit(distribution, u, options);
}

/** Index of a constant among a choice's options (mappings are never equal to a constant). */
export function constantIndex(values: readonly unknown[], value: Constant): number {
  return values.findIndex((option) => option === value);
}

function describe(value: ParamValue): string {
  return JSON.stringify(value);
}

/**
 * A coordinate u in [0, 1) with `fromUnit(distribution, u) === value`: the centre of the cell of
 * u values that give `value` (for choice and randint the centre of the value's slot; for the
 * others, where cells are tiny, the CDF). A number the distribution cannot produce exactly (for
 * example from an edited spec) gets the CDF position of that number, clamped to [0, 1).
 * Throws `SpaceValueError` for a value of the wrong type or a choice value not in the list.
 */
export function toUnit(distribution: Distribution, value: ParamValue, options?: SampleOptions): number {
  if (distribution.type === 'choice') {
    if (typeof value === 'object') throw new SpaceValueError('A mapping value of a nested choice is placed with encode() (encoding.ts).');
    const index = constantIndex(distribution.values, value);
    if (index < 0) throw new SpaceValueError(`The value ${describe(value)} is not one of the choice values.`);
    return (index + 0.5) / distribution.values.length;
  }
  if (typeof value !== 'number') throw new SpaceValueError(`A ${distribution.type} value must be a number, got ${describe(value)}.`);
  if (distribution.type === 'randint') {
    const { upper } = distribution;
    if (!Number.isInteger(value) || value < 0 || value >= upper) {
      throw new SpaceValueError(`The value ${value} is not an integer in [0, ${upper}) as randint(upper: ${upper}) draws.`);
    }
    const centre = (value + 0.5) / upper;
    if (fromUnit(distribution, centre) === value) return centre;
  }
  const f = (u: number): number => Number(fromUnit(distribution, u, options));
  // A uniform draw min + (max − min)·u is monotone to the last bit (a product with a positive
  // constant, then a sum, each rounded to nearest), so its exact cell can be searched from the
  // analytic inverse, two to three times faster than from the whole interval and with the same
  // answer (unitSearch.ts). Not the other maps: exp and AS 241 are not proven monotone.
  const near = distribution.type === 'uniform' && distribution.max_value > distribution.min_value
    ? (value - distribution.min_value) / (distribution.max_value - distribution.min_value)
    : undefined;
  const cell = unitCell(f, value, near);
  if (cell.exact) {
    // The middle is safest for later rounding, but only where f really is flat (see exactNear).
    const middle = middleOf(cell.low, cell.high);
    return f(middle) === value ? middle : cell.low;
  }
  return exactNear(f, value, cell.low) ?? cell.low;
}
