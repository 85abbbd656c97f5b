/**
 * Which target `hypersweep run` uses: the targets file (`--targets FILE`, else
 * `hypersweep.targets.yaml` next to the spec or in the current folder), the spec's `compute:`, and
 * `--target NAME`, which overrides it. Problems in the targets file print like spec problems
 * (`file:line:col: error: ...`); an unknown `--target` is a usage error listing the defined names;
 * a `compute:` naming no target is a warning (trials run locally).
 */
import { dirname, relative, resolve } from 'node:path';
import { findTargetsFile, loadTargets, resolveTarget } from '../core/targets/load';
import type { TargetDefinition } from '../core/targets/model';
import { UsageError } from './args';
import type { CommandIO } from './command';
import { formatDiagnostic } from './specFile';

export interface TargetFlags {
  /** `--targets FILE`. */
  readonly file?: string;
  /** `--target NAME`. */
  readonly name?: string;
}

/** The target to run on, or `undefined` after printing errors of the targets file (exit 2). */
export function chooseTarget(compute: string | undefined, specPath: string, flags: TargetFlags, io: CommandIO): TargetDefinition | undefined {
  const file = flags.file !== undefined ? resolve(io.cwd, flags.file) : findTargetsFile(dirname(specPath), io.cwd);
  const loaded = loadTargets(file === undefined ? {} : { file });
  const shown = file === undefined ? '' : flags.file ?? (relative(io.cwd, file) || file);
  let errors = 0;
  for (const d of loaded.diagnostics) {
    if (d.severity === 'info') continue;
    if (d.severity === 'error') errors++;
    io.stderr(formatDiagnostic(shown, d) + '\n');
  }
  if (errors > 0) return undefined;
  const resolved = resolveTarget(compute, loaded.targets, flags.name);
  if ('error' in resolved) throw new UsageError(resolved.error);
  if (resolved.warning !== undefined) io.stderr(`warning: ${resolved.warning}\n`);
  return resolved.target;
}
