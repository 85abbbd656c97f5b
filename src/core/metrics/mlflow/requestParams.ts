/**
 * Typed reading of MLflow request fields. MLflow clients send POST bodies as protobuf-style JSON
 * (int64 fields such as `timestamp` and `step` may arrive as strings, doubles as `"NaN"` /
 * `"Infinity"`), and GET requests as query strings where everything is a string. These readers
 * accept all of those and refuse anything else with `INVALID_PARAMETER_VALUE` naming the field.
 */
import { parseMetricNumber } from '../metricValue';
import { MlflowError } from './errors';
import type { KeyValue } from './store';

/** A request's fields, from the JSON body or the query string. */
export type RequestFields = Readonly<Record<string, unknown>>;

function invalid(field: string, expected: string, got: unknown): MlflowError {
  return new MlflowError('INVALID_PARAMETER_VALUE', `Invalid value ${JSON.stringify(got) ?? String(got)} for parameter '${field}' supplied: expected ${expected}.`);
}

function missing(field: string): MlflowError {
  return new MlflowError('INVALID_PARAMETER_VALUE', `Missing value for required parameter '${field}'.`);
}

/** Turns a query string into fields; a repeated key becomes an array. */
export function fieldsFromQuery(query: URLSearchParams): RequestFields {
  const fields: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    fields[key] = values.length === 1 ? values[0] : values;
  }
  return fields;
}

export function optionalString(fields: RequestFields, field: string): string | undefined {
  const value = fields[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(field, 'a string', value);
  return value;
}

export function requireString(fields: RequestFields, field: string): string {
  const value = optionalString(fields, field);
  if (value === undefined || value === '') throw missing(field);
  return value;
}

/** `run_id`, falling back to the older `run_uuid` that clients still send alongside it. */
export function requireRunId(fields: RequestFields): string {
  const runId = optionalString(fields, 'run_id') || optionalString(fields, 'run_uuid');
  if (!runId) throw missing('run_id');
  return runId;
}

/** An int64 field: a JSON integer or a string of digits. */
export function optionalInteger(fields: RequestFields, field: string): number | undefined {
  const value = fields[field];
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^[+-]?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number)) throw invalid(field, 'an integer', value);
  return number;
}

/** A double field: a JSON number, or a string such as "0.5", "NaN", "Infinity", "-Infinity". */
export function requireDouble(fields: RequestFields, field: string): number {
  const value = fields[field];
  if (value === undefined || value === null) throw missing(field);
  const number = typeof value === 'number' ? value : typeof value === 'string' ? parseMetricNumber(value) : undefined;
  if (number === undefined) throw invalid(field, 'a number', value);
  return number;
}

/** A repeated string field (JSON array, or one or more query values). */
export function stringList(fields: RequestFields, field: string): string[] {
  const value = fields[field];
  if (value === undefined || value === null) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (!list.every((item): item is string => typeof item === 'string')) throw invalid(field, 'a list of strings', value);
  return list;
}

/** A repeated message field: a JSON array of objects. */
export function objectList(fields: RequestFields, field: string): RequestFields[] {
  const value = fields[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => isFields(item))) throw invalid(field, 'a list of objects', value);
  return value;
}

/** A list of `{key, value}` pairs (params, tags); a non-string value is refused, as in MLflow. */
export function keyValueList(fields: RequestFields, field: string): KeyValue[] {
  return objectList(fields, field).map((item) => ({ key: requireString(item, 'key'), value: optionalString(item, 'value') ?? '' }));
}

/** Whether a parsed JSON value is a plain object. */
export function isFields(value: unknown): value is RequestFields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
