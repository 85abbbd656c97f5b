/**
 * The tracking endpoint's memory: experiments, runs, metric histories, params and tags, with
 * MLflow's rules (write-once params, key validation, batch limits, latest-metric selection). It
 * lives as long as the sweep's server; the sweep's journal, fed through the listener, is what
 * persists. Runs created for trials (`createRunForTrial`) remember their trial, and whatever is
 * logged to them is passed to the listener with `source: 'mlflow'`. Other runs (nested runs a
 * script starts, runs a client creates itself) are stored and answerable but not reported: a sweep
 * scores the trial's own run, as Azure ML does.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MetricListener } from '../metricSource';
import { MlflowError } from './errors';

/** MLflow run statuses. */
export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** One logged metric value, as MLflow stores it. */
export interface MetricPoint {
  readonly key: string;
  readonly value: number;
  /** Milliseconds since the Unix epoch. */
  readonly timestamp: number;
  readonly step: number;
}

export interface ExperimentRecord {
  readonly experimentId: string;
  name: string;
  readonly artifactLocation: string;
  readonly lifecycleStage: 'active';
  readonly creationTime: number;
  lastUpdateTime: number;
  readonly tags: Map<string, string>;
}

export interface RunRecord {
  readonly runId: string;
  readonly experimentId: string;
  runName: string;
  readonly userId: string;
  status: RunStatus;
  readonly startTime: number;
  endTime: number | undefined;
  readonly artifactUri: string;
  readonly lifecycleStage: 'active';
  /** Set only for runs the runner created for a trial; their logs are reported. */
  readonly trialId: string | undefined;
  readonly params: Map<string, string>;
  readonly tags: Map<string, string>;
  readonly metricHistory: Map<string, MetricPoint[]>;
  readonly latestMetrics: Map<string, MetricPoint>;
  /** Dataset inputs (`runs/log-inputs`), kept as sent. */
  readonly datasetInputs: unknown[];
}

export interface TrackingStoreOptions {
  /** Receives what trial runs log. */
  readonly listener?: MetricListener;
  /**
   * Absolute directory under which experiments get their default artifact location
   * (`<root>/<experiment id>`, as a `file:` URI). MLflow clients write artifacts there directly.
   */
  readonly artifactRoot: string;
}

export interface CreateRunOptions {
  readonly experimentId: string;
  readonly userId?: string;
  readonly startTime?: number;
  readonly runName?: string;
  readonly tags?: readonly KeyValue[];
}

export interface TrialRunOptions {
  /** Run name shown by MLflow tools; default: the trial id. */
  readonly runName?: string;
  /** Absolute directory for this run's artifacts (e.g. the trial folder's `artifacts/`). */
  readonly artifactDir?: string;
  /** Extra tags set at creation (not reported to the listener: the runner chose them). */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Limits MLflow documents for its stores; enforcing them keeps scripts portable to real MLflow. */
export const LIMITS = {
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 8000,
  batchMetrics: 1000,
  batchParams: 100,
  batchTags: 100,
  batchTotal: 1000,
} as const;

const KEY_PATTERN = /^[\p{L}\p{N}_\-. /:]+$/u;

/** In-memory MLflow tracking data for one sweep. */
export class TrackingStore {
  private readonly experiments = new Map<string, ExperimentRecord>();
  private readonly runs = new Map<string, RunRecord>();
  private nextExperimentId = 0;

  constructor(private readonly options: TrackingStoreOptions) {
    // MLflow servers always have experiment "0", which clients fall back to without one set.
    this.createExperiment('Default');
  }

  // ---- experiments -------------------------------------------------------------------------

  /** Creates an experiment; `RESOURCE_ALREADY_EXISTS` if the name is taken. Returns its id. */
  createExperiment(name: string, artifactLocation?: string, tags: readonly KeyValue[] = []): string {
    if (name.trim() === '') throw new MlflowError('INVALID_PARAMETER_VALUE', 'Experiment name must be a non-empty string.');
    if (this.findExperimentByName(name)) {
      throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Experiment '${name}' already exists.`);
    }
    tags.forEach((tag) => validateTag(tag));
    const experimentId = String(this.nextExperimentId++);
    const now = Date.now();
    this.experiments.set(experimentId, {
      experimentId,
      name,
      artifactLocation: artifactLocation || pathToFileURL(join(this.options.artifactRoot, experimentId)).href,
      lifecycleStage: 'active',
      creationTime: now,
      lastUpdateTime: now,
      tags: new Map(tags.map((tag) => [tag.key, tag.value])),
    });
    return experimentId;
  }

  getExperiment(experimentId: string): ExperimentRecord {
    const experiment = this.experiments.get(experimentId);
    if (!experiment) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${experimentId} exists`);
    return experiment;
  }

  getExperimentByName(name: string): ExperimentRecord {
    const experiment = this.findExperimentByName(name);
    if (!experiment) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${name}'`);
    return experiment;
  }

  /** All experiments in creation order. */
  listExperiments(): ExperimentRecord[] {
    return [...this.experiments.values()];
  }

