/**
 * What every view (dashboard header, VS Code tree and status bar, CLI status) says about a sweep's
 * best trial, its outcome and its warnings, computed once here so they never disagree.
 *
 * Best (decisions.md, README): the trial with the best-ever primary value among finished trials
 * (Completed and Canceled; Failed ones that reported values), `state.bestTrialId`. A running (or
 * queued, or interrupted) trial can hold a better value without being finished: it is then the
 * *leading* trial, always named as such and never as the best. The leaderboard ranks every trial
 * with a value, so its first row is the best trial or the leading one, and the header names both.
 */
import type { SweepState, TrialRecord } from '../journal/state';
import { isBetter } from '../journal/replay';

export interface BestValue {
  readonly trialId: string;
  readonly value: number;
}

export interface LeadingValue extends BestValue {
  /** The leading trial's status in lower case (`running`, `queued`, `interrupted`). */
  readonly status: string;
}

/** The best finished trial, and an unfinished trial that beats it (or leads while none finished). */
export function bestAndLeading(state: SweepState): { best?: BestValue; leading?: LeadingValue } {
  const bestTrial: TrialRecord | undefined = state.bestTrialId === undefined ? undefined : state.trials.find((t) => t.id === state.bestTrialId);
  const best = bestTrial?.bestPrimary !== undefined ? { trialId: bestTrial.id, value: bestTrial.bestPrimary } : undefined;
  // The leaderboard's first row, found in one pass (the header is rebuilt on every update).
  const goal = state.info?.goal ?? 'maximize';
  let top: TrialRecord | undefined;
  for (const t of state.trials) {
    const v = t.bestPrimary;
    if (v === undefined || !Number.isFinite(v)) continue;
    if (!top || isBetter(v, top.bestPrimary ?? v, goal)) top = t;
  }
  const topValue = top?.bestPrimary;
  const leading = top && topValue !== undefined && top.id !== best?.trialId && (best === undefined || isBetter(topValue, best.value, goal))
    ? { trialId: top.id, value: topValue, status: top.status.toLowerCase() }
    : undefined;
  return { ...(best ? { best } : {}), ...(leading ? { leading } : {}) };
}

/**
 * `best val_loss 0.101 (t_3)`, `best val_loss 0.101 (t_3); leading 0.09 (t_7, running)`,
 * `leading val_loss 0.09 (t_7, still running)`, or `no trial reported val_loss yet`.
 */
export function bestText(state: SweepState, format: (value: number) => string): string {
  const primary = state.info?.primaryMetric ?? 'the primary metric';
  const { best, leading } = bestAndLeading(state);
  if (best) {
    return `best ${primary} ${format(best.value)} (${best.trialId})${leading ? `; leading ${format(leading.value)} (${leading.trialId}, ${leading.status})` : ''}`;
  }
  if (leading) return `leading ${primary} ${format(leading.value)} (${leading.trialId}, still ${leading.status})`;
  const ended = state.status === 'Completed' || state.status === 'Failed' || state.status === 'Canceled';
  return `no trial reported ${primary}${ended ? '' : ' yet'}`;
}

/**
 * Trials that failed without their process ever starting (no `trial-started`): the program could
 * not be spawned (EMFILE when the machine ran out of open files, a missing program, a bad working
 * folder) or the command could not be built. Their parameters were never tried, so the sweep did
 * not do what it was asked to (until they are re-run).
 */
export function trialsNeverStarted(state: SweepState): TrialRecord[] {
  // A re-run that was asked for makes up for the trial it repeats.
  const rerun = new Set(state.trials.flatMap((t) => (t.rerunOf === undefined ? [] : [t.rerunOf])));
  return state.trials.filter((t) => t.status === 'Failed' && t.startedAt === undefined && !rerun.has(t.id));
}

/**
 * The sweep's status as people should read it, and whether it is a success. A sweep that ended
 * with no trial ever reporting a finite primary value found nothing, whatever its journal status:
 * `Completed, no primary metric reported`. A sweep in which trials could not even start is not a
 * success either: `Completed, 3 of 40 trials could not start`. Both are warnings, never shown as a
 * success, and the CLI exits non-zero for the second (`exitCodeFor`).
 */
export function sweepOutcome(state: SweepState): { readonly label: string; readonly warning: boolean } {
  const ended = state.status === 'Completed' || state.status === 'Failed' || state.status === 'Canceled';
  const anyValue = state.trials.some((t) => t.bestPrimary !== undefined);
  const notStarted = ended && state.status !== 'Failed' ? trialsNeverStarted(state).length : 0;
  const problems = [
    ...(ended && !anyValue && state.trials.length > 0 ? ['no primary metric reported'] : []),
    ...(notStarted > 0 ? [`${notStarted} of ${state.trials.length} trial${state.trials.length === 1 ? '' : 's'} could not start`] : []),
  ];
  if (problems.length > 0) return { label: `${state.status}, ${problems.join(', ')}`, warning: true };
  return { label: state.status, warning: false };
}

/** The journal's warnings as lines for people, each once, in the order they were recorded. */
export function warningLines(state: SweepState): string[] {
  return [...new Set(state.warnings.map((w) => w.message))];
}

const FINISHED: ReadonlySet<string> = new Set(['Completed', 'Failed', 'Canceled']);

/**
 * Progress as every view counts it: `done` of `total` over the trials the sweep itself sampled
 * (`total` = max_total_trials), and re-runs (asked for by the user, or made after a lost host)
 * counted on their own, so a re-run of an ended 30-trial sweep reads `30/30 + 1 re-run`, never
 * `31 of 30`.
 */
export function sweepProgress(state: SweepState): { done: number; total: number; reruns: number; rerunsDone: number } {
  let done = 0;
  let sampled = 0;
  let reruns = 0;
  let rerunsDone = 0;
  for (const t of state.trials) {
    if (t.rerunOf !== undefined) {
      reruns++;
      if (FINISHED.has(t.status)) rerunsDone++;
    } else {
      sampled++;
      if (FINISHED.has(t.status)) done++;
    }
  }
  return { done, total: Math.max(state.info?.limits.max_total_trials ?? sampled, sampled), reruns, rerunsDone };
}
