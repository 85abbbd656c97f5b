/**
 * Sobol sampling (`sampling_algorithm: {type: random, rule: sobol}`): proposal with sequence i is
 * decode(space, Sobol point i), one Sobol dimension per leaf distribution (encoding.ts). In an
 * all-discrete space a point whose configuration was already proposed is skipped (the sequence
 * moves on), and after a run of skips the remaining configurations are scanned, as in the random
 * sampler, so the sweep ends when the space is exhausted.
 */
import type { SampleOptions } from '../space/distributions';
import { decode, dimensions } from '../space/encoding';
import { SamplerConfigurationError } from './errors';
import { checkCount, nextSequence } from './history';
import type { HistoryEntry, Proposal, ProposeResult, Sampler, SamplerContext } from './sampler';
import { SobolSequence } from './sobolSequence';
import { DiscreteRemainder } from './withoutReplacement';

/** Consecutive repeated points skipped before scanning for an unseen configuration. */
const MAX_SKIPS = 64;

export interface SobolSamplerOptions extends SampleOptions {
  /** False gives the standard unscrambled sequence (for checking against references). Default true. */
  readonly scramble?: boolean;
}

/** The Sobol sampler for `context`. Throws `SamplerConfigurationError` when the space has too many dimensions. */
export function createSobolSampler(context: SamplerContext, options: SobolSamplerOptions = {}): Sampler {
  const { space, seed } = context;
  // An empty space still needs one Sobol dimension; decode simply reads none of it.
  const dimensionCount = Math.max(1, dimensions(space).length);
  if (dimensionCount > SobolSequence.maxDimensions) {
    throw new SamplerConfigurationError(
      `rule: sobol supports at most ${SobolSequence.maxDimensions} distributions, this search space has ${dimensionCount}; use rule: random.`,
    );
  }
  const sequence = new SobolSequence(dimensionCount, { seed, scramble: options.scramble ?? true });
  const pointAt = (index: number): number[] => Array.from(sequence.point(index));

  return {
    name: 'sobol',
    propose(history: readonly HistoryEntry[], count: number): ProposeResult {
      checkCount(count);
      const remainder = new DiscreteRemainder(space, history);
      const proposals: Proposal[] = [];
      let index = nextSequence(history);
      while (proposals.length < count && !remainder.exhausted && index <= SobolSequence.maxIndex) {
        let params = decode(space, pointAt(index), options);
        for (let skips = 0; remainder.size !== undefined && remainder.has(params); skips++) {
          if (skips >= MAX_SKIPS || index >= SobolSequence.maxIndex) {
            params = remainder.firstUnseenFrom(pointAt(index)[0] ?? 0);
            break;
          }
          index += 1;
          params = decode(space, pointAt(index), options);
        }
        remainder.add(params);
        proposals.push({ sequence: index, params });
        index += 1;
      }
      return { proposals, exhausted: remainder.exhausted || index > SobolSequence.maxIndex };
    },
  };
}