  setExperimentTag(experimentId: string, tag: KeyValue): void {
    validateTag(tag);
    const experiment = this.getExperiment(experimentId);
    experiment.tags.set(tag.key, tag.value);
    experiment.lastUpdateTime = Date.now();
  }

  // ---- runs ----------------------------------------------------------------------------------

  /** Creates a run the way `runs/create` does (not tied to a trial). */
  createRun(options: CreateRunOptions): RunRecord {
    return this.insertRun(options, undefined, undefined);
  }

  /**
   * Pre-creates the run a trial logs to (the runner passes its id as `MLFLOW_RUN_ID`), creating
   * the experiment named `experimentName` on first use. Returns the 32-hex run id.
   */
  createRunForTrial(trialId: string, experimentName: string, options: TrialRunOptions = {}, runId?: string): string {
    if (runId !== undefined && this.runs.has(runId)) return runId;
    const experiment = this.findExperimentByName(experimentName) ?? this.getExperiment(this.createExperiment(experimentName));
    const runName = options.runName ?? trialId;
    const tags = Object.entries(options.tags ?? {}).map(([key, value]) => ({ key, value }));
    const artifactUri = options.artifactDir === undefined ? undefined : pathToFileURL(options.artifactDir).href;
    const run = this.insertRun({ experimentId: experiment.experimentId, runName, tags, userId: 'hypersweep' }, trialId, artifactUri, runId);
    return run.runId;
  }

  getRun(runId: string): RunRecord {
    const run = this.runs.get(runId);
    if (!run) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Run with id=${runId} not found`);
    return run;
  }

  /** All runs in creation order. */
  listRuns(): RunRecord[] {
    return [...this.runs.values()];
  }

  /** `runs/update`: status, end time and name; a trial run's new status is reported. */
  updateRun(runId: string, update: { status?: RunStatus; endTime?: number; runName?: string }): RunRecord {
    const run = this.getRun(runId);
    if (update.runName !== undefined && update.runName !== '') {
      run.runName = update.runName;
      run.tags.set('mlflow.runName', update.runName);
    }
    if (update.endTime !== undefined) run.endTime = update.endTime;
    if (update.status !== undefined) {
      run.status = update.status;
      // Resuming a finished run (start_run with MLFLOW_RUN_ID) reopens it.
      if (update.status === 'RUNNING' && update.endTime === undefined) run.endTime = undefined;
      if (run.trialId !== undefined) this.options.listener?.runStatus?.({ trialId: run.trialId, status: update.status, source: 'mlflow' });
    }
    return run;
  }

  /**
   * `runs/log-batch` (and the single-value endpoints): validates everything first so a refused
   * request stores nothing, then stores and reports in order: params, tags, metrics.
   */
  logBatch(runId: string, batch: { metrics?: readonly MetricPoint[]; params?: readonly KeyValue[]; tags?: readonly KeyValue[] }): void {
    const run = this.getRun(runId);
    const metrics = batch.metrics ?? [];
    const params = batch.params ?? [];
    const tags = batch.tags ?? [];
    checkBatchSize(metrics.length, params.length, tags.length);
    metrics.forEach((metric) => validateMetric(metric));
    params.forEach((param) => validateParam(run, param));
    checkDuplicateParams(params);
    tags.forEach((tag) => validateTag(tag));

    const listener = run.trialId === undefined ? undefined : this.options.listener;
    const trialId = run.trialId ?? '';
    for (const param of params) {
      if (run.params.get(param.key) === param.value) continue; // idempotent re-log, not news
      run.params.set(param.key, param.value);
      listener?.param?.({ trialId, key: param.key, value: param.value, source: 'mlflow' });
    }
    for (const tag of tags) {
      run.tags.set(tag.key, tag.value);
      if (tag.key === 'mlflow.runName') run.runName = tag.value;
      listener?.tag?.({ trialId, key: tag.key, value: tag.value, source: 'mlflow' });
    }
    for (const metric of metrics) {
      storeMetric(run, metric);
      listener?.metric({ trialId, name: metric.key, value: metric.value, step: metric.step, timestamp: metric.timestamp, source: 'mlflow' });
    }
  }

  /**
   * Resolves once what was logged so far is durably recorded by the listener (the journal), so a
   * logging call is acknowledged only when its values survive a crash.
   */
  recorded(): Promise<void> {
    return this.options.listener?.recorded?.() ?? Promise.resolve();
  }

  /** `runs/delete-tag`: `RESOURCE_DOES_NOT_EXIST` when the run has no such tag, as in MLflow. */
  deleteTag(runId: string, key: string): void {
    const run = this.getRun(runId);
    if (!run.tags.delete(key)) {
      throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No tag with name: ${key} in run with id ${runId}`);
    }
  }

  /** `runs/log-inputs`: dataset inputs are kept as sent (only views read them). */
  logInputs(runId: string, datasets: readonly unknown[]): void {
    this.getRun(runId).datasetInputs.push(...datasets);
  }

  /** Every value logged for `key`, in logging order. */
  getMetricHistory(runId: string, key: string): MetricPoint[] {
    return [...(this.getRun(runId).metricHistory.get(key) ?? [])];
  }

  private findExperimentByName(name: string): ExperimentRecord | undefined {
    for (const experiment of this.experiments.values()) if (experiment.name === name) return experiment;
    return undefined;
  }

  /** `fixedRunId`: a trial's run that an earlier runner created (a re-attached trial keeps its MLFLOW_RUN_ID). */
  private insertRun(options: CreateRunOptions, trialId: string | undefined, artifactUri: string | undefined, fixedRunId?: string): RunRecord {
    const experiment = this.getExperiment(options.experimentId);
    const tags = options.tags ?? [];
    tags.forEach((tag) => validateTag(tag));
    const runId = fixedRunId ?? randomBytes(16).toString('hex');
    const tagMap = new Map(tags.map((tag) => [tag.key, tag.value]));
    const runName = options.runName || tagMap.get('mlflow.runName') || `run-${runId.slice(0, 8)}`;
    tagMap.set('mlflow.runName', runName);
    const run: RunRecord = {
      runId,
      experimentId: experiment.experimentId,
      runName,
      userId: options.userId ?? '',
      status: 'RUNNING',
      startTime: options.startTime ?? Date.now(),
      endTime: undefined,
      artifactUri: artifactUri ?? `${experiment.artifactLocation}/${runId}/artifacts`,
      lifecycleStage: 'active',
      trialId,
      params: new Map(),
      tags: tagMap,
      metricHistory: new Map(),
      latestMetrics: new Map(),
      datasetInputs: [],
    };
    this.runs.set(runId, run);
    return run;
  }
}

