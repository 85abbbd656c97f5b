/**
 * MLflow's JSON shapes for experiments, runs and metrics (snake_case, tags as `{key, value}`
 * lists), and a serializer that writes non-finite doubles the way protobuf JSON does ("NaN",
 * "Infinity", "-Infinity") instead of JSON.stringify's `null`, so a NaN loss reads back as NaN.
 */
import type { ExperimentRecord, KeyValue, MetricPoint, RunRecord } from './store';

function keyValues(map: ReadonlyMap<string, string>): KeyValue[] {
  return [...map].map(([key, value]) => ({ key, value }));
}

export function experimentJson(experiment: ExperimentRecord): Record<string, unknown> {
  return {
    experiment_id: experiment.experimentId,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    lifecycle_stage: experiment.lifecycleStage,
    last_update_time: experiment.lastUpdateTime,
    creation_time: experiment.creationTime,
    tags: keyValues(experiment.tags),
  };
}

export function runInfoJson(run: RunRecord): Record<string, unknown> {
  return {
    run_id: run.runId,
    run_uuid: run.runId,
    run_name: run.runName,
    experiment_id: run.experimentId,
    user_id: run.userId,
    status: run.status,
    start_time: run.startTime,
    ...(run.endTime === undefined ? {} : { end_time: run.endTime }),
    artifact_uri: run.artifactUri,
    lifecycle_stage: run.lifecycleStage,
  };
}

export function metricJson(metric: MetricPoint): Record<string, unknown> {
  return { key: metric.key, value: metric.value, timestamp: metric.timestamp, step: metric.step };
}

/** A run with its data; `data.metrics` holds each metric's latest value, as in MLflow. */
export function runJson(run: RunRecord): Record<string, unknown> {
  return {
    info: runInfoJson(run),
    data: {
      metrics: [...run.latestMetrics.values()].map(metricJson),
      params: keyValues(run.params),
      tags: keyValues(run.tags),
    },
    inputs: { dataset_inputs: run.datasetInputs },
  };
}

/** JSON text with NaN and ±Infinity written as protobuf JSON strings. */
export function toMlflowJson(body: unknown): string {
  return JSON.stringify(body, (_key, value: unknown) => {
    if (typeof value !== 'number' || Number.isFinite(value)) return value;
    if (Number.isNaN(value)) return 'NaN';
    return value > 0 ? 'Infinity' : '-Infinity';
  });
}
