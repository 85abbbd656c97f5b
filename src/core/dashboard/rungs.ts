/**
 * The rungs of an ASHA or Hyperband sweep for the dashboard, from the replayed state: per bracket
 * and rung, how many trials reached it, how many the policy stopped there, and which went on.
 * Uses the policy's own ladder (brackets by trial index, rungs, check points) and only counted
 * values (reported before a stop decision), so the view agrees with the decisions in the journal.
 */
import type { SweepState, TrialRecord } from '../journal/state';
import { countedPrimary } from '../journal/replay';
import { bracketOf, checkPointOf, rungsOf, type Ladder } from '../policies/ashaRungs';
import { successiveHalvingLadder } from '../policies/hyperband';
import { bestSoFar, worstFirst } from '../policies/schedule';
import type { Goal } from '../spec/model';
import type { RungView } from '../../shared/dashboardProtocol';

/** How many promoted trials a rung names. */
const NAMED = 10;

/** The rung table, or undefined when the sweep's policy is not ASHA or Hyperband. */
export function rungViews(state: SweepState): RungView[] | undefined {
  const policy = state.info?.policy;
  if (!policy || (policy.type !== 'asha' && policy.type !== 'hyperband')) return undefined;
  let ladder: Ladder;
  try {
    ladder = successiveHalvingLadder(policy);
  } catch {
    // A journal with numbers the policy refuses: the sweep could not have stopped anything by rung.
    return undefined;
  }
  const goal = state.info?.goal ?? 'maximize';
  const trials = state.trials.map((trial) => ({ trial, counted: countedPrimary(trial) }));
  const maxResource = ladder.maxResource ?? Math.max(0, ...trials.map((t) => t.counted.length));
  const stops = state.policyDecisions.filter((d) => d.outcome === 'stop' && d.rung !== undefined);
  const brackets = ladder.bracketWeights.length;
  const views: RungView[] = [];
  for (let bracket = 0; bracket < brackets; bracket++) {
    const members = trials.filter(({ trial }) => bracketOf(trial, ladder.bracketWeights) === bracket);
    for (const resource of rungsOf(bracket, ladder, maxResource)) {
      const at = checkPointOf(resource, ladder.schedule);
      const reached = members.filter(({ counted }) => counted.length >= at);
      const stoppedIds = new Set(stops.filter((d) => d.rung?.bracket === bracket && d.rung.resource === resource).map((d) => d.trialId));
      const promoted = reached.filter(({ trial }) => !stoppedIds.has(trial.id));
      views.push({
        bracket, brackets, resource,
        reached: reached.length,
        stopped: reached.length - promoted.length,
        promoted: promoted.length,
        promotedIds: bestFirst(promoted, at, goal).slice(0, NAMED),
      });
    }
  }
  return views;
}

function bestFirst(entries: readonly { readonly trial: TrialRecord; readonly counted: readonly number[] }[], at: number, goal: Goal): string[] {
  const worst = worstFirst(goal);
  return entries
    .map(({ trial, counted }) => ({ id: trial.id, value: bestSoFar(counted, at, goal) }))
    .sort((a, b) => worst(b.value, a.value) || a.id.localeCompare(b.id))
    .map((entry) => entry.id);
}
