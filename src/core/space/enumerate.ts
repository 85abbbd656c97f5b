/**
 * Random access to the points of an all-discrete space (choice and randint only, nested choices
 * included) in a fixed order, without listing them: the grid sampler walks it from index 0, the
 * random sampler uses it to find the points it has not drawn yet.
 *
 * Order: mixed radix with the first-declared key varying slowest; within a choice, options in
 * list order, a mapping option standing for all combinations of its entries (first entry
 * slowest); randint values 0, 1, ..., upper-1.
 */
import type { Distribution, NestedOption, ParamValue, Params, SearchSpace } from '../spec/model';
import { distributionCount, optionCount } from './cardinality';
import { SpaceValueError } from './distributions';
import { setOwn } from '../../shared/nameRecords';

/**
 * Splits `index` over `radices` (last one varying fastest) and returns the digits. A radix of
 * `Infinity` (a count too large to be exact) simply takes the whole remaining index.
 */
function mixedRadixDigits(index: number, radices: readonly number[]): number[] {
  const digits = new Array<number>(radices.length).fill(0);
  let rest = index;
  for (let i = radices.length - 1; i >= 0; i--) {
    const radix = radices[i] ?? 1;
    digits[i] = rest % radix;
    rest = Math.floor(rest / radix);
  }
  return digits;
}

function optionValueAt(option: NestedOption, index: number): ParamValue {
  const drawn = option.entries.filter((entry) => typeof entry.value === 'object');
  const digits = mixedRadixDigits(index, drawn.map((entry) => (typeof entry.value === 'object' ? distributionCount(entry.value) : 1)));
  const mapping: Record<string, ParamValue> = {};
  let next = 0;
  for (const entry of option.entries) {
    setOwn(mapping, entry.name, typeof entry.value === 'object' ? distributionValueAt(entry.value, digits[next++] ?? 0) : entry.value);
  }
  return mapping;
}

/** Value number `index` of a discrete distribution, in the order of the file comment. */
export function distributionValueAt(distribution: Distribution, index: number): ParamValue {
  if (distribution.type === 'randint') return index;
  if (distribution.type !== 'choice') {
    throw new SpaceValueError(`A ${distribution.type} distribution has no finite list of values; only choice and randint can be enumerated.`);
  }
  let rest = index;
  for (const option of distribution.values) {
    const count = optionCount(option);
    if (rest < count) return typeof option === 'object' ? optionValueAt(option, rest) : option;
    rest -= count;
  }
  throw new SpaceValueError(`Index ${index} is past the last value of this choice.`);
}

/**
 * Configuration number `index` (0-based, below `discreteSize(space)`) of an all-discrete space.
 * Throws `SpaceValueError` for a continuous distribution or an index past the end.
 */
export function discretePointAt(space: SearchSpace, index: number): Params {
  if (!Number.isSafeInteger(index) || index < 0) throw new SpaceValueError(`A point index must be a non-negative safe integer, got ${index}.`);
  const digits = mixedRadixDigits(index, space.parameters.map((p) => distributionCount(p.distribution)));
  const params: Record<string, ParamValue> = {};
  space.parameters.forEach((parameter, i) => {
    setOwn(params, parameter.name, distributionValueAt(parameter.distribution, digits[i] ?? 0));
  });
  return params;
}
