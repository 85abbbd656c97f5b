/**
 * Which trials an analysis learns from, and the value it learns. Completed trials count with their
 * best primary value. Early-stopped trials (Canceled by the early-termination policy) count too,
 * with the best value they reached before the stop: leaving them out would keep only the survivors,
 * and the parameters that made the others bad are exactly what importance should see. Trials that
 * failed, ran out of time, were canceled by the user or a limit, or are still running say nothing
 * reliable about their parameters and are left out, as is any trial without a finite value.
 */
import type { SweepState, TrialRecord } from '../journal/state';
import type { Goal } from '../spec/model';

export interface CountedTrial {
  readonly trial: TrialRecord;
  /** The best finite primary value before any stop (goal aware, as `bestPrimary`). */
  readonly value: number;
  readonly earlyStopped: boolean;
}

export function countsForAnalysis(trial: TrialRecord): boolean {
  if (trial.bestPrimary === undefined || !Number.isFinite(trial.bestPrimary)) return false;
  return trial.status === 'Completed' || (trial.status === 'Canceled' && trial.reason === 'early_termination');
}

export function countedTrials(state: SweepState): CountedTrial[] {
  const counted: CountedTrial[] = [];
  for (const trial of state.trials) {
    if (!countsForAnalysis(trial)) continue;
    counted.push({ trial, value: trial.bestPrimary ?? Number.NaN, earlyStopped: trial.status === 'Canceled' });
  }
  return counted;
}

/** The sweep's goal; a journal cut before `sweep-created` has none, and then higher is taken as better. */
export function goalOf(state: SweepState): Goal {
  return state.info?.goal ?? 'maximize';
}
