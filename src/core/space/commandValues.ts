/**
 * The text each kind of value takes in a trial command (decisions.md "Values and commands",
 * azureml-sweep.md §1.8): search-space values, literal inputs and data-input paths.
 */
import * as path from 'node:path';
import type { Constant, Input, ParamValue } from '../spec/model';
import { formatNumber } from './numbers';

/** Python's `str()` of a boolean, which is what Azure ML passes for a YAML `true`/`false`. */
function pythonBoolean(value: boolean): string {
  return value ? 'True' : 'False';
}

/** Compact JSON in the mapping's own key order; non-finite numbers as Python's json writes them. */
function compactJson(value: ParamValue): string {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return formatNumber(value);
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  }
  if (typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value).map(([key, inner]) => `${JSON.stringify(key)}:${compactJson(inner)}`);
  return `{${entries.join(',')}}`;
}

/**
 * The text of a search-space value: numbers in shortest round-trip form, strings as they are,
 * booleans as Python prints them, a nested-choice mapping as compact JSON.
 */
export function formatParamValue(value: ParamValue): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return pythonBoolean(value);
  if (typeof value === 'string') return value;
  return compactJson(value);
}

/** The text of a literal input, as Python's `str()` would give it (`true` -> `True`). */
export function formatLiteralInput(value: Constant): string {
  if (typeof value === 'boolean') return pythonBoolean(value);
  return typeof value === 'number' ? formatNumber(value) : value;
}

// `scheme:` prefixes (https:, azureml:, wasbs:, ...) mark a remote path; a single letter is a
// Windows drive, which is local.
const REMOTE_PATH = /^[A-Za-z][A-Za-z0-9+.-]+:/;

/**
 * The text of an input for `${{inputs.X}}`: a literal's text, or a data input's path (a local
 * `uri_file`/`uri_folder` path made absolute against the spec's folder, anything else as written).
 * `undefined` when the input has nothing to substitute (a data input without a path).
 */
export function inputText(input: Input, specDir: string): string | undefined {
  if (input.kind === 'literal') return formatLiteralInput(input.value);
  if (input.path === undefined) return undefined;
  const local = (input.type === 'uri_file' || input.type === 'uri_folder') && !REMOTE_PATH.test(input.path);
  return local ? path.resolve(specDir, input.path) : input.path;
}
