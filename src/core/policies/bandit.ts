/**
 * Bandit policy (azureml-sweep.md §4.3, decisions.md "Early termination"): stop a trial whose
 * best-so-far falls outside a slack of the best value any other trial reached by the same
 * interval.
 *
 * - maximize: stop if best < B / (1 + slack_factor), or best < B - slack_amount;
 * - minimize: stop if best > B * (1 + slack_factor), or best > B + slack_amount;
 * - both slacks set: stop only when both rules say stop (the cut is the looser of the two);
 * - neither set: slack 0, i.e. stop when worse than B.
 *
 * A slack of 0 counts as "not set": Azure's SDK sends 0 for the slack the YAML leaves out, so
 * the two cannot be told apart.
 *
 * The ratio rule only makes sense when B is on the right side of 0. Maximize with B <= 0:
 * B / (1 + s) is not below B, so the "slack" would not loosen anything (or even tighten it).
 * Minimize with B < 0: B * (1 + s) is below B, so even the best trial would be outside the slack.
 * In both cases the check is skipped and the explanation says why. Minimize with B = 0 is kept:
 * the cut is 0, the literal formula (a ratio grants no slack around a perfect 0 loss).
 */
import type { BanditPolicy, Goal } from '../spec/model';
import type { PolicyExplanation } from './explanation';
import type { Policy, PolicyInput } from './policy';
import { bestPhrase, formatNumbers, sentence } from './describe';
import { bestOf, bestSoFar, comparisonFor, explanationBase, isWorse, isWorseThanCut, scheduleOf } from './schedule';

const LABEL = 'bandit';

/** The slacks in force; undefined means the rule is not used. */
interface Slacks {
  readonly factor?: number;
  readonly amount?: number;
}

/** Which slack rule a cut comes from; `none` is the slack-0 rule used when neither is set. */
type CutKind = 'factor' | 'amount' | 'none';

interface Cut {
  readonly kind: CutKind;
  readonly value: number;
}

/**
 * A bandit policy for the spec's `early_termination` block. Throws a RangeError when a slack is
 * negative or not a finite number, or when the schedule keys are not whole numbers.
 */
export function createBanditPolicy(config: BanditPolicy): Policy {
  const schedule = scheduleOf(config);
  const slacks: Slacks = {
    factor: slackOf('slack_factor', config.slack_factor),
    amount: slackOf('slack_amount', config.slack_amount),
  };
  return {
    type: 'bandit',
    evaluate(input: PolicyInput): PolicyExplanation | undefined {
      const comparison = comparisonFor(input, schedule);
      if (comparison === undefined) return undefined;
      const { goal, n, population } = comparison;
      const best = bestOf(population.map((other) => bestSoFar(other.primary, n, goal)), goal);
      const base = {
        ...explanationBase('bandit', comparison),
      };
      return decide(base, best, slacks);
    },
  };
}

function slackOf(key: string, slack: number | undefined): number | undefined {
  if (slack === undefined) return undefined;
  if (!Number.isFinite(slack) || slack < 0) {
    throw new RangeError(
      `early_termination.${key} must be a number >= 0 (got ${String(slack)}); ` +
        'for example 0.1 allows trials within 10% (slack_factor) or 0.1 (slack_amount) of the best.',
    );
  }
  return slack > 0 ? slack : undefined;
}

type Base = Omit<PolicyExplanation, 'outcome' | 'reference' | 'threshold' | 'summary'>;

function decide(base: Base, best: number, slacks: Slacks): PolicyExplanation {
  const { goal, value } = base;
  if (Number.isNaN(best)) {
    return skip(base, {}, 'no other trial has a finite value by this interval, so there is no best to compare with');
  }
  if (slacks.factor !== undefined && ratioIsMeaningless(best, goal)) {
    const f = formatNumbers({ best, factor: slacks.factor });
    const side = goal === 'maximize' ? '<= 0' : '< 0';
    return skip(
      base,
      { best },
      `the best of the others ${f.best} is ${side}, so the ratio slack_factor ${f.factor} cannot set a cut; ` +
        'use slack_amount for a metric that can be zero or negative',
    );
  }
  const cuts = cutsFor(best, slacks, goal);
  // Stopping needs every rule in force to say stop, so the binding cut is the least strict one.
  const binding = cuts.reduce((a, b) => (isWorse(b.value, a.value, goal) ? b : a));
  const others = cuts.filter((cut) => cut !== binding);
  const stop = isWorseThanCut(value, binding.value, goal);
  const explanation = {
    ...base,
    outcome: stop ? ('stop' as const) : ('continue' as const),
    reference: { best },
    threshold: binding.value,
  };
  return { ...explanation, summary: sentence(explanation, LABEL, body(explanation, slacks, binding, others)) };
}

/** The cut of each rule in force (one or two), or the slack-0 cut B when neither is set. */
function cutsFor(best: number, slacks: Slacks, goal: Goal): Cut[] {
  const cuts: Cut[] = [];
  if (slacks.factor !== undefined) {
    const value = goal === 'maximize' ? best / (1 + slacks.factor) : best * (1 + slacks.factor);
    cuts.push({ kind: 'factor', value });
  }
  if (slacks.amount !== undefined) {
    const value = goal === 'maximize' ? best - slacks.amount : best + slacks.amount;
    cuts.push({ kind: 'amount', value });
  }
  if (cuts.length === 0) cuts.push({ kind: 'none', value: best });
  return cuts;
}

function ratioIsMeaningless(best: number, goal: Goal): boolean {
  return goal === 'maximize' ? best <= 0 : best < 0;
}

function body(
  explanation: Omit<PolicyExplanation, 'summary'>,
  slacks: Slacks,
  binding: Cut,
  others: readonly Cut[],
): string {
  const { goal, value, outcome } = explanation;
  const best = explanation.reference['best'] ?? Number.NaN;
  const cutOf = (kind: CutKind): number => [binding, ...others].find((cut) => cut.kind === kind)?.value ?? Number.NaN;
  const f = formatNumbers({
    value,
    best,
    factor: slacks.factor ?? 0,
    amount: slacks.amount ?? 0,
    factorCut: cutOf('factor'),
    amountCut: cutOf('amount'),
  });
  const expression = (cut: Cut): string => {
    switch (cut.kind) {
      case 'factor':
        return goal === 'maximize'
          ? `${f.best} / (1 + ${f.factor}) = ${f.factorCut}`
          : `${f.best} * (1 + ${f.factor}) = ${f.factorCut}`;
      case 'amount':
        return `${f.best} ${goal === 'maximize' ? '-' : '+'} ${f.amount} = ${f.amountCut}`;
      case 'none':
        return `the best of the others ${f.best} (no slack set)`;
    }
  };
  const stop = outcome === 'stop';
  const worse = goal === 'maximize' ? '<' : '>';
  const relation = stop ? worse : goal === 'maximize' ? '>=' : '<=';
  let text = `${bestPhrase(value, f.value)} ${relation} ${expression(binding)}`;
  if (others.length > 0) {
    text += stop
      ? others.map((cut) => ` and ${worse} ${expression(cut)}`).join('')
      : ` (with both slacks set a trial stops only past both cuts; the other is ${others.map(expression).join(', ')})`;
  }
  return text;
}

function skip(base: Base, reference: Readonly<Record<string, number>>, reason: string): PolicyExplanation {
  const explanation = { ...base, outcome: 'skip' as const, reference, threshold: Number.NaN };
  return { ...explanation, summary: sentence(explanation, LABEL, reason) };
}