function storeMetric(run: RunRecord, metric: MetricPoint): void {
  const history = run.metricHistory.get(metric.key);
  if (history) history.push(metric);
  else run.metricHistory.set(metric.key, [metric]);
  // MLflow's "latest" value is the one with the highest (step, timestamp); later logging wins ties.
  const latest = run.latestMetrics.get(metric.key);
  if (!latest || metric.step > latest.step || (metric.step === latest.step && metric.timestamp >= latest.timestamp)) {
    run.latestMetrics.set(metric.key, metric);
  }
}

function validateKey(kind: string, key: string): void {
  if (key === '' || key.length > LIMITS.keyLength || !KEY_PATTERN.test(key) || key.split('/').includes('..')) {
    throw new MlflowError(
      'INVALID_PARAMETER_VALUE',
      `Invalid ${kind} name: '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/), and be at most ${LIMITS.keyLength} characters.`,
    );
  }
}

function validateMetric(metric: MetricPoint): void {
  validateKey('metric', metric.key);
  if (!Number.isInteger(metric.step) || !Number.isFinite(metric.timestamp)) {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `Metric '${metric.key}' needs an integer step and a numeric timestamp.`);
  }
}

function validateParam(run: RunRecord, param: KeyValue): void {
  validateKey('parameter', param.key);
  if (param.value.length > LIMITS.paramValueLength) {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `Param value for '${param.key}' is ${param.value.length} characters long; the limit is ${LIMITS.paramValueLength}.`);
  }
  const existing = run.params.get(param.key);
  if (existing !== undefined && existing !== param.value) {
    throw new MlflowError(
      'INVALID_PARAMETER_VALUE',
      `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${existing}' for run ID='${run.runId}'. Attempted logging new value '${param.value}'.`,
    );
  }
}

function checkDuplicateParams(params: readonly KeyValue[]): void {
  const seen = new Map<string, string>();
  for (const param of params) {
    const earlier = seen.get(param.key);
    if (earlier !== undefined && earlier !== param.value) {
      throw new MlflowError('INVALID_PARAMETER_VALUE', `Duplicate parameter key '${param.key}' with different values in one batch.`);
    }
    seen.set(param.key, param.value);
  }
}

function validateTag(tag: KeyValue): void {
  validateKey('tag', tag.key);
  if (tag.value.length > LIMITS.tagValueLength) {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `Tag value for '${tag.key}' is ${tag.value.length} characters long; the limit is ${LIMITS.tagValueLength}.`);
  }
}

function checkBatchSize(metrics: number, params: number, tags: number): void {
  const problems: string[] = [];
  if (metrics > LIMITS.batchMetrics) problems.push(`${metrics} metrics (limit ${LIMITS.batchMetrics})`);
  if (params > LIMITS.batchParams) problems.push(`${params} params (limit ${LIMITS.batchParams})`);
  if (tags > LIMITS.batchTags) problems.push(`${tags} tags (limit ${LIMITS.batchTags})`);
  if (metrics + params + tags > LIMITS.batchTotal) problems.push(`${metrics + params + tags} entries in total (limit ${LIMITS.batchTotal})`);
  if (problems.length > 0) {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `A single log-batch request has ${problems.join(', ')}. Split it into smaller batches.`);
  }
}
