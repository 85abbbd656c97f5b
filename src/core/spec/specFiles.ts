/**
 * Which files are sweep specs (decisions.md, "Spec file"): `*.sweep.yaml`, `*.sweep.yml`, and any
 * YAML file whose top level has `type: sweep` (any letter case, quoted or not). One definition
 * for the editor's providers, workspace validation and Run Sweep's file picker. The check is a
 * cheap text scan, not a parse: it runs on every YAML file of a workspace.
 */

/** `*.sweep.yaml` / `*.sweep.yml`. */
export const SWEEP_SPEC_FILE_NAME = /\.sweep\.ya?ml$/i;
/** Any YAML file name. */
export const YAML_FILE_NAME = /\.ya?ml$/i;
/** A top-level (column 0) `type: sweep` line; the key is case-sensitive, the value is not (as the validator reads it). */
const TOP_LEVEL_TYPE_SWEEP = /^type[ \t]*:[ \t]*(["']?)[sS][wW][eE][eE][pP]\1[ \t]*(#.*)?\r?$/m;
/** Files larger than this are not scanned for `type: sweep` (specs are a few KB). */
export const MAX_SCANNED_SPEC_BYTES = 1024 * 1024;

/** Whether the top level of `text` says `type: sweep`. */
export function hasTopLevelTypeSweep(text: string): boolean {
  return TOP_LEVEL_TYPE_SWEEP.test(text);
}

/** Whether a file is a sweep spec, from its name and (for other YAML files) its text. */
export function isSweepSpecFile(fileName: string, text: string): boolean {
  if (SWEEP_SPEC_FILE_NAME.test(fileName)) return true;
  return YAML_FILE_NAME.test(fileName) && hasTopLevelTypeSweep(text);
}
