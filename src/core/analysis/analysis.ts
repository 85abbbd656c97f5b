/**
 * Everything `hypersweep analyze` and the dashboard's Importance view say about a sweep, from its
 * replayed state and the spec copy's search space: importance, the top 10%'s region per parameter
 * and a sentence for each.
 */
import type { SweepState } from '../journal/state';
import type { SearchSpace } from '../spec/model';
import { adviceFor, type ParameterAdvice } from './bestRegion';
import { analysisColumns } from './columns';
import { countedTrials, goalOf } from './countedTrials';
import { DEFAULT_SEED, importanceOf, type ImportanceResult } from './importance';

export interface SweepAnalysis extends ImportanceResult {
  readonly goal: 'minimize' | 'maximize';
  readonly primaryMetric?: string;
  readonly parameters: readonly ParameterAdvice[];
}

export function analyzeSweep(state: SweepState, space: SearchSpace | undefined, seed = DEFAULT_SEED): SweepAnalysis {
  const trials = countedTrials(state);
  const columns = analysisColumns(trials.map((t) => t.trial.params), space);
  const importance = importanceOf(trials, columns, seed);
  const goal = goalOf(state);
  return {
    ...importance,
    goal,
    ...(state.info?.primaryMetric !== undefined ? { primaryMetric: state.info.primaryMetric } : {}),
    parameters: adviceFor(trials, columns, goal, importance.importance, importance.order),
  };
}
