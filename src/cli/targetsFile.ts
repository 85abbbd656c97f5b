/**
 * The targets file for `hypersweep validate`: a `hypersweep.targets.yaml` given on the command
 * line is validated as a targets file, and a spec's `compute:` is checked against the targets its
 * run would see (the file next to the spec, else in the working folder).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { FILE_START } from '../core/spec/diagnostics';
import { nodeFileSystem } from '../core/spec/nodeFileSystem';
import { findTargetsFile, loadTargets } from '../core/targets/load';
import { validateTargets } from '../core/targets/validate';
import type { LoadedSpecFile } from './specFile';

/** Whether `path` names a targets file rather than a spec. */
export function isTargetsFile(path: string): boolean {
  return /^hypersweep\.targets\.ya?ml$/.test(basename(path));
}

/** The diagnostics of a targets file, in the shape validate prints. */
export function loadTargetsFile(path: string, cwd: string): LoadedSpecFile {
  const absolutePath = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    return { displayPath: path, absolutePath, diagnostics: [{ severity: 'error', code: 'file-unreadable', message: reason === 'ENOENT' ? 'file not found; check the path' : `cannot read the file (${reason})`, range: FILE_START }] };
  }
  const result = validateTargets(text, { fileDir: dirname(absolutePath), fileSystem: nodeFileSystem });
  return { displayPath: path, absolutePath, text, diagnostics: result.diagnostics };
}

/** The names of the targets a run of the spec at `specPath` would see. */
export function targetNamesFor(specPath: string, cwd: string): string[] {
  const file = findTargetsFile(dirname(resolve(cwd, specPath)), cwd);
  return [...loadTargets(file !== undefined ? { file } : {}).targets.keys()];
}
