/**
 * Chooses the sampler for a sweep's `sampling_algorithm`.
 */
import type { Sampling } from '../spec/model';
import { createBayesianSampler } from './bayesian';
import { createGridSampler } from './grid';
import { createRandomSampler } from './random';
import type { Sampler, SamplerContext } from './sampler';
import { createSobolSampler } from './sobol';

export { createBayesianSampler } from './bayesian';
export { SamplerConfigurationError, SamplerUnavailableError } from './errors';
export { createGridSampler } from './grid';
export { createRandomSampler } from './random';
export { createSobolSampler } from './sobol';
export type { SobolSamplerOptions } from './sobol';
export { RandomStream } from './rng';
export type { HistoryEntry, Proposal, ProposeResult, Sampler, SamplerContext, TrialState } from './sampler';

/**
 * The sampler for `sampling` over `context.space`. `options.scramble: false` gives the
 * unscrambled Sobol sequence (a checking aid). Throws `SamplerConfigurationError` for a space the
 * sampler cannot handle.
 */
export function createSampler(sampling: Sampling, context: SamplerContext, options: { scramble?: boolean } = {}): Sampler {
  switch (sampling.type) {
    case 'grid':
      return createGridSampler(context);
    case 'random': {
      const logbase = sampling.logbase ?? 'e';
      if (sampling.rule === 'sobol') return createSobolSampler(context, { logbase, scramble: options.scramble ?? true });
      return createRandomSampler(context, { logbase });
    }
    case 'bayesian':
      // The spec model carries no logbase for bayesian; read it if a future parser adds one.
      return createBayesianSampler(context, { logbase: 'logbase' in sampling && (typeof sampling.logbase === 'number' || sampling.logbase === 'e') ? sampling.logbase : 'e' });
  }
}
