/**
 * Median stopping policy (azureml-sweep.md §4.4): stop a trial at interval n when its
 * best-so-far is strictly worse than the median of the other trials' running averages over
 * intervals 1..n.
 *
 * Each other trial that reached n contributes the mean of its first n values (an even count of
 * trials takes the mean of the two middle averages). Non-finite values are left out of a mean,
 * since one NaN would otherwise make the whole average meaningless; a trial with no finite value
 * by n has no average and is left out of the median (the sentence says so). When no trial has an
 * average, the check is skipped.
 */
import type { MedianStoppingPolicy } from '../spec/model';
import type { PolicyExplanation } from './explanation';
import type { Policy, PolicyInput } from './policy';
import { bestPhrase, formatNumbers, sentence, trialCount } from './describe';
import { comparisonFor, explanationBase, isWorseThanCut, scheduleOf } from './schedule';

const LABEL = 'median stopping';

/** A median stopping policy; throws a RangeError when the schedule keys are not whole numbers. */
export function createMedianStoppingPolicy(config: MedianStoppingPolicy): Policy {
  const schedule = scheduleOf(config);
  return {
    type: 'median_stopping',
    evaluate(input: PolicyInput): PolicyExplanation | undefined {
      const comparison = comparisonFor(input, schedule);
      if (comparison === undefined) return undefined;
      const { goal, population, value } = comparison;
      const averages = population.map((other) => finiteMean(other.primary)).filter((avg) => !Number.isNaN(avg));
      const base = {
        ...explanationBase('median_stopping', comparison),
      };
      const leftOut = population.length - averages.length;
      const note = leftOut > 0 ? `; ${trialCount(leftOut)} without a finite value left out` : '';
      if (averages.length === 0) {
        const explanation = { ...base, outcome: 'skip' as const, reference: {}, threshold: Number.NaN };
        const reason = 'no other trial has a finite value by this interval, so there is no median to compare with';
        return { ...explanation, summary: sentence(explanation, LABEL, reason) };
      }
      const median = medianOf(averages);
      const stop = isWorseThanCut(value, median, goal);
      const explanation = {
        ...base,
        outcome: stop ? ('stop' as const) : ('continue' as const),
        reference: { median },
        threshold: median,
      };
      const f = formatNumbers({ value, median });
      const relation = goal === 'maximize' ? (stop ? '<' : '>=') : stop ? '>' : '<=';
      const body = `${bestPhrase(value, f.value)} ${relation} median ${f.median} of running averages${note}`;
      return { ...explanation, summary: sentence(explanation, LABEL, body) };
    },
  };
}

/** Mean of the finite values; NaN when there are none. */
export function finiteMean(values: readonly number[]): number {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (Number.isFinite(value)) {
      sum += value;
      count += 1;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

/** Median of a non-empty list; an even count gives the mean of the two middle values. */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;
  const lower = sorted[middle - 1] ?? Number.NaN;
  return (lower + upper) / 2;
}
