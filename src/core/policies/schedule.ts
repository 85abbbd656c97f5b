/**
 * What the three policies share: when a check happens (decisions.md "Early termination"), who a
 * trial is compared with, and goal-aware "best so far" / "worse than" on values that may be NaN
 * or infinite.
 *
 * Non-finite values: decisions.md says NaN and infinite values are never chosen as best, so a
 * trial's best-so-far is taken over its finite values only, and is NaN when it has none. A NaN
 * best counts as the worst possible value (a trial whose metric diverged should be the first to
 * go, never the benchmark others are held to).
 */
import type { PolicyType } from './explanation';
import type { Goal } from '../spec/model';
import type { PolicyInput, TrialSeries } from './policy';

/** When a policy checks a trial: at every interval n with `n % interval == 0 && n >= delay`. */
export interface Schedule {
  /** At least 1 (`evaluation_interval` of 0 or absent means 1). */
  readonly interval: number;
  /** At least 0. */
  readonly delay: number;
}

/** The schedule keys as they come from a spec (absent keys allowed). */
export interface ScheduleKeys {
  readonly evaluation_interval?: number;
  readonly delay_evaluation?: number;
}

/**
 * Normalise the spec's schedule keys: an `evaluation_interval` of 0 or absent (Azure's SDK sends
 * 0 when the YAML omits it) means every interval; an absent `delay_evaluation` means 0.
 * Throws a RangeError naming the key when a value is not a whole number.
 */
export function scheduleOf(keys: ScheduleKeys): Schedule {
  const interval = keys.evaluation_interval ?? 0;
  const delay = keys.delay_evaluation ?? 0;
  requireWholeNumber('evaluation_interval', interval);
  requireWholeNumber('delay_evaluation', delay);
  return { interval: interval <= 0 ? 1 : interval, delay: Math.max(0, delay) };
}

function requireWholeNumber(key: string, value: number): void {
  if (!Number.isInteger(value)) {
    throw new RangeError(
      `early_termination.${key} must be a whole number of metric reports (got ${String(value)}); ` +
        'set it to an integer such as 1 or remove the key.',
    );
  }
}

/** True when the policy checks a trial at its interval `n` (1-based count of primary reports). */
export function isEvaluationPoint(n: number, schedule: Schedule): boolean {
  return n >= 1 && n % schedule.interval === 0 && n >= schedule.delay;
}

/** True when `a` is strictly worse than `b` for the goal; NaN is worse than any number. */
export function isWorse(a: number, b: number, goal: Goal): boolean {
  if (Number.isNaN(a)) return !Number.isNaN(b);
  if (Number.isNaN(b)) return false;
  return goal === 'maximize' ? a < b : a > b;
}

/** True when `a` is strictly better than `b` for the goal; NaN is never better. */
export function isBetter(a: number, b: number, goal: Goal): boolean {
  return isWorse(b, a, goal);
}

/**
 * Relative size of the gap below which a value and a computed cut count as equal. Cuts are
 * computed (0.8 - 0.2 is 0.6000000000000001, the mean of 0.1, 0.2, 0.3 is 0.20000000000000004),
 * and a value the user sees as exactly on the cut must not stop: equality keeps a trial. 1e-12
 * absorbs the rounding of thousands of additions and is far below any real metric difference.
 */
const CUT_TOLERANCE = 1e-12;

/**
 * True when `value` is worse than a computed `cut` by more than floating-point rounding, so a
 * value on the cut (up to rounding) is kept. NaN values are worse than any cut.
 */
export function isWorseThanCut(value: number, cut: number, goal: Goal): boolean {
  return isWorse(value, cut, goal) && !nearlyEqual(value, cut);
}

/** Equal, or finite and apart by no more than computation rounding (NaN equals only NaN). */
export function nearlyEqual(a: number, b: number): boolean {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= CUT_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Sort comparator putting the worst value first (NaN before every number). */
export function worstFirst(goal: Goal): (a: number, b: number) => number {
  return (a, b) => (isWorse(a, b, goal) ? -1 : isWorse(b, a, goal) ? 1 : 0);
}

/** The best of `values` for the goal, ignoring non-finite ones; NaN when none is finite. */
export function bestOf(values: readonly number[], goal: Goal): number {
  let best = Number.NaN;
  for (const value of values) {
    if (Number.isFinite(value) && (Number.isNaN(best) || isBetter(value, best, goal))) best = value;
  }
  return best;
}

/** A trial's best-so-far at interval `n`: the best finite value among its first n reports. */
export function bestSoFar(values: readonly number[], n: number, goal: Goal): number {
  return bestOf(values.slice(0, n), goal);
}

/** The trial being checked, its interval, and the others it is compared with. */
export interface Comparison {
  readonly trial: TrialSeries;
  readonly n: number;
  /** Other trials that reached interval n, each cut to its first n values. */
  readonly population: readonly TrialSeries[];
  readonly goal: Goal;
  /** The trial's best-so-far at interval n: the value every policy compares. */
  readonly value: number;
}

/**
 * The comparison a policy makes for this input, or undefined when there is none: the schedule
 * skips interval n, or no other trial has reached n. Entries of `others` with the trial's own id
 * are ignored, so a caller passing the whole sweep does not compare a trial with itself.
 */
export function comparisonFor(input: PolicyInput, schedule: Schedule): Comparison | undefined {
  const n = input.trial.primary.length;
  if (!isEvaluationPoint(n, schedule)) return undefined;
  const population = input.others
    .filter((other) => other.id !== input.trial.id && other.primary.length >= n)
    .map((other) => ({ id: other.id, primary: other.primary.slice(0, n) }));
  if (population.length === 0) return undefined;
  return { trial: input.trial, n, population, goal: input.goal, value: bestSoFar(input.trial.primary, n, input.goal) };
}

/** The fields every explanation of this comparison shares. */
export function explanationBase<P extends PolicyType>(policy: P, comparison: Comparison) {
  return {
    policy,
    trialId: comparison.trial.id,
    interval: comparison.n,
    goal: comparison.goal,
    value: comparison.value,
    populationSize: comparison.population.length,
  };
}
