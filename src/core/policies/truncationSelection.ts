/**
 * Truncation selection policy (azureml-sweep.md §4.5): at each check, a trial stops when it is
 * among the worst `truncation_percentage`% of the trials at that interval.
 *
 * The trial and the other trials that reached interval n are ranked by best-so-far at n, worst
 * first; `cut = floor(P / 100 * count)`. The trial stops when its rank is at most `cut`. Ties
 * favour keeping it: among equal values it ranks as the best. Equivalently, it stops when it is
 * strictly worse than the `cut`-th worst of the others, the cut-off value reported as threshold
 * (the worst value kept when the trial goes). When `cut` rounds down to 0 nobody can be cut yet,
 * so the check is skipped.
 */
import type { TruncationSelectionPolicy } from '../spec/model';
import type { PolicyExplanation } from './explanation';
import type { Policy, PolicyInput } from './policy';
import { bestPhrase, formatNumbers, sentence, trialCount } from './describe';
import { bestSoFar, comparisonFor, explanationBase, isBetter, scheduleOf, worstFirst } from './schedule';

const LABEL = 'truncation selection';

/**
 * A truncation selection policy. Throws a RangeError when `truncation_percentage` is not a
 * number between 0 and 100 (exclusive), or when the schedule keys are not whole numbers.
 */
export function createTruncationSelectionPolicy(config: TruncationSelectionPolicy): Policy {
  const schedule = scheduleOf(config);
  const percentage = config.truncation_percentage;
  if (!Number.isFinite(percentage) || percentage <= 0 || percentage >= 100) {
    throw new RangeError(
      `early_termination.truncation_percentage must be between 1 and 99 (got ${String(percentage)}); ` +
        'for example 20 stops the trials in the worst 20% at each check.',
    );
  }
  return {
    type: 'truncation_selection',
    evaluate(input: PolicyInput): PolicyExplanation | undefined {
      const comparison = comparisonFor(input, schedule);
      if (comparison === undefined) return undefined;
      const { goal, n, population, value } = comparison;
      const others = population.map((other) => bestSoFar(other.primary, n, goal)).sort(worstFirst(goal));
      const count = others.length + 1;
      // Multiply before dividing so whole percentages give exact counts (20 * 5 / 100 is exactly 1).
      const cut = Math.floor((percentage * count) / 100);
      // Ties favour keeping: every other trial that is not better than this one ranks below it.
      const rank = 1 + others.filter((other) => !isBetter(other, value, goal)).length;
      const ranking = { rank, count, cut };
      const base = {
        ...explanationBase('truncation_selection', comparison),
        ranking,
      };
      const end = goal === 'maximize' ? 'lowest' : 'highest';
      if (cut === 0) {
        const explanation = { ...base, outcome: 'skip' as const, reference: {}, threshold: Number.NaN };
        const reason = `${String(percentage)}% of ${trialCount(count)} rounds down to 0, so no trial can be cut yet`;
        return { ...explanation, summary: sentence(explanation, LABEL, reason) };
      }
      const cutoff = others[cut - 1] ?? Number.NaN;
      const stop = rank <= cut;
      const explanation = {
        ...base,
        outcome: stop ? ('stop' as const) : ('continue' as const),
        reference: { cutoff },
        threshold: cutoff,
      };
      const f = formatNumbers({ value, cutoff });
      const side = goal === 'maximize' ? 'below' : 'above';
      // A NaN cut-off means the cut falls on trials without a finite value: there is no number to beat.
      const bound = Number.isNaN(cutoff) ? '' : `; stops ${stop ? '' : 'only '}${side} ${f.cutoff}`;
      const body =
        `${bestPhrase(value, f.value)} is ${stop ? '' : 'not '}in the ${end} ${String(percentage)}% ` +
        `(rank ${rank} of ${count}, cut ${cut}${bound})`;
      return { ...explanation, summary: sentence(explanation, LABEL, body) };
    },
  };
}

