/**
 * Journal events -> sweep state. `applyEvent` is the one place that gives events their meaning;
 * a full `replay` and a live follower both go through it, so a view that follows a running sweep
 * ends in exactly the state a fresh replay would give.
 *
 * `applyEvent` updates the state in place: a journal holds hundreds of thousands of metric
 * events, and copying the trial list for each would make replay quadratic. `replay` builds a
 * fresh state, so it is pure for its caller.
 */
import type { Goal } from '../spec/model';
import type { HistoryEntry, TrialState } from '../samplers/sampler';
import type { JournalEvent } from './events';
import { emptySweepState, type MetricPoint, type SweepState, type TrialRecord, type TrialStatus } from './state';
import { ownValue, setOwn } from '../../shared/nameRecords';

/** Trial lookup by id, kept beside each state (the state itself stays plain data). */
const trialIndexes = new WeakMap<SweepState, Map<string, TrialRecord>>();

function trialIndex(state: SweepState): Map<string, TrialRecord> {
  let index = trialIndexes.get(state);
  if (!index || index.size !== state.trials.length) {
    // First use, or a state that was copied (structuredClone) and lost its index.
    index = new Map(state.trials.map((tr) => [tr.id, tr]));
    trialIndexes.set(state, index);
  }
  return index;
}

/** Whether `a` is a better primary value than `b` for `goal`. */
export function isBetter(a: number, b: number, goal: Goal): boolean {
  return goal === 'maximize' ? a > b : a < b;
}

/** Best finite value of a series, goal aware; undefined when there is none (NaN/Inf never count). */
export function bestFinite(values: Iterable<number>, goal: Goal): number | undefined {
  let best: number | undefined;
  for (const v of values) {
    if (Number.isFinite(v) && (best === undefined || isBetter(v, best, goal))) best = v;
  }
  return best;
}

const TERMINAL: ReadonlySet<TrialStatus> = new Set(['Completed', 'Failed', 'Canceled']);

/**
 * decisions.md, Metrics: the trial whose best-ever primary value is best. Completed and Canceled
 * trials count; Failed ones only if they reported values (a finite best means they did); running,
 * queued and interrupted trials are not finished and do not count. Ties go to the earliest trial.
 */
function recomputeBestTrial(state: SweepState): void {
  const goal = state.info?.goal;
  let best: TrialRecord | undefined;
  if (goal) {
    for (const tr of state.trials) {
      if (!TERMINAL.has(tr.status) || tr.bestPrimary === undefined) continue;
      if (!best || isBetter(tr.bestPrimary, best.bestPrimary ?? Number.NaN, goal)) best = tr;
    }
  }
  if (best) state.bestTrialId = best.id;
  else delete state.bestTrialId;
}

/**
 * Keeps the best trial up to date after `trial` changed, without scanning every trial: only a
 * change that can take the title away from the current best (it left the finished set) needs the
 * full scan; otherwise the changed trial either beats the best or not. Keeps replay linear.
 */
function updateBestTrial(state: SweepState, trial: TrialRecord): void {
  const goal = state.info?.goal;
  if (!goal) return;
  if (trial.id === state.bestTrialId) {
    if (!TERMINAL.has(trial.status) || trial.bestPrimary === undefined) recomputeBestTrial(state);
    return;
  }
  if (!TERMINAL.has(trial.status) || trial.bestPrimary === undefined) return;
  const best = state.bestTrialId === undefined ? undefined : trialIndex(state).get(state.bestTrialId);
  const bestValue = best?.bestPrimary;
  if (!best || bestValue === undefined || isBetter(trial.bestPrimary, bestValue, goal) || (trial.bestPrimary === bestValue && trial.index < best.index)) {
    state.bestTrialId = trial.id;
  }
}

function insertTrial(state: SweepState, trial: TrialRecord): void {
  // Take the index before the splice: afterwards its size no longer matches and it would be rebuilt.
  const index = trialIndex(state);
  const trials = state.trials;
  let at = trials.length;
  while (at > 0 && (trials[at - 1]?.index ?? -1) > trial.index) at--;
  trials.splice(at, 0, trial);
  index.set(trial.id, trial);
}

function startNewAttempt(trial: TrialRecord): void {
  trial.metrics = {};
  trial.primary = [];
  delete trial.bestPrimary;
  delete trial.stopDecided;
  delete trial.lastPolicy;
  delete trial.reason;
  delete trial.note;
  delete trial.endedAt;
  trial.exitCode = null;
  trial.signal = null;
}

