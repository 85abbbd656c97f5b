/**
 * The ranking every view shows (CLI status, tree, dashboard): trials ordered by their best-ever
 * primary value for the sweep's goal, trials without a finite value last in index order.
 */
import type { SweepState, TrialRecord } from '../journal/state';

export interface LeaderboardRow {
  /** 1-based rank among trials with a value; undefined for trials without one. */
  readonly rank?: number;
  readonly trial: TrialRecord;
}

export function leaderboard(state: SweepState): LeaderboardRow[] {
  const goal = state.info?.goal ?? 'maximize';
  const scored = state.trials.filter((t) => t.bestPrimary !== undefined && Number.isFinite(t.bestPrimary));
  const scoredSet = new Set(scored);
  const unscored = state.trials.filter((t) => !scoredSet.has(t));
  scored.sort((a, b) => {
    const av = a.bestPrimary ?? 0;
    const bv = b.bestPrimary ?? 0;
    if (av !== bv) return goal === 'maximize' ? bv - av : av - bv;
    return a.index - b.index;
  });
  return [...scored.map((trial, i) => ({ rank: i + 1, trial })), ...unscored.map((trial) => ({ trial }))];
}

/** Seconds a trial ran (to now while running), or undefined before it started. */
export function trialDurationSeconds(trial: TrialRecord, now: number = Date.now()): number | undefined {
  if (trial.startedAt === undefined) return undefined;
  return ((trial.endedAt ?? now) - trial.startedAt) / 1000;
}
