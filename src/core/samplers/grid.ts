/**
 * Grid sampling (`sampling_algorithm: grid`): the Cartesian product in lexicographic order, the
 * first-declared key varying slowest and values in list order (decisions.md "Samplers"). The
 * proposal with sequence i is grid point i, decoded on demand from i, so a 10^12-point grid costs
 * nothing to start. Azure allows only `choice` here (the validator says so); the enumeration also
 * handles randint and nested choices of discrete values.
 */
import { discreteSize, isAllDiscrete } from '../space/cardinality';
import { discretePointAt } from '../space/enumerate';
import { SamplerConfigurationError } from './errors';
import { checkCount, nextSequence } from './history';
import type { HistoryEntry, Proposal, ProposeResult, Sampler, SamplerContext } from './sampler';

/** The grid sampler for `context`. Throws `SamplerConfigurationError` for a continuous space. */
export function createGridSampler(context: SamplerContext): Sampler {
  const { space } = context;
  const continuous = space.parameters.find((p) => !isAllDiscrete({ parameters: [p] }));
  if (continuous !== undefined) {
    throw new SamplerConfigurationError(
      `Grid sampling needs a finite list of values for every key, but '${continuous.name}' is ${continuous.distribution.type}; use choice, or sampling_algorithm: random.`,
    );
  }
  // Beyond 2^53 points the size is Infinity: the grid never runs out within a real sweep.
  const size = discreteSize(space);
  return {
    name: 'grid',
    propose(history: readonly HistoryEntry[], count: number): ProposeResult {
      checkCount(count);
      const proposals: Proposal[] = [];
      let index = nextSequence(history);
      while (proposals.length < count && index < size) {
        proposals.push({ sequence: index, params: discretePointAt(space, index) });
        index += 1;
      }
      return { proposals, exhausted: index >= size };
    },
  };
}
