/**
 * One decoder per journal event type: turns a parsed JSON object into a typed event, or throws a
 * FieldError naming the first field that is wrong. Optional fields that are absent stay absent
 * (not `undefined`), so decode(encode(e)) deep-equals e.
 */
import type { PolicyExplanation, PolicyType, RungDecision } from '../policies/explanation';
import type { EarlyTermination, Goal, Limits, ParamValue, Params } from '../spec/model';
import {
  CANCEL_REASONS,
  CANCEL_REQUESTERS,
  JOURNAL_FORMAT_VERSION,
  PRIOR_STATUSES,
  RERUN_REASONS,
  SWEEP_END_REASONS,
  TERMINAL_STATUSES,
  TRIAL_ORIGINS,
  type JournalEvent,
  type PriorTrial,
  type JournalEventType,
} from './events';
import { decodeHandle, decodePlacement, decodeTarget } from './decodeTarget';
import { FieldError, FieldReader, describe, isJsonObject, type JsonObject } from './fields';
import { setOwn } from '../../shared/nameRecords';

const GOALS: readonly Goal[] = ['maximize', 'minimize'];
const POLICY_TYPES: readonly PolicyType[] = ['bandit', 'median_stopping', 'truncation_selection', 'asha', 'hyperband'];

function decodeParamValue(value: unknown, where: string): ParamValue {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (isJsonObject(value)) return decodeParamsObject(value, where);
  throw new FieldError(`${where} must be a number, string, boolean or mapping, got ${describe(value)}`);
}

function decodeParamsObject(obj: JsonObject, where: string): Params {
  const out: { [name: string]: ParamValue } = {};
  for (const key of Object.keys(obj)) setOwn(out, key, decodeParamValue(obj[key], `${where}.${key}`));
  return out;
}

function decodeParams(r: FieldReader, key: string): Params {
  const v = r.raw(key);
  if (!isJsonObject(v)) throw new FieldError(`${key} must be a mapping of parameter values, got ${describe(v)}`);
  return decodeParamsObject(v, key);
}

function decodeParamsList(r: FieldReader, key: string): Params[] {
  const list = r.raw(key);
  if (!Array.isArray(list)) throw new FieldError(`${key} must be a list of parameter mappings, got ${describe(list)}`);
  return list.map((item: unknown, i) => {
    if (!isJsonObject(item)) throw new FieldError(`${key}[${i}] must be a mapping of parameter values, got ${describe(item)}`);
    return decodeParamsObject(item, `${key}[${i}]`);
  });
}

function decodePriorTrials(r: FieldReader): PriorTrial[] {
  const list = r.raw('trials');
  if (!Array.isArray(list)) throw new FieldError(`trials must be a list, got ${describe(list)}`);
  return list.map((item: unknown, i) => {
    if (!isJsonObject(item)) throw new FieldError(`trials[${i}] must be a mapping, got ${describe(item)}`);
    const p = new FieldReader(item, `trials[${i}]`);
    const imputed = p.has('imputed') ? p.stringArray('imputed') : undefined;
    return {
      id: p.string('id'),
      params: decodeParams(p, 'params'),
      status: p.oneOf('status', PRIOR_STATUSES),
      value: p.raw('value') === null ? null : p.number('value'),
      ...(imputed !== undefined ? { imputed } : {}),
    };
  });
}

