/**
 * `hypersweep export` and `run --output`: the sweep's results as JSON (`hypersweep-results/1`) or
 * CSV, derived from the replayed journal. Non-finite metric values are written as the strings
 * "NaN", "Infinity", "-Infinity" (JSON has no literal for them).
 */
import type { SweepState, TrialRecord } from '../journal/state';
import type { ParamValue } from '../spec/model';
import { formatParamValue } from '../space/commandValues';
import { ownValue, setOwn } from '../../shared/nameRecords';
import { numberText, stringifyKeepingNegativeZero } from '../../shared/negativeZeroJson';

export const RESULTS_FORMAT = 'hypersweep-results/1';

type JsonNumber = number | string;

function jsonNumber(value: number): JsonNumber {
  return Number.isFinite(value) ? value : String(value);
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

function trialJson(trial: TrialRecord) {
  const metrics: Record<string, { step: number; value: JsonNumber; time: string | null }[]> = {};
  for (const [name, points] of Object.entries(trial.metrics)) {
    setOwn(metrics, name, points.map((p) => ({ step: p.step, value: jsonNumber(p.value), time: iso(p.time) })));
  }
  return {
    id: trial.id,
    index: trial.index,
    params: trial.params,
    status: trial.status,
    status_reason: trial.reason ?? null,
    note: trial.note ?? null,
    metrics,
    best: trial.bestPrimary ?? null,
    exit_code: trial.exitCode,
    started_at: iso(trial.startedAt),
    ended_at: iso(trial.endedAt),
    target: trial.target ?? null,
    /** Where the current attempt ran: target, host, GPUs, code snapshot, slot (null before it started). */
    placement: trial.placement ?? null,
    attempts: trial.attempts,
    ...(trial.rerunOf ? { rerun_of: trial.rerunOf } : {}),
    ...(trial.rerunReason ? { rerun_reason: trial.rerunReason } : {}),
  };
}

/** The results document (a plain object ready for JSON.stringify). */
export function resultsJson(state: SweepState) {
  const info = state.info;
  return {
    format: RESULTS_FORMAT,
    sweep: {
      name: info?.name ?? null,
      status: state.status,
      end_reason: state.endReason ?? null,
      objective: info ? { goal: info.goal, primary_metric: info.primaryMetric } : null,
      sampling: info?.sampler ?? null,
      seed: info?.seed ?? null,
      limits: info?.limits ?? null,
      started_at: iso(state.startedAt),
      ended_at: iso(state.endedAt),
    },
    best_trial: state.bestTrialId ?? null,
    trials: state.trials.map(trialJson),
  };
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function paramCell(value: ParamValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : formatParamValue(value);
  return typeof value === 'object' ? stringifyKeepingNegativeZero(value) : formatParamValue(value);
}

/** The results document as `export` and `run --output` write it: indented JSON in which -0 stays -0. */
export function resultsJsonText(state: SweepState): string {
  return stringifyKeepingNegativeZero(resultsJson(state), undefined, 2) + '\n';
}

/** One row per trial: identity, outcome, best primary value, each parameter, each metric's last value. */
export function resultsCsv(state: SweepState): string {
  const paramNames = [...new Set(state.trials.flatMap((t) => Object.keys(t.params)))];
  const metricNames = [...new Set(state.trials.flatMap((t) => Object.keys(t.metrics)))].sort();
  const header = ['id', 'index', 'status', 'status_reason', 'best', ...paramNames.map((n) => `param.${n}`), ...metricNames.map((n) => `last.${n}`), 'exit_code', 'started_at', 'ended_at', 'target'];
  const rows = state.trials.map((t) => [
    t.id,
    String(t.index),
    t.status,
    t.reason ?? '',
    t.bestPrimary === undefined ? '' : numberText(t.bestPrimary),
    ...paramNames.map((n) => paramCell(ownValue(t.params, n))),
    ...metricNames.map((n) => {
      const last = ownValue(t.metrics, n)?.at(-1);
      return last === undefined ? '' : numberText(last.value);
    }),
    t.exitCode === null ? '' : String(t.exitCode),
    iso(t.startedAt) ?? '',
    iso(t.endedAt) ?? '',
    t.target ?? '',
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