/** Apply one event to `state` (in place) and return it. Events that do not fit are recorded in `state.problems`. */
export function applyEvent(state: SweepState, event: JournalEvent): SweepState {
  const position = state.eventCount++;
  const problem = (message: string): SweepState => {
    state.problems.push({ eventIndex: position, message });
    return state;
  };
  const findTrial = (id: string): TrialRecord | undefined => trialIndex(state).get(id);

  switch (event.type) {
    case 'sweep-created': {
      if (state.info) return problem(`a second sweep-created event (for "${event.name}") was ignored`);
      const { v: _v, t, type: _type, ...info } = event;
      state.info = info;
      state.createdAt = t;
      return state;
    }
    case 'runner-started':
      state.runners.push({ pid: event.pid, host: event.host, resume: event.resume, time: event.t });
      state.status = 'Running';
      state.startedAt ??= event.t;
      delete state.endedAt;
      delete state.endReason;
      delete state.endMessage;
      delete state.cancelRequested;
      return state;
    case 'trial-created': {
      if (findTrial(event.trialId)) return problem(`trial ${event.trialId} was created twice; the second was ignored`);
      insertTrial(state, {
        id: event.trialId,
        index: event.index,
        sequence: event.sequence,
        params: event.params,
        ...(event.rerunOf !== undefined ? { rerunOf: event.rerunOf } : {}),
        ...(event.rerunReason !== undefined ? { rerunReason: event.rerunReason } : {}),
        ...(event.origin !== undefined ? { origin: event.origin } : {}),
        status: 'Queued',
        attempts: 0,
        metrics: {},
        primary: [],
        loggedParams: {},
        tags: {},
        exitCode: null,
        signal: null,
        createdAt: event.t,
      });
      return state;
    }
    case 'proposal-skipped':
      state.skipped.push({
        sequence: event.sequence, params: event.params, reason: event.reason, duplicateOf: event.duplicateOf, time: event.t,
      });
      return state;
    case 'trial-started': {
      const trial = findTrial(event.trialId);
      if (!trial) return problem(`trial-started for unknown trial ${event.trialId}`);
      if (event.attempt < trial.attempts) return problem(`trial ${event.trialId}: attempt ${event.attempt} started after attempt ${trial.attempts}; ignored`);
      if (trial.attempts > 0) startNewAttempt(trial);
      trial.attempts = event.attempt;
      trial.status = 'Running';
      trial.pid = event.pid;
      trial.launch = { argv: event.argv, cwd: event.cwd, processStartTime: event.processStartTime };
      trial.target = event.target;
      // Placement and handle belong to one attempt: a new attempt without them must not show the old ones.
      if (event.placement !== undefined) trial.placement = event.placement;
      else delete trial.placement;
      if (event.handle !== undefined) trial.handle = event.handle;
      else delete trial.handle;
      trial.startedAt = event.t;
      updateBestTrial(state, trial);
      return state;
    }
    case 'metric': {
      const trial = findTrial(event.trialId);
      if (!trial) return problem(`metric ${event.name} for unknown trial ${event.trialId}`);
      // Once a stop is decided, everything the attempt reports is after-stop, flagged or not (older
      // journals carry no flag but do carry the policy's or the user's stop decision).
      const afterStop = event.afterStop === true || trial.stopDecided === true;
      if (afterStop) trial.stopDecided = true;
      const point = {
        step: event.step, value: event.value, time: event.timestamp, source: event.source, ...(afterStop ? { afterStop: true as const } : {}),
      };
      // Metric names are the trial's own (`constructor`, `__proto__`): own properties only.
      const series = ownValue(trial.metrics, event.name);
      if (series) series.push(point);
      else setOwn(trial.metrics, event.name, [point]);
      const info = state.info;
      if (info && event.name === info.primaryMetric) {
        trial.primary.push(point);
        if (!afterStop && Number.isFinite(event.value) && (trial.bestPrimary === undefined || isBetter(event.value, trial.bestPrimary, info.goal))) {
          trial.bestPrimary = event.value;
          updateBestTrial(state, trial);
        }
      }
      return state;
    }
    case 'param':
    case 'tag': {
      const trial = findTrial(event.trialId);
      if (!trial) return problem(`${event.type} ${event.key} for unknown trial ${event.trialId}`);
      setOwn(event.type === 'param' ? trial.loggedParams : trial.tags, event.key, event.value);
      return state;
    }
    case 'policy-decision': {
      state.policyDecisions.push(event.explanation);
      const trial = findTrial(event.explanation.trialId);
      if (!trial) return problem(`policy decision for unknown trial ${event.explanation.trialId}`);
      trial.lastPolicy = event.explanation;
      if (event.explanation.outcome === 'stop' && trial.status === 'Running') trial.stopDecided = true;
      return state;
    }
    case 'trial-ended': {
      const trial = findTrial(event.trialId);
      if (!trial) return problem(`trial-ended for unknown trial ${event.trialId}`);
      if (event.attempt < trial.attempts) return problem(`trial ${event.trialId}: end of old attempt ${event.attempt} ignored (attempt ${trial.attempts} is current)`);
      trial.status = event.status;
      if (event.reason !== undefined) trial.reason = event.reason;
      if (event.note !== undefined) trial.note = event.note;
      trial.exitCode = event.exitCode;
      trial.signal = event.signal;
      trial.endedAt = event.t;
      updateBestTrial(state, trial);
      return state;
    }
    case 'trial-placement': {
      const trial = findTrial(event.trialId);
      if (!trial) return problem(`trial-placement for unknown trial ${event.trialId}`);
      // Only the current attempt's placement is shown; an old attempt's late news is not.
      if (event.attempt === trial.attempts && trial.status === 'Running') trial.placement = event.placement;
      return state;
    }
    case 'trial-interrupted': {
      const trial = findTrial(event.trialId);
      if (!trial) return problem(`trial-interrupted for unknown trial ${event.trialId}`);
      if (event.attempt < trial.attempts) return problem(`trial ${event.trialId}: interruption of old attempt ${event.attempt} ignored`);
      trial.status = 'Interrupted';
      updateBestTrial(state, trial);
      return state;
    }
    case 'cancel-requested':
      state.cancelRequested = { by: event.by, time: event.t };
      // The runner stops every running trial right after journaling the request.
      for (const trial of state.trials) if (trial.status === 'Running') trial.stopDecided = true;
      return state;
    case 'sweep-warning':
      state.warnings.push({ message: event.message, ...(event.trialId !== undefined ? { trialId: event.trialId } : {}), time: event.t });
      return state;
    case 'configs-enqueued':
      state.enqueued = { source: event.source, configs: event.configs };
      return state;
    case 'priors-loaded':
      state.priors = { source: event.source, summary: event.summary, trials: event.trials, time: event.t };
      return state;
    case 'sweep-extended': {
      const info = state.info;
      if (!info) return problem('sweep-extended before sweep-created was ignored');
      (state.extensions ??= []).push({
        addTrials: event.addTrials, maxTotalTrials: event.maxTotalTrials, previousMaxTotalTrials: info.limits.max_total_trials,
        ...(event.timeout !== undefined ? { timeout: event.timeout } : info.limits.timeout !== undefined ? { timeout: info.limits.timeout } : {}),
        previousStatus: state.status, ...(state.endReason !== undefined ? { previousReason: state.endReason } : {}),
        trialsBefore: state.trials.length, time: event.t,
      });
      // Every view and the runner read the limits here: the sweep's limit is the extended one now.
      state.info = { ...info, limits: { ...info.limits, max_total_trials: event.maxTotalTrials, ...(event.timeout !== undefined ? { timeout: event.timeout } : {}) } };
      return state;
    }
    case 'sweep-ended':
      state.status = event.status;
      state.endReason = event.reason;
      if (event.message !== undefined) state.endMessage = event.message;
      state.endedAt = event.t;
      return state;
  }
}

