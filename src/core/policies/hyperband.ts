/**
 * Hyperband (Li et al. 2017) as asynchronous brackets, a HyperSweep extension of the spec: bracket
 * b runs ASHA from rung min_resource * eta^b, and trials are shared out among the brackets in
 * Hyperband's proportions (many in the aggressive brackets, a few in the cautious ones; the last
 * bracket starts at max_resource, so its trials are never stopped). A trial's bracket comes from
 * its index, so the same journal always gives the same brackets.
 */
import type { AshaPolicy, HyperbandPolicy } from '../spec/model';
import type { Policy } from './policy';
import { createSuccessiveHalvingPolicy, ladderOf } from './asha';
import { bracketsFitting, hyperbandWeights, type Ladder } from './ashaRungs';

/**
 * A Hyperband policy. Throws a RangeError naming the key when a number is out of range, or when
 * neither max_resource nor brackets is given (the number of brackets must not change while the
 * sweep runs, or trials would change brackets).
 */
export function createHyperbandPolicy(config: HyperbandPolicy): Policy {
  return createSuccessiveHalvingPolicy('hyperband', successiveHalvingLadder(config));
}

/**
 * The ladder an ASHA or Hyperband block stands for (ASHA: brackets of equal share; Hyperband:
 * Hyperband's shares), so views can lay out the same rungs the policy decides on. Throws a
 * RangeError naming the key when a number is out of range.
 */
export function successiveHalvingLadder(config: AshaPolicy | HyperbandPolicy): Ladder {
  const ladder = ladderOf(config);
  if (config.type === 'asha') {
    if (!Number.isInteger(config.brackets) || config.brackets < 1) {
      throw new RangeError(`early_termination.brackets must be a whole number >= 1 (got ${String(config.brackets)}).`);
    }
    return { ...ladder, bracketWeights: Array.from({ length: config.brackets }, () => 1) };
  }
  return { ...ladder, bracketWeights: hyperbandWeights(hyperbandBrackets(config), ladder.eta) };
}

/** The number of brackets: as given, or every bracket max_resource allows. */
export function hyperbandBrackets(config: Pick<HyperbandPolicy, 'brackets' | 'min_resource' | 'max_resource' | 'reduction_factor'>): number {
  if (config.brackets !== undefined) {
    if (!Number.isInteger(config.brackets) || config.brackets < 1) {
      throw new RangeError(`early_termination.brackets must be a whole number >= 1 (got ${String(config.brackets)}).`);
    }
    return config.brackets;
  }
  if (config.max_resource === undefined) {
    throw new RangeError('early_termination of type hyperband needs max_resource (or brackets) to size its brackets; set max_resource to the reports of a complete trial, e.g. 81.');
  }
  return bracketsFitting(config.min_resource, config.max_resource, config.reduction_factor);
}
