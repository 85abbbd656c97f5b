/**
 * A distribution described in numbers for hovers: the exact value range (a loguniform's bounds
 * are exponents, so its real range e^min..e^max is spelled out), and a preview of the values a
 * sampler draws, as quantiles of the same inverse-CDF map every sampler uses.
 */
import type { ChoiceOption, Distribution } from '../model';
import { numericFromUnit } from '../../space/distributions';

const PREVIEW_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** A number as a person reads it: at most 4 significant digits, no float noise. */
export function shortNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-4)) return x.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(4)));
}

function option(value: ChoiceOption): string {
  if (typeof value === 'object') return `{${value.entries.map((e) => e.name).join(', ')}}`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function quantiles(distribution: Exclude<Distribution, { type: 'choice' | 'randint' }>): string {
  const values = PREVIEW_QUANTILES.map((u) => `${Math.round(u * 100)}%: ${shortNumber(numericFromUnit(distribution, u))}`);
  return `Quantiles: ${values.join(', ')}.`;
}

/** Markdown lines saying which values `distribution` produces. */
export function describeDistribution(distribution: Distribution): string {
  switch (distribution.type) {
    case 'choice': {
      const shown = distribution.values.slice(0, 12).map(option).join(', ');
      const more = distribution.values.length > 12 ? `, ... (${distribution.values.length - 12} more)` : '';
      return `One of ${distribution.values.length} value${distribution.values.length === 1 ? '' : 's'}, uniformly: ${shown}${more}.`;
    }
    case 'randint':
      return `An integer in 0..${distribution.upper - 1} (${distribution.upper} values).`;
    case 'uniform':
      return `A real number in [${shortNumber(distribution.min_value)}, ${shortNumber(distribution.max_value)}). ${quantiles(distribution)}`;
    case 'quniform':
      return `A multiple of ${shortNumber(distribution.q)} near [${shortNumber(distribution.min_value)}, ${shortNumber(distribution.max_value)}]. ${quantiles(distribution)}`;
    case 'loguniform':
    case 'qloguniform': {
      const low = Math.exp(distribution.min_value);
      const high = Math.exp(distribution.max_value);
      const rounding = distribution.type === 'qloguniform' ? `, rounded to a multiple of ${shortNumber(distribution.q)}` : '';
      return `Values in e^${shortNumber(distribution.min_value)}..e^${shortNumber(distribution.max_value)} = ` +
        `**${shortNumber(low)}..${shortNumber(high)}**, log-uniformly${rounding}. ${quantiles(distribution)}`;
    }
    case 'normal':
    case 'qnormal': {
      const rounding = distribution.type === 'qnormal' ? `, rounded to a multiple of ${shortNumber(distribution.q)}` : '';
      return `Normal with mean ${shortNumber(distribution.mu)} and standard deviation ${shortNumber(distribution.sigma)}, unbounded${rounding}. ${quantiles(distribution)}`;
    }
    case 'lognormal':
    case 'qlognormal': {
      const rounding = distribution.type === 'qlognormal' ? `, rounded to a multiple of ${shortNumber(distribution.q)}` : '';
      return `e^normal(${shortNumber(distribution.mu)}, ${shortNumber(distribution.sigma)}): positive, median ${shortNumber(Math.exp(distribution.mu))}${rounding}. ${quantiles(distribution)}`;
    }
  }
}
