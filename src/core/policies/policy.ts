/**
 * The one interface every early-termination policy implements (bandit, median stopping,
 * truncation selection), and what a policy is given to decide on one trial at one interval.
 * A policy is a pure function of its input: it keeps no state between calls, so replaying a
 * journal gives the same decisions as the live sweep.
 */
import type { Goal } from '../spec/model';
import type { PolicyExplanation, PolicyType } from './explanation';

/** One trial's primary-metric values in report order (NaN and ±Infinity are possible). */
export interface TrialSeries {
  readonly id: string;
  readonly primary: readonly number[];
  /**
   * The trial's index in the sweep (0, 1, 2...), which ASHA/Hyperband use to put it in a bracket.
   * Absent: the index in the id (`<sweep name>_<index>`), else a hash of the id (stable, but less
   * evenly spread).
   */
  readonly index?: number;
}

/**
 * What a policy decides on: the trial that just reported (its interval n is
 * `trial.primary.length`), every other trial of the sweep whatever its state, and the goal.
 * Others that have not reached interval n are left out of the comparison, and the ones that
 * have contribute only their values up to n.
 */
export interface PolicyInput {
  readonly trial: TrialSeries;
  readonly others: readonly TrialSeries[];
  readonly goal: Goal;
}

export interface Policy {
  readonly type: PolicyType;
  /**
   * Check the trial at its current interval. `undefined` when the schedule does not ask for a
   * check at this interval, or when no other trial has reached it yet (nothing to compare
   * with); otherwise an explanation whose outcome is `stop`, `continue` or `skip`.
   */
  evaluate(input: PolicyInput): PolicyExplanation | undefined;
}
