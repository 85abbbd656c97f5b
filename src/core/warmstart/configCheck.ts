/**
 * Whether a configuration is one the search space can produce, parameter by parameter, with a
 * message that says how to fix it. Values outside the space are refused, never clipped or snapped:
 * a choice value must be one of the values, a number within its bounds and on its q grid, a
 * nested choice a mapping equal to one of the options (constants equal, distributions valid).
 * Continuous distributions take any number within their bounds; q-forms only their grid values.
 */
import { SpaceValueError } from '../space/distributions';
import { decode, encode } from '../space/encoding';
import { ownValue } from '../../shared/nameRecords';
import { formatNumber } from '../space/numbers';
import type { Distribution, Parameter, ParamValue, SearchSpace } from '../spec/model';

/** The values a distribution gives, in words: what to write instead of a refused value. */
export function describeValues(distribution: Distribution): string {
  // Six significant digits: e^-9.2103 is shown as 0.0001, not 0.00010000000000000009.
  const n = (x: number): string => formatNumber(Number(x.toPrecision(6)));
  switch (distribution.type) {
    case 'choice':
      return `one of ${JSON.stringify(distribution.values.map((v) => (typeof v === 'object' ? Object.fromEntries(v.entries.map((e) => [e.name, typeof e.value === 'object' ? `<${e.value.type}>` : e.value])) : v)))}`;
    case 'randint':
      return `an integer from 0 to ${distribution.upper - 1} (randint upper ${distribution.upper} is exclusive)`;
    case 'uniform':
      return `a number in [${n(distribution.min_value)}, ${n(distribution.max_value)}]`;
    case 'loguniform':
      return `a number in [e^${n(distribution.min_value)}, e^${n(distribution.max_value)}] = [${n(Math.exp(distribution.min_value))}, ${n(Math.exp(distribution.max_value))}] (the bounds are natural logs)`;
    case 'quniform':
      return `a multiple of ${n(distribution.q)} in [${n(distribution.min_value)}, ${n(distribution.max_value)}]`;
    case 'qloguniform':
      return `a multiple of ${n(distribution.q)} in [${n(Math.exp(distribution.min_value))}, ${n(Math.exp(distribution.max_value))}]`;
    case 'normal':
      return 'a number';
    case 'lognormal':
      return 'a positive number';
    case 'qnormal':
      return `a multiple of ${n(distribution.q)}`;
    case 'qlognormal':
      return `a positive multiple of ${n(distribution.q)}`;
  }
}

function shown(value: ParamValue): string {
  return JSON.stringify(value);
}

/** Within [low, high], allowing for the last bit of `exp` at log bounds. */
function within(value: number, low: number, high: number): boolean {
  const slack = 1e-12 * Math.max(Math.abs(low), Math.abs(high), 1e-300);
  return value >= low - slack && value <= high + slack;
}

/** Why `value` is not a value `distribution` gives (a short clause), or undefined when it is. */
function valueProblem(distribution: Distribution, value: ParamValue): string | undefined {
  const d = distribution;
  if (d.type === 'choice') {
    if (typeof value !== 'object') return d.values.some((option) => option === value) ? undefined : 'is not one of its values';
    const fits = d.values.some((option) => typeof option === 'object' && Object.keys(value).length === option.entries.length && option.entries.every((entry) => {
      const inner = ownValue(value, entry.name);
      if (inner === undefined) return false;
      return typeof entry.value === 'object' ? valueProblem(entry.value, inner) === undefined : inner === entry.value;
    }));
    return fits ? undefined : 'matches none of its mapping options (same keys, equal constants, values within their distributions)';
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'is not a finite number';
  switch (d.type) {
    case 'randint':
      return Number.isInteger(value) && value >= 0 && value < d.upper ? undefined : 'is outside its range';
    case 'uniform':
      return within(value, d.min_value, d.max_value) ? undefined : 'is outside its range';
    case 'loguniform':
      return within(value, Math.exp(d.min_value), Math.exp(d.max_value)) ? undefined : 'is outside its range';
    case 'normal':
      return undefined;
    case 'lognormal':
      return value > 0 ? undefined : 'is not positive';
    case 'quniform':
    case 'qloguniform':
    case 'qnormal':
    case 'qlognormal': {
      // Grid values: exactly what a draw gives back after rounding to the q step.
      const space: SearchSpace = { parameters: [{ name: 'v', distribution: d }] };
      let back: ParamValue | undefined;
      try {
        back = decode(space, encode(space, { v: value }).u)['v'];
      } catch (error) {
        if (!(error instanceof SpaceValueError)) throw error;
      }
      if (back === value) return undefined;
      const bounds = d.type === 'quniform' ? [d.min_value, d.max_value] : d.type === 'qloguniform' ? [Math.exp(d.min_value), Math.exp(d.max_value)] : undefined;
      if (bounds !== undefined && !within(value, bounds[0] ?? 0, bounds[1] ?? 0)) return 'is outside its range';
      return `is not on its q grid (q = ${formatNumber(d.q)})`;
    }
  }
}

/**
 * Undefined when `value` is a value `parameter` can take, else why not and what to write (one
 * sentence, for `file:line:col: error: ...`).
 */
export function checkValue(parameter: Parameter, value: ParamValue): string | undefined {
  const why = valueProblem(parameter.distribution, value);
  if (why === undefined) return undefined;
  return `\`${parameter.name}\` = ${shown(value)} ${why}; values are refused, not clipped: write ${describeValues(parameter.distribution)}.`;
}
