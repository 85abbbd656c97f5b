/**
 * Random sampling (`sampling_algorithm: random`): proposal number n is decode(space, uniforms of
 * stream (seed, n)), so it depends on nothing but the seed and n. In an all-discrete space draws
 * are without replacement: a draw that repeats an earlier configuration is redrawn from further
 * along the same stream, and after a few misses the remaining configurations are scanned
 * deterministically, so a nearly exhausted small space never loops.
 */
import type { SampleOptions } from '../space/distributions';
import { decode, dimensions } from '../space/encoding';
import type { Params, SearchSpace } from '../spec/model';
import { checkCount, nextSequence } from './history';
import { RandomStream } from './rng';
import type { HistoryEntry, Proposal, ProposeResult, Sampler, SamplerContext } from './sampler';
import { DiscreteRemainder } from './withoutReplacement';

/** Redraws of a repeated configuration before falling back to a scan of the remaining ones. */
const MAX_REDRAWS = 32;

function drawUnseen(space: SearchSpace, dimensionCount: number, stream: RandomStream, remainder: DiscreteRemainder, options: SampleOptions): Params {
  for (let attempt = 0; attempt < MAX_REDRAWS; attempt++) {
    const params = decode(space, stream.uniforms(dimensionCount, attempt * dimensionCount), options);
    if (!remainder.has(params)) return params;
  }
  return remainder.firstUnseenFrom(stream.uniform(MAX_REDRAWS * dimensionCount));
}

/** The random sampler for `context`; `options.logbase` sets the base of the log distributions. */
export function createRandomSampler(context: SamplerContext, options: SampleOptions = {}): Sampler {
  const { space, seed } = context;
  const dimensionCount = dimensions(space).length;
  return {
    name: 'random',
    propose(history: readonly HistoryEntry[], count: number): ProposeResult {
      checkCount(count);
      const remainder = new DiscreteRemainder(space, history);
      const proposals: Proposal[] = [];
      let sequence = nextSequence(history);
      while (proposals.length < count && !remainder.exhausted) {
        const stream = new RandomStream(seed, sequence);
        const params = remainder.size === undefined
          ? decode(space, stream.uniforms(dimensionCount), options)
          : drawUnseen(space, dimensionCount, stream, remainder, options);
        remainder.add(params);
        proposals.push({ sequence, params });
        sequence += 1;
      }
      return { proposals, exhausted: remainder.exhausted };
    },
  };
}
