/**
 * `run --warm-start FILE.log`: an Optuna JournalStorage file (JournalFileStorage, Optuna 3.1 and
 * later; one written by `hypersweep export --format optuna-journal` or by Optuna itself) as a source
 * of prior trials. The operation log is replayed as Optuna replays it: CREATE_STUDY, CREATE_TRIAL
 * (a whole trial, or a RUNNING one filled in by later operations), SET_TRIAL_PARAM,
 * SET_TRIAL_STATE_VALUES and the attribute operations. Parameters are turned back into their
 * values (a category's index into its choice, an int distribution's float into an integer); a
 * trial HyperSweep exported keeps its parameters exactly, nested choices included, in its
 * `hypersweep_params` attribute, which is used when present. States: COMPLETE → Completed, PRUNED
 * → Canceled (its value: the best intermediate value, or the exported best), FAIL → Failed,
 * RUNNING → Running, WAITING → Queued. The study must be single-objective, and the file must hold
 * one study (the prior values must measure one objective).
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { Goal, Params } from '../spec/model';
import type { PriorSourceData, PriorSourceReader, SourceTrial } from '../warmstart/priorSource';
import { setOwn } from '../../shared/nameRecords';

/** Makes the error the warm-start code reports (PriorSourceError; passed in, so no import cycle). */
type Fail = (message: string) => Error;

const OP = { createStudy: 0, deleteStudy: 1, setStudyUserAttr: 2, createTrial: 4, setTrialParam: 5, setTrialStateValues: 6, setTrialIntermediate: 7, setTrialUserAttr: 8 } as const;
const STATES: Readonly<Record<number, string>> = { 0: 'Running', 1: 'Completed', 2: 'Canceled', 3: 'Failed', 4: 'Queued' };

type Json = Record<string, unknown>;

interface TrialBuild {
  study: number;
  state: number;
  value: number | null;
  params: Record<string, unknown>;
  intermediate: number[];
  userAttrs: Record<string, unknown>;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Python's json writes NaN and infinities as bare words, which JSON.parse refuses: they become null (no value). */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return JSON.parse(line.replace(/(?<=[:[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, 'null')) as unknown;
  }
}

