/**
 * Sweep state -> the dashboard's view types (src/shared/dashboardProtocol.ts). Pure functions of
 * the replayed state, so the extension and the browser tests' fake host build identical messages.
 */
import type { PolicyExplanation } from '../policies/explanation';
import type { SweepState, TrialRecord } from '../journal/state';
import type { EarlyTermination, SearchSpace } from '../spec/model';
import { flattenParams, paramScales } from '../results/paramColumns';
import { bestAndLeading, sweepOutcome, sweepProgress, warningLines } from '../results/sweepOutcome';
import { originLines } from '../warmstart/describeOrigins';
import type { RungView, SweepHeaderView, TerminationView, TrialRowView, TrialStatusView } from '../../shared/dashboardProtocol';
import { rungViews } from './rungs';

const END_REASONS: Readonly<Record<string, string>> = {
  max_total_trials: 'all trials ran (max_total_trials)',
  space_exhausted: 'the search space is exhausted',
  user: 'stopped by the user',
  sweep_timeout: 'the sweep timeout was reached',
  all_trials_failed: 'every trial failed',
  error: 'an error stopped the runner',
};

/** The policy as one short phrase, e.g. `bandit: slack factor 0.3, every 1 interval after 5`. */
export function describePolicy(policy: EarlyTermination | null | undefined): string {
  if (!policy) return 'none';
  const every = `every ${Math.max(1, policy.evaluation_interval)} interval${Math.max(1, policy.evaluation_interval) === 1 ? '' : 's'}`;
  const after = policy.delay_evaluation > 0 ? ` after ${policy.delay_evaluation}` : '';
  switch (policy.type) {
    case 'bandit': {
      const slack = policy.slack_factor !== undefined ? `slack factor ${policy.slack_factor}` : `slack amount ${policy.slack_amount ?? 0}`;
      return `bandit: ${slack}, ${every}${after}`;
    }
    case 'median_stopping':
      return `median stopping: ${every}${after}`;
    case 'truncation_selection':
      return `truncation selection: cut ${policy.truncation_percentage}%, ${every}${after}`;
    case 'asha':
    case 'hyperband': {
      const max = policy.max_resource !== undefined ? String(policy.max_resource) : 'the longest trial';
      const brackets = policy.brackets !== undefined && policy.brackets > 1 ? `, ${policy.brackets} brackets` : '';
      return `${policy.type}: rungs from ${policy.min_resource} to ${max} reports, top 1/${policy.reduction_factor} promoted${brackets}, ${every}${after}`;
    }
  }
}

/** One leaderboard row for `trial` (nested choices as columns, named with `space` when known). */
export function trialRowView(trial: TrialRecord, space?: SearchSpace): TrialRowView {
  const params = flattenParams(trial.params, space);
  const reason = trial.reason ?? (trial.status === 'Failed' ? trial.note ?? (trial.exitCode !== null ? `exit code ${trial.exitCode}` : trial.signal ?? undefined) : undefined);
  return {
    id: trial.id,
    index: trial.index,
    status: trial.status,
    ...(reason !== undefined ? { reason } : {}),
    best: trial.bestPrimary ?? null,
    params,
    ...(trial.startedAt !== undefined ? { startedAt: trial.startedAt } : {}),
    ...(trial.endedAt !== undefined ? { endedAt: trial.endedAt } : {}),
    intervals: trial.primary.length,
  };
}

/** Parameter names in first-seen order, and metric names with the primary first. */
export function columnNames(state: SweepState, space?: SearchSpace): { paramNames: string[]; metricNames: string[] } {
  const params = new Set<string>();
  const metrics = new Set<string>();
  const primary = state.info?.primaryMetric;
  if (primary !== undefined) metrics.add(primary);
  for (const trial of state.trials) {
    for (const name of Object.keys(flattenParams(trial.params, space))) params.add(name);
    for (const name of Object.keys(trial.metrics)) metrics.add(name);
  }
  return { paramNames: [...params], metricNames: [...metrics] };
}

/** The header for `state`. */
export function headerView(state: SweepState, space?: SearchSpace): SweepHeaderView {
  const info = state.info;
  const counts: Record<TrialStatusView, number> = { Queued: 0, Running: 0, Completed: 0, Failed: 0, Canceled: 0, Interrupted: 0 };
  // Counts break `done` down, so they cover the sampled trials; re-runs are counted on their own.
  for (const trial of state.trials) if (trial.rerunOf === undefined) counts[trial.status]++;
  const progress = sweepProgress(state);
  const best = state.bestTrialId === undefined ? undefined : state.trials.find((t) => t.id === state.bestTrialId);
  const { paramNames, metricNames } = columnNames(state, space);
  const { leading } = bestAndLeading(state);
  const outcome = sweepOutcome(state);
  return {
    name: info?.name ?? '(journal without a sweep-created event)',
    status: state.status,
    ...(state.endReason !== undefined ? { endReason: END_REASONS[state.endReason] ?? state.endReason } : {}),
    goal: info?.goal ?? 'maximize',
    primaryMetric: info?.primaryMetric ?? '',
    sampler: info ? `${info.sampler}, seed ${info.seed}` : 'unknown',
    policy: describePolicy(info?.policy),
    done: progress.done,
    ...(progress.reruns > 0 ? { reruns: { count: progress.reruns, done: progress.rerunsDone } } : {}),
    running: state.trials.filter((t) => t.status === 'Running').length,
    total: progress.total,
    counts,
    ...(state.startedAt !== undefined ? { startedAt: state.startedAt } : {}),
    ...(state.endedAt !== undefined && state.status !== 'Running' ? { endedAt: state.endedAt } : {}),
    ...(best?.bestPrimary !== undefined ? { bestValue: best.bestPrimary, bestTrialId: best.id } : {}),
    ...(leading ? { leading } : {}),
    statusLabel: outcome.label,
    statusWarning: outcome.warning,
    warnings: warningLines(state),
    canStop: state.status === 'Running' && state.cancelRequested === undefined,
    canResume: state.status !== 'Running' && state.info !== undefined && state.endReason !== 'max_total_trials' && state.endReason !== 'space_exhausted',
    canExtend: state.info !== undefined && (state.status === 'Completed' || state.status === 'Canceled'),
    ...(originLines(state).length > 0 ? { origins: originLines(state) } : {}),
    ...rungsField(state),
    paramNames,
    metricNames,
    ...(space ? { paramScales: paramScales(space) } : {}),
  };
}

/** ASHA and Hyperband sweeps carry their rung table in the header. */
function rungsField(state: SweepState): { rungs?: RungView[] } {
  const rungs = rungViews(state);
  return rungs ? { rungs } : {};
}

/** A stop decision as a list entry; `order` is its position among all policy checks. */
export function terminationView(explanation: PolicyExplanation, order: number, trial: TrialRecord | undefined): TerminationView {
  return {
    trialId: explanation.trialId,
    interval: explanation.interval,
    policy: explanation.policy,
    sentence: explanation.summary,
    order,
    ...(trial?.endedAt !== undefined ? { time: trial.endedAt } : {}),
  };
}

/** Every stop decision in `state.policyDecisions` from position `from` on. */
export function terminationsSince(state: SweepState, from: number): TerminationView[] {
  const out: TerminationView[] = [];
  let byId: Map<string, TrialRecord> | undefined;
  for (let i = from; i < state.policyDecisions.length; i++) {
    const decision = state.policyDecisions[i];
    if (decision?.outcome !== 'stop') continue;
    byId ??= new Map(state.trials.map((t) => [t.id, t]));
    out.push(terminationView(decision, i, byId.get(decision.trialId)));
  }
  return out;
}