/** A trial's counted primary values so far, kept beside its series (see `countedPrimary`). */
interface CountedValues {
  readonly values: number[];
  /** How many points of the series were looked at. */
  seen: number;
}

const countedCache = new WeakMap<readonly MetricPoint[], CountedValues>();

/**
 * The primary values of the trial's current attempt that count (reported before its stop
 * decision), in report order: what policies compare and samplers learn from. After-stop values
 * are a tail of the series (a decided stop is never undone within an attempt). Kept up to date
 * incrementally per series, so asking after every report costs only the new points; the caller
 * must not change the returned array.
 */
export function countedPrimary(trial: TrialRecord): readonly number[] {
  const series = trial.primary;
  let counted = countedCache.get(series);
  if (!counted || counted.seen > series.length) {
    counted = { values: [], seen: 0 };
    countedCache.set(series, counted);
  }
  for (; counted.seen < series.length; counted.seen++) {
    const point = series[counted.seen];
    if (point && point.afterStop !== true) counted.values.push(point.value);
  }
  return counted.values;
}

/** The state after all `events`, from scratch. */
export function replay(events: Iterable<JournalEvent>): SweepState {
  const state = emptySweepState();
  for (const event of events) applyEvent(state, event);
  return state;
}

const SAMPLER_STATE: Readonly<Record<TrialStatus, TrialState>> = {
  Queued: 'pending',
  // An interrupted trial will run again with the same params: to the sampler it is still pending.
  Interrupted: 'pending',
  Running: 'running',
  Completed: 'completed',
  Failed: 'failed',
  Canceled: 'canceled',
};

/**
 * The sampler's view of the sweep: every proposal it made, in sequence order, run or skipped.
 * User-requested re-runs (`rerunOf`) are left out: they repeat a point the sampler already
 * proposed and were not proposed by it, so they must not shift its sequence.
 */
export function historyForSampler(state: SweepState): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const tr of state.trials) {
    if (tr.rerunOf !== undefined) continue;
    entries.push({
      sequence: tr.sequence, params: tr.params, state: SAMPLER_STATE[tr.status], primary: countedPrimary(tr),
      ...(tr.origin !== undefined ? { origin: tr.origin } : {}),
    });
  }
  for (const sk of state.skipped) {
    entries.push({ sequence: sk.sequence, params: sk.params, state: 'skipped', primary: [] });
  }
  entries.sort((a, b) => a.sequence - b.sequence);
  // Another sweep's trials come first, as the observations the sampler had before this sweep.
  const priors: HistoryEntry[] = (state.priors?.trials ?? []).map((prior, i) => ({
    sequence: i, params: prior.params, state: prior.status === 'Failed' ? 'failed' : prior.status === 'Canceled' ? 'canceled' : 'completed',
    primary: prior.value === null ? [] : [prior.value], origin: 'prior',
  }));
  return priors.length > 0 ? [...priors, ...entries] : entries;
}
