/**
 * What a trial reports, whichever way it reports it. A trial has two always-on channels: metric
 * lines on standard output and MLflow calls to the sweep's tracking endpoint. Both turn into the
 * same plain records, delivered synchronously to one listener, so the runner (journal, early
 * termination, best trial) never needs to know which channel a value came from except for display.
 */

/** The channel a report arrived on. */
export type MetricSourceKind = 'stdout' | 'mlflow';

/** One reported metric value: one "interval" in Azure ML's early-termination sense. */
export interface MetricReport {
  readonly trialId: string;
  /** Metric name exactly as reported; names are case-sensitive and matched exactly. */
  readonly name: string;
  /** May be NaN or ±Infinity: such values are recorded, but never chosen as best. */
  readonly value: number;
  /**
   * Non-negative integer. From MLflow: the step the client sent (default 0). From stdout: how many
   * earlier reports of the same name this trial made (0-based), because a printed line has no step.
   */
  readonly step: number;
  /** Milliseconds since the Unix epoch. */
  readonly timestamp: number;
  readonly source: MetricSourceKind;
}

/** A parameter logged through MLflow (`log_param`, `log_params`, autolog). Write-once per run. */
export interface ParamReport {
  readonly trialId: string;
  readonly key: string;
  readonly value: string;
  readonly source: 'mlflow';
}

/** A tag set through MLflow (`set_tag`, `set_tags`, system tags sent by the client). */
export interface TagReport {
  readonly trialId: string;
  readonly key: string;
  readonly value: string;
  readonly source: 'mlflow';
}

/** A run status the trial's script set through MLflow (`start_run` resumes, `end_run` finishes). */
export interface RunStatusReport {
  readonly trialId: string;
  /** MLflow run status: `RUNNING`, `SCHEDULED`, `FINISHED`, `FAILED` or `KILLED`. */
  readonly status: string;
  readonly source: 'mlflow';
}

/**
 * Receives reports as they arrive. Only `metric` is required; the others are for views that show
 * what a script logged besides metrics. Callbacks run synchronously inside the request or chunk that
 * carried the report. Callbacks should not throw: if one does, the tracking server answers that
 * request with MLflow's `INTERNAL_ERROR` (the value stays stored) and the stdout source rethrows
 * from `write`.
 */
export interface MetricListener {
  metric(report: MetricReport): void;
  param?(report: ParamReport): void;
  tag?(report: TagReport): void;
  runStatus?(report: RunStatusReport): void;
  /**
   * Resolves once every report delivered so far is durably recorded (the sweep journal): the
   * tracking endpoint answers a logging call only then. Absent: nothing to wait for.
   */
  recorded?(): Promise<void>;
}
