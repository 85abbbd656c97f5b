/**
 * Asynchronous successive halving (ASHA, Li et al. 2018, "A System for Massively Parallel
 * Hyperparameter Tuning"), a HyperSweep extension of the spec: a trial reaching a rung of its
 * bracket goes on only when it is in the top 1/eta of the trials of its bracket that have reached
 * that rung so far (itself included); otherwise it stops. Nobody waits for a rung to fill.
 *
 * Compared value: the trial's best-so-far at the rung's check point, as for Azure's policies.
 * Population: the other trials of the same bracket that reached the check point, whatever their
 * state, cut to their values up to it (decisions.md "Early termination"; only counted values,
 * i.e. those reported before a stop decision, are ever given to a policy).
 *
 * Promoted: max(1, floor(count / eta)) trials. The "at least 1" is Optuna's reading of the
 * asynchronous rule: a trial that stops cannot be resumed later, so among the first eta - 1
 * trials of a rung the best one goes on instead of nobody. Ties favour the trial being checked.
 */
import type { AshaPolicy, Goal } from '../spec/model';
import type { PolicyExplanation, RungDecision } from './explanation';
import type { Policy, PolicyInput } from './policy';
import { bracketOf, rungDueAt, rungsOf, type Ladder } from './ashaRungs';
import { bestPhrase, formatNumbers, sentence } from './describe';
import { bestSoFar, isBetter, isEvaluationPoint, scheduleOf, worstFirst } from './schedule';

/** An ASHA policy; throws a RangeError naming the key when a number is out of range. */
export function createAshaPolicy(config: AshaPolicy): Policy {
  const ladder = ladderOf(config);
  requireWhole('brackets', config.brackets, 1);
  return createSuccessiveHalvingPolicy('asha', { ...ladder, bracketWeights: Array.from({ length: config.brackets }, () => 1) });
}

/** The ladder keys ASHA and Hyperband share, checked; brackets are the caller's. */
export function ladderOf(config: {
  readonly min_resource: number;
  readonly max_resource?: number;
  readonly reduction_factor: number;
  readonly evaluation_interval: number;
  readonly delay_evaluation: number;
}): Omit<Ladder, 'bracketWeights'> {
  requireWhole('min_resource', config.min_resource, 1);
  requireWhole('reduction_factor', config.reduction_factor, 2);
  if (config.max_resource !== undefined) {
    requireWhole('max_resource', config.max_resource, config.min_resource + 1);
  }
  return {
    minResource: config.min_resource,
    maxResource: config.max_resource,
    eta: config.reduction_factor,
    schedule: scheduleOf(config),
  };
}

function requireWhole(key: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`early_termination.${key} must be a whole number >= ${minimum} (got ${String(value)}).`);
  }
}

/** The successive-halving decision for a ladder; `type` names the policy in the sentence. */
export function createSuccessiveHalvingPolicy(type: 'asha' | 'hyperband', ladder: Ladder): Policy {
  const brackets = ladder.bracketWeights.length;
  return {
    type,
    evaluate(input: PolicyInput): PolicyExplanation | undefined {
      const { trial, goal } = input;
      const n = trial.primary.length;
      if (!isEvaluationPoint(n, ladder.schedule)) return undefined;
      const others = input.others.filter((other) => other.id !== trial.id);
      const maxResource = ladder.maxResource ?? Math.max(n, ...others.map((other) => other.primary.length));
      const bracket = bracketOf(trial, ladder.bracketWeights);
      const rungs = rungsOf(bracket, ladder, maxResource);
      const rung = rungDueAt(n, rungs, ladder.schedule);
      if (rung === undefined) return undefined;
      const population = others.filter((other) => other.primary.length >= n && bracketOf(other, ladder.bracketWeights) === bracket);
      if (population.length === 0) return undefined;
      const value = bestSoFar(trial.primary, n, goal);
      const ranked = population.map((other) => bestSoFar(other.primary, n, goal)).sort(worstFirst(goal)).reverse();
      const count = population.length + 1;
      const promoted = Math.max(1, Math.floor(count / ladder.eta));
      const rank = 1 + ranked.filter((other) => isBetter(other, value, goal)).length;
      // The last value promoted besides the trial: beating it (or tying) is what keeps the trial.
      const cutoff = ranked[promoted - 1] ?? Number.NaN;
      const decision: RungDecision = { resource: rung, bracket, brackets, rungs, rank, count, promoted };
      const explanation = {
        policy: type,
        trialId: trial.id,
        interval: n,
        goal,
        outcome: rank > promoted ? ('stop' as const) : ('continue' as const),
        value,
        reference: { cutoff },
        threshold: cutoff,
        populationSize: population.length,
        rung: decision,
      };
      return { ...explanation, summary: sentence(explanation, type, body(value, cutoff, decision, ladder.eta, goal)) };
    },
  };
}

function body(value: number, cutoff: number, decision: RungDecision, eta: number, goal: Goal): string {
  const f = formatNumbers({ value, cutoff });
  const { resource, rank, count, promoted } = decision;
  const where = decision.brackets > 1 ? `bracket ${decision.bracket + 1} of ${decision.brackets}, rungs ${decision.rungs.join(', ')}` : `rungs ${decision.rungs.join(', ')}`;
  const top = `top ${promoted} (max(1, floor(${count} / ${eta})))`;
  const needed = goal === 'maximize' ? 'or more' : 'or less';
  const ranking = `${bestPhrase(value, f.value)} ranks ${rank} of ${count} at rung ${resource} (${where})`;
  return rank > promoted
    ? `${ranking}, outside the ${top} promoted: it needed ${f.cutoff} ${needed}`
    : `${ranking}, within the ${top} promoted (cut ${f.cutoff})`;
}
