/**
 * `hypersweep export --format optuna-journal`: the sweep as an Optuna JournalStorage file (the
 * journal of `optuna.storages.JournalFileStorage`, Optuna 3.1 and later), so optuna-dashboard and
 * Optuna's own analysis open a HyperSweep sweep. The format is Optuna's operation log, one JSON
 * object per line with an `op_code` and a `worker_id`: a CREATE_STUDY (name, direction), one
 * SET_STUDY_USER_ATTR per sweep fact, then one CREATE_TRIAL per trial carrying its whole state
 * (the way Optuna's `add_trial` writes a finished trial): state, value, start and end, parameters
 * with their distributions (see optunaDistributions.ts), intermediate values and user attributes.
 *
 * Mapping: a trial's value is its best primary value (HyperSweep's definition of a trial's result).
 * Completed, and Canceled by the user, a timeout or a limit, → COMPLETE when it reported a finite
 * primary value (HyperSweep's best counts them, decisions.md), else FAIL; Canceled by early
 * termination → PRUNED; Failed → FAIL; Running → RUNNING; Queued and Interrupted (run again on
 * resume) → WAITING. So Optuna's best trial is HyperSweep's, unless that is an early-stopped or a
 * failed trial (Optuna never counts PRUNED or FAIL ones); the study attribute
 * `hypersweep_best_trial` always names HyperSweep's. Intermediate values are the
 * primary metric by step, after-stop values left out as everywhere else; non-finite values are
 * written as Python's json writes them (NaN, Infinity), which Optuna reads. Times are UTC. The
 * HyperSweep status, trial id and the parameters as the trial saw them are user attributes.
 */
import type { SweepState, TrialRecord } from '../journal/state';
import type { SearchSpace } from '../spec/model';
import { analysisColumns, columnDistributions } from '../analysis/columns';
import { flattenParams } from './paramColumns';
import { optunaParameter, type OptunaParameter } from './optunaDistributions';
import { ownValue, setOwn } from '../../shared/nameRecords';

/** Optuna's JournalOperation codes (optuna/storages/_journal/storage.py). */
const OP = { createStudy: 0, setStudyUserAttr: 2, createTrial: 4 } as const;
/** Optuna's TrialState and StudyDirection values. */
const STATE = { RUNNING: 0, COMPLETE: 1, PRUNED: 2, FAIL: 3, WAITING: 4 } as const;
const DIRECTION = { minimize: 1, maximize: 2 } as const;
const WORKER_ID = 'hypersweep-export';
const STUDY_ID = 0;

/** Marks a non-finite number through JSON.stringify, to be written as Python's json literal. */
const NON_FINITE = '\u0001hypersweep-non-finite:';

function optunaState(trial: TrialRecord): number {
  const valued = trial.bestPrimary !== undefined && Number.isFinite(trial.bestPrimary);
  switch (trial.status) {
    case 'Completed':
      return valued ? STATE.COMPLETE : STATE.FAIL;
    case 'Canceled':
      if (trial.reason === 'early_termination') return STATE.PRUNED;
      return valued ? STATE.COMPLETE : STATE.FAIL;
    case 'Failed':
      return STATE.FAIL;
    case 'Running':
      return STATE.RUNNING;
    case 'Queued':
    case 'Interrupted':
      return STATE.WAITING;
  }
}

/** Naive UTC ISO time with microseconds, as Optuna writes (`datetime.isoformat(timespec="microseconds")`). */
function isoTime(ms: number | undefined): string | null {
  return ms === undefined ? null : `${new Date(ms).toISOString().slice(0, 23)}000`;
}

function intermediateValues(trial: TrialRecord): Record<string, number> {
  const values: Record<string, number> = {};
  for (const point of trial.primary) {
    if (point.afterStop) continue;
    setOwn(values, String(point.step), point.value);
  }
  return values;
}

function statusText(trial: TrialRecord): string {
  return trial.reason !== undefined ? `${trial.status} (${trial.reason})` : trial.status;
}

function trialLog(trial: TrialRecord, parameters: readonly OptunaParameter[], space: SearchSpace | undefined) {
  const flat = flattenParams(trial.params, space);
  const distributions: Record<string, string> = {};
  const params: Record<string, number> = {};
  for (const parameter of parameters) {
    const internal = parameter.internal(ownValue(flat, parameter.name));
    if (internal === undefined) continue;
    setOwn(distributions, parameter.name, JSON.stringify(parameter.distribution));
    setOwn(params, parameter.name, internal);
  }
  const state = optunaState(trial);
  const finished = trial.status === 'Completed' || trial.status === 'Failed' || trial.status === 'Canceled';
  const userAttrs: Record<string, string> = {
    hypersweep_trial_id: trial.id,
    hypersweep_status: statusText(trial),
    hypersweep_params: JSON.stringify(trial.params),
    ...(trial.note !== undefined ? { hypersweep_note: trial.note } : {}),
    ...(trial.bestPrimary !== undefined && state !== STATE.COMPLETE ? { hypersweep_best_value: String(trial.bestPrimary) } : {}),
  };
  return {
    op_code: OP.createTrial,
    worker_id: WORKER_ID,
    study_id: STUDY_ID,
    state,
    value: state === STATE.COMPLETE ? (trial.bestPrimary ?? null) : null,
    values: null,
    datetime_start: isoTime(trial.startedAt),
    ...(finished && trial.endedAt !== undefined ? { datetime_complete: isoTime(trial.endedAt) } : {}),
    distributions,
    params,
    user_attrs: userAttrs,
    system_attrs: {},
    intermediate_values: intermediateValues(trial),
  };
}

function line(record: object): string {
  const text = JSON.stringify(record, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? `${NON_FINITE}${String(value)}` : value));
  return text.replace(/"\\u0001hypersweep-non-finite:(NaN|Infinity|-Infinity)"/g, '$1');
}

/** The Optuna journal of the sweep: one line per operation, newline-terminated. */
export function optunaJournal(state: SweepState, space: SearchSpace | undefined, fallbackName: string): string {
  const columns = analysisColumns(state.trials.map((t) => t.params), space);
  const distributions = columnDistributions(space);
  const parameters = columns.map((c) => optunaParameter(c, ownValue(distributions, c.name)));
  const info = state.info;
  const studyAttrs: Record<string, string | number | null> = {
    hypersweep_primary_metric: info?.primaryMetric ?? null,
    hypersweep_sampler: info?.sampler ?? null,
    hypersweep_seed: info?.seed ?? null,
    hypersweep_status: state.status,
    hypersweep_best_trial: state.bestTrialId ?? null,
  };
  const lines = [
    line({ op_code: OP.createStudy, worker_id: WORKER_ID, study_name: info?.name ?? fallbackName, directions: [DIRECTION[info?.goal ?? 'maximize']] }),
    ...Object.entries(studyAttrs).map(([name, value]) => line({ op_code: OP.setStudyUserAttr, worker_id: WORKER_ID, study_id: STUDY_ID, user_attr: { [name]: value } })),
    ...state.trials.map((trial) => line(trialLog(trial, parameters, space))),
  ];
  return lines.join('\n') + '\n';
}
