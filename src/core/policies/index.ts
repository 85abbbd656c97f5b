/**
 * Early-termination policies: build the policy a spec's `early_termination` block asks for.
 * Re-exports the policy contract so callers need only this module.
 */
import type { EarlyTermination } from '../spec/model';
import { createAshaPolicy } from './asha';
import { createBanditPolicy } from './bandit';
import { createHyperbandPolicy } from './hyperband';
import { createMedianStoppingPolicy } from './medianStopping';
import type { Policy } from './policy';
import { createTruncationSelectionPolicy } from './truncationSelection';

export type { Policy, PolicyInput, TrialSeries } from './policy';
export type { PolicyExplanation, PolicyType } from './explanation';

/**
 * The policy for a validated `early_termination` block. Throws a RangeError (naming the key and
 * an accepted value) when a number is out of range, so a hand-built config fails clearly.
 */
export function createPolicy(config: EarlyTermination): Policy {
  switch (config.type) {
    case 'bandit':
      return createBanditPolicy(config);
    case 'median_stopping':
      return createMedianStoppingPolicy(config);
    case 'truncation_selection':
      return createTruncationSelectionPolicy(config);
    case 'asha':
      return createAshaPolicy(config);
    case 'hyperband':
      return createHyperbandPolicy(config);
    default: {
      // Unreachable for typed callers; a config read from JSON could still carry another name.
      const unknown: { readonly type?: unknown } = config;
      throw new RangeError(
        `early_termination.type ${JSON.stringify(unknown.type)} is not supported; ` +
          'use bandit, median_stopping, truncation_selection, asha or hyperband.',
      );
    }
  }
}
