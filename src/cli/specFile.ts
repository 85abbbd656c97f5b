/**
 * Reading a spec file from disk for the CLI: the text, the folder it lives in, and the engine's
 * diagnostics, with I/O failures turned into diagnostics too so every problem prints the same way.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../core/spec/diagnostics';
import { FILE_START } from '../core/spec/diagnostics';
import type { SweepSpec } from '../core/spec/model';
import { loadSpec, nodeFileSystem } from '../core/spec';

export interface LoadedSpecFile {
  /** The path as the user wrote it (used in messages). */
  readonly displayPath: string;
  readonly absolutePath: string;
  readonly text?: string;
  readonly spec?: SweepSpec;
  readonly diagnostics: readonly Diagnostic[];
}

export function loadSpecFile(path: string, cwd: string, targetNames?: readonly string[]): LoadedSpecFile {
  const absolutePath = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    const message =
      reason === 'ENOENT'
        ? 'file not found; check the path'
        : reason === 'EISDIR'
          ? 'this is a folder; give the path of a sweep spec YAML file'
          : `cannot read the file (${reason})`;
    return {
      displayPath: path,
      absolutePath,
      diagnostics: [{ severity: 'error', code: 'file-unreadable', message, range: FILE_START }],
    };
  }
  const result = loadSpec(text, { fileName: absolutePath, specDir: dirname(absolutePath), fileSystem: nodeFileSystem, ...(targetNames ? { targetNames } : {}) });
  return { displayPath: path, absolutePath, text, spec: result.spec, diagnostics: result.diagnostics };
}

/** `file:line:col: severity: message [code]`, the format editors and CI annotators understand. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line}:${d.range.start.column}: ${d.severity}: ${d.message} [${d.code}]`;
}