/** A parameter's value from Optuna's internal representation and its distribution (a JSON string). */
function externalValue(internal: unknown, distribution: unknown): unknown {
  const parsed = typeof distribution === 'string' ? (JSON.parse(distribution) as unknown) : distribution;
  if (!isRecord(parsed) || typeof internal !== 'number') return internal;
  const attributes = isRecord(parsed['attributes']) ? parsed['attributes'] : {};
  const name = parsed['name'] ?? parsed['type'];
  if (name === 'CategoricalDistribution' || name === 'categorical') {
    const choices = attributes['choices'] ?? parsed['choices'];
    return Array.isArray(choices) ? choices[internal] : internal;
  }
  if (name === 'IntDistribution' || name === 'IntUniformDistribution' || name === 'IntLogUniformDistribution' || name === 'int') return Math.round(internal);
  return internal;
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function sourceTrial(trial: TrialBuild, number: number, goal: Goal): SourceTrial {
  const exported = typeof trial.userAttrs['hypersweep_params'] === 'string' ? (JSON.parse(trial.userAttrs['hypersweep_params']) as unknown) : undefined;
  const params = (isRecord(exported) ? exported : trial.params) as Params;
  const status = STATES[trial.state] ?? `state ${trial.state}`;
  const exportedBest = typeof trial.userAttrs['hypersweep_best_value'] === 'string' ? finite(Number(trial.userAttrs['hypersweep_best_value'])) : null;
  const reported = trial.intermediate.filter(Number.isFinite);
  const bestReported = reported.length === 0 ? null : goal === 'minimize' ? Math.min(...reported) : Math.max(...reported);
  const value = status === 'Completed' ? trial.value : (exportedBest ?? (status === 'Canceled' ? bestReported : null));
  const id = typeof trial.userAttrs['hypersweep_trial_id'] === 'string' ? trial.userAttrs['hypersweep_trial_id'] : `trial ${number}`;
  return { id, params, status, value };
}

function readOptunaJournal(path: string, text: string, fail: Fail): PriorSourceData {
  const studies: { name: string; goal: Goal; attrs: Json; deleted: boolean }[] = [];
  const trials: TrialBuild[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let op: unknown;
    try {
      op = parseLine(line);
    } catch (error) {
      throw fail(`${path}:${i + 1}: not a JSON line of an Optuna journal (${error instanceof Error ? error.message : String(error)}).`);
    }
    if (!isRecord(op)) return;
    const trial = typeof op['trial_id'] === 'number' ? trials[op['trial_id']] : undefined;
    switch (op['op_code']) {
      case OP.createStudy: {
        const directions = Array.isArray(op['directions']) ? op['directions'] : [];
        if (directions.length !== 1) throw fail(`${path}:${i + 1}: study "${String(op['study_name'])}" has ${directions.length} objectives; warm start needs a single-objective study.`);
        studies.push({ name: String(op['study_name']), goal: directions[0] === 2 ? 'maximize' : 'minimize', attrs: {}, deleted: false });
        return;
      }
      case OP.deleteStudy: {
        const study = typeof op['study_id'] === 'number' ? studies[op['study_id']] : undefined;
        if (study) study.deleted = true;
        return;
      }
      case OP.setStudyUserAttr: {
        const study = typeof op['study_id'] === 'number' ? studies[op['study_id']] : undefined;
        if (study && isRecord(op['user_attr'])) Object.assign(study.attrs, op['user_attr']);
        return;
      }
      case OP.createTrial: {
        const distributions = isRecord(op['distributions']) ? op['distributions'] : {};
        const params: Record<string, unknown> = {};
        for (const [name, internal] of Object.entries(isRecord(op['params']) ? op['params'] : {})) {
          setOwn(params, name, externalValue(internal, distributions[name]));
        }
        const values = Array.isArray(op['values']) ? op['values'] : undefined;
        trials.push({
          study: typeof op['study_id'] === 'number' ? op['study_id'] : 0,
          state: typeof op['state'] === 'number' ? op['state'] : 0,
          value: finite(op['value']) ?? finite(values?.[0]),
          params,
          intermediate: Object.values(isRecord(op['intermediate_values']) ? op['intermediate_values'] : {}).filter((v): v is number => typeof v === 'number'),
          userAttrs: isRecord(op['user_attrs']) ? { ...op['user_attrs'] } : {},
        });
        return;
      }
      case OP.setTrialParam:
        if (trial && typeof op['param_name'] === 'string') {
          setOwn(trial.params, op['param_name'], externalValue(op['param_value_internal'], op['distribution']));
        }
        return;
      case OP.setTrialStateValues:
        if (trial) {
          if (typeof op['state'] === 'number') trial.state = op['state'];
          if (Array.isArray(op['values'])) trial.value = finite(op['values'][0]);
        }
        return;
      case OP.setTrialIntermediate:
        if (trial && typeof op['intermediate_value'] === 'number') trial.intermediate.push(op['intermediate_value']);
        return;
      case OP.setTrialUserAttr:
        if (trial && isRecord(op['user_attr'])) Object.assign(trial.userAttrs, op['user_attr']);
        return;
      default:
        return;
    }
  });
  const live = studies.map((s, id) => ({ ...s, id })).filter((s) => !s.deleted);
  const study = live[0];
  if (!study) throw fail(`${path} is an Optuna journal without a study.`);
  if (live.length > 1) throw fail(`${path} holds ${live.length} studies (${live.map((s) => s.name).join(', ')}); warm start reads one: write each study to its own journal.`);
  const metric = study.attrs['hypersweep_primary_metric'];
  const own = trials.filter((t) => t.study === study.id);
  return {
    kind: `Optuna journal (study ${study.name})`,
    ...(typeof metric === 'string' ? { primaryMetric: metric } : {}),
    goal: study.goal,
    trials: own.map((t, number) => sourceTrial(t, number, study.goal)),
  };
}

/** The first line of an Optuna journal is an operation: a JSON object with an `op_code` (read: the first 64 KiB). */
function looksLikeOptunaJournal(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    const head = Buffer.alloc(65_536);
    let length: number;
    try {
      length = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    const first = head.subarray(0, length).toString('utf8').split('\n', 1)[0] ?? '';
    const op = parseLine(first);
    return isRecord(op) && typeof op['op_code'] === 'number' && typeof op['worker_id'] === 'string';
  } catch {
    return false;
  }
}

/** The reader, reporting bad files with `fail`'s errors. */
export function optunaJournalReader(fail: Fail): PriorSourceReader {
  return {
    accepts: looksLikeOptunaJournal,
    read: (path) => Promise.resolve(readOptunaJournal(path, readFileSync(path, 'utf8'), fail)),
  };
}