function decodeLimits(r: FieldReader): Limits {
  const maxConcurrent = r.has('max_concurrent_trials') ? r.integer('max_concurrent_trials', 1) : undefined;
  const timeout = r.optionalFinite('timeout');
  const trialTimeout = r.optionalFinite('trial_timeout');
  return {
    max_total_trials: r.integer('max_total_trials', 1),
    ...(maxConcurrent !== undefined ? { max_concurrent_trials: maxConcurrent } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...(trialTimeout !== undefined ? { trial_timeout: trialTimeout } : {}),
  };
}

function decodePolicy(r: FieldReader): EarlyTermination {
  const base = {
    evaluation_interval: r.integer('evaluation_interval'),
    delay_evaluation: r.integer('delay_evaluation'),
  };
  const type = r.oneOf('type', POLICY_TYPES);
  switch (type) {
    case 'bandit': {
      const slackFactor = r.optionalFinite('slack_factor');
      const slackAmount = r.optionalFinite('slack_amount');
      return {
        type,
        ...base,
        ...(slackFactor !== undefined ? { slack_factor: slackFactor } : {}),
        ...(slackAmount !== undefined ? { slack_amount: slackAmount } : {}),
      };
    }
    case 'median_stopping':
      return { type, ...base };
    case 'truncation_selection':
      return { type, ...base, truncation_percentage: r.finite('truncation_percentage') };
    case 'asha':
      return { type, ...base, ...decodeLadder(r), brackets: r.integer('brackets', 1) };
    case 'hyperband': {
      const brackets = r.has('brackets') ? r.integer('brackets', 1) : undefined;
      return { type, ...base, ...decodeLadder(r), ...(brackets !== undefined ? { brackets } : {}) };
    }
  }
}

function decodeLadder(r: FieldReader): { min_resource: number; max_resource?: number; reduction_factor: number } {
  const max = r.has('max_resource') ? r.integer('max_resource', 1) : undefined;
  return { min_resource: r.integer('min_resource', 1), ...(max !== undefined ? { max_resource: max } : {}), reduction_factor: r.integer('reduction_factor', 2) };
}

function decodeExplanation(r: FieldReader): PolicyExplanation {
  const refReader = r.object('reference');
  const reference: Record<string, number> = {};
  for (const key of refReader.keys()) reference[key] = refReader.number(key);
  const ranking = r.has('ranking') ? decodeRanking(r.object('ranking')) : undefined;
  const rung = r.has('rung') ? decodeRung(r.object('rung')) : undefined;
  return {
    policy: r.oneOf('policy', POLICY_TYPES),
    trialId: r.string('trialId'),
    interval: r.integer('interval'),
    goal: r.oneOf('goal', GOALS),
    outcome: r.oneOf('outcome', ['stop', 'continue', 'skip'] as const),
    value: r.number('value'),
    reference,
    threshold: r.number('threshold'),
    populationSize: r.integer('populationSize'),
    ...(ranking !== undefined ? { ranking } : {}),
    ...(rung !== undefined ? { rung } : {}),
    summary: r.string('summary'),
  };
}

function decodeRanking(r: FieldReader): NonNullable<PolicyExplanation['ranking']> {
  return { rank: r.integer('rank'), count: r.integer('count'), cut: r.integer('cut') };
}

function decodeRung(r: FieldReader): RungDecision {
  const rungs = r.raw('rungs');
  if (!Array.isArray(rungs) || !rungs.every((x): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 1)) {
    throw new FieldError(`rung.rungs must be a list of integers >= 1, got ${describe(rungs)}`);
  }
  return {
    resource: r.integer('resource', 1), bracket: r.integer('bracket'), brackets: r.integer('brackets', 1), rungs,
    rank: r.integer('rank', 1), count: r.integer('count', 1), promoted: r.integer('promoted', 1),
  };
}

type Decoder = (r: FieldReader, t: number) => JournalEvent;

const v = JOURNAL_FORMAT_VERSION;

/** Decoders by event type; the `satisfies` check makes a missing type a compile error. */
const DECODERS = {
  'sweep-created': (r, t) => ({
    v, t, type: 'sweep-created',
    name: r.string('name'),
    specPath: r.string('specPath'),
    specHash: r.string('specHash'),
    sampler: r.string('sampler'),
    seed: r.integer('seed'),
    goal: r.oneOf('goal', GOALS),
    primaryMetric: r.string('primaryMetric'),
    limits: decodeLimits(r.object('limits')),
    policy: r.raw('policy') === null ? null : decodePolicy(r.object('policy')),
    hypersweepVersion: r.string('hypersweepVersion'),
    ...(r.has('target') ? { target: decodeTarget(r.raw('target')) } : {}),
  }),
  'runner-started': (r, t) => ({
    v, t, type: 'runner-started', pid: r.integer('pid'), host: r.string('host'), resume: r.boolean('resume'),
  }),
  'trial-created': (r, t) => {
    const rerunOf = r.optionalString('rerunOf');
    const rerunReason = r.optionalOneOf('rerunReason', RERUN_REASONS);
    const origin = r.optionalOneOf('origin', TRIAL_ORIGINS);
    return {
      v, t, type: 'trial-created',
      trialId: r.string('trialId'),
      index: r.integer('index'),
      sequence: r.integer('sequence'),
      params: decodeParams(r, 'params'),
      ...(rerunOf !== undefined ? { rerunOf } : {}),
      ...(rerunReason !== undefined ? { rerunReason } : {}),
      ...(origin !== undefined ? { origin } : {}),
    };
  },
  'proposal-skipped': (r, t) => ({
    v, t, type: 'proposal-skipped',
    sequence: r.integer('sequence'),
    params: decodeParams(r, 'params'),
    reason: r.oneOf('reason', ['duplicate'] as const),
    duplicateOf: r.string('duplicateOf'),
  }),
  'trial-started': (r, t) => ({
    v, t, type: 'trial-started',
    trialId: r.string('trialId'),
    attempt: r.integer('attempt', 1),
    pid: r.integer('pid'),
    processStartTime: r.raw('processStartTime') === null ? null : r.finite('processStartTime'),
    target: r.string('target'),
    argv: r.stringArray('argv'),
    cwd: r.string('cwd'),
    ...(r.has('placement') ? { placement: decodePlacement(r.object('placement')) } : {}),
    ...(r.has('handle') ? { handle: decodeHandle(r.raw('handle')) } : {}),
  }),
  metric: (r, t) => ({
    v, t, type: 'metric',
    trialId: r.string('trialId'),
    name: r.string('name'),
    value: r.number('value'),
    step: r.finite('step'),
    timestamp: r.finite('timestamp'),
    source: r.oneOf('source', ['stdout', 'mlflow'] as const),
    // Only `true` is ever written; a `false` means the same as absent.
    ...(r.has('afterStop') && r.boolean('afterStop') ? { afterStop: true as const } : {}),
  }),
  param: (r, t) => ({
    v, t, type: 'param', trialId: r.string('trialId'), key: r.string('key'), value: r.string('value'),
  }),
  tag: (r, t) => ({
    v, t, type: 'tag', trialId: r.string('trialId'), key: r.string('key'), value: r.string('value'),
  }),
  'policy-decision': (r, t) => ({
    v, t, type: 'policy-decision', explanation: decodeExplanation(r.object('explanation')),
  }),
  'trial-ended': (r, t) => {
    const reason = r.optionalOneOf('reason', CANCEL_REASONS);
    const note = r.optionalString('note');
    return {
      v, t, type: 'trial-ended',
      trialId: r.string('trialId'),
      attempt: r.integer('attempt', 1),
      status: r.oneOf('status', TERMINAL_STATUSES),
      ...(reason !== undefined ? { reason } : {}),
      exitCode: r.nullableInteger('exitCode'),
      signal: r.nullableString('signal'),
      ...(note !== undefined ? { note } : {}),
    };
  },
  'trial-placement': (r, t) => ({
    v, t, type: 'trial-placement', trialId: r.string('trialId'), attempt: r.integer('attempt', 1), placement: decodePlacement(r.object('placement')),
  }),
  'trial-interrupted': (r, t) => ({
    v, t, type: 'trial-interrupted', trialId: r.string('trialId'), attempt: r.integer('attempt', 1),
  }),
  'cancel-requested': (r, t) => ({ v, t, type: 'cancel-requested', by: r.oneOf('by', CANCEL_REQUESTERS) }),
  'sweep-warning': (r, t) => {
    const trialId = r.optionalString('trialId');
    return { v, t, type: 'sweep-warning', message: r.string('message'), ...(trialId !== undefined ? { trialId } : {}) };
  },
  'sweep-ended': (r, t) => {
    const message = r.optionalString('message');
    return {
      v, t, type: 'sweep-ended',
      status: r.oneOf('status', TERMINAL_STATUSES),
      reason: r.oneOf('reason', SWEEP_END_REASONS),
      ...(message !== undefined ? { message } : {}),
    };
  },
  'configs-enqueued': (r, t) => ({ v, t, type: 'configs-enqueued', source: r.string('source'), configs: decodeParamsList(r, 'configs') }),
  'priors-loaded': (r, t) => ({
    v, t, type: 'priors-loaded', source: r.string('source'), summary: r.string('summary'), trials: decodePriorTrials(r),
  }),
  'sweep-extended': (r, t) => {
    const timeout = r.optionalFinite('timeout');
    return {
      v, t, type: 'sweep-extended', addTrials: r.integer('addTrials', 1), maxTotalTrials: r.integer('maxTotalTrials', 1),
      ...(timeout !== undefined ? { timeout } : {}),
    };
  },
} satisfies Record<JournalEventType, Decoder>;

const EVENT_TYPES = Object.keys(DECODERS) as JournalEventType[];

/**
 * Check a parsed journal line and return it as a typed event.
 * @throws FieldError naming the first wrong field (unknown type, newer format version, bad value).
 */
export function decodeEvent(parsed: unknown): JournalEvent {
  if (!isJsonObject(parsed)) throw new FieldError(`a journal line must be a JSON object, got ${describe(parsed)}`);
  const r = new FieldReader(parsed, '');
  const version = r.raw('v');
  if (version !== JOURNAL_FORMAT_VERSION) {
    throw new FieldError(
      typeof version === 'number' && version > JOURNAL_FORMAT_VERSION
        ? `journal format version ${version} is newer than this HyperSweep understands (${JOURNAL_FORMAT_VERSION}); update HyperSweep`
        : `v must be ${JOURNAL_FORMAT_VERSION}, got ${describe(version)}`,
    );
  }
  const type = r.oneOf('type', EVENT_TYPES);
  return DECODERS[type](r, r.finite('t'));
}
