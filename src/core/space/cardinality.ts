/**
 * Counting the points of a search space, without ever listing them: the grid sampler, the
 * validator ("the grid has 10^12 points, only the first 1000 run") and the random sampler's
 * draw-without-replacement all need these numbers. Counts that are not exact safe integers come
 * back as `Infinity`; nothing here throws.
 */
import type { ChoiceOption, Distribution, SearchSpace } from '../spec/model';

/** `a * b` (0 if either is 0), or `Infinity` once the product is no longer an exact safe integer. */
export function safeProduct(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  const product = a * b;
  return Number.isSafeInteger(product) ? product : Infinity;
}

/** `a + b`, or `Infinity` once the sum is no longer an exact safe integer. */
function safeSum(a: number, b: number): number {
  const sum = a + b;
  return Number.isSafeInteger(sum) ? sum : Infinity;
}

/** A randint's value count; a malformed `upper` (the validator reports it) counts as 0. */
function randintCount(upper: number): number {
  return Number.isSafeInteger(upper) && upper > 0 ? upper : 0;
}

/**
 * Number of grid points: the product over top-level keys of their value counts (a choice's list
 * length, each mapping option counting as one value; a randint's `upper`); `Infinity` when a
 * continuous distribution is present or the product is not a safe integer. An empty space has
 * one point (the empty configuration).
 */
export function gridSize(space: SearchSpace): number {
  let size = 1;
  for (const { distribution } of space.parameters) {
    const count =
      distribution.type === 'choice' ? distribution.values.length
      : distribution.type === 'randint' ? randintCount(distribution.upper)
      : Infinity;
    if (count === 0) return 0;
    size = safeProduct(size, count);
  }
  return size;
}

function isDiscreteDistribution(distribution: Distribution): boolean {
  if (distribution.type === 'randint') return true;
  if (distribution.type !== 'choice') return false;
  return distribution.values.every((option) =>
    typeof option !== 'object' ||
    option.entries.every((entry) => typeof entry.value !== 'object' || isDiscreteDistribution(entry.value)),
  );
}

/** True when every distribution, including those inside nested-choice options, is choice or randint. */
export function isAllDiscrete(space: SearchSpace): boolean {
  return space.parameters.every((p) => isDiscreteDistribution(p.distribution));
}

/** Number of distinct values one option of a choice stands for (a mapping multiplies its entries). */
export function optionCount(option: ChoiceOption): number {
  if (typeof option !== 'object') return 1;
  let count = 1;
  for (const entry of option.entries) {
    if (typeof entry.value === 'object') count = safeProduct(count, distributionCount(entry.value));
  }
  return count;
}

/**
 * Number of distinct values of one distribution: randint `upper`, a choice the sum of its
 * options' counts; `Infinity` for continuous and q-distributions.
 */
export function distributionCount(distribution: Distribution): number {
  if (distribution.type === 'randint') return randintCount(distribution.upper);
  if (distribution.type !== 'choice') return Infinity;
  let count = 0;
  for (const option of distribution.values) count = safeSum(count, optionCount(option));
  return count;
}

/**
 * Number of distinct configurations of a space (a nested choice counts the sum over its options
 * of the product of their entries); `Infinity` when the space is not all-discrete or the count is
 * not a safe integer.
 */
export function discreteSize(space: SearchSpace): number {
  let size = 1;
  for (const { distribution } of space.parameters) {
    const count = distributionCount(distribution);
    if (count === 0) return 0;
    size = safeProduct(size, count);
  }
  return size;
}
