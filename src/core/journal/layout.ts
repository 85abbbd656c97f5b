/**
 * Where a sweep's files live. One folder per sweep, `.hypersweep/<sweep name>/` under the
 * workspace by default:
 *
 *     spec.yaml                      the spec as run
 *     journal.jsonl                  the append-only event journal
 *     runner.lock                    held by the one runner process of the sweep
 *     trials/<trial id>/stdout.log   per-trial output (and artifacts)
 *     trials/<trial id>/stderr.log
 *
 * Sweep names come from users (spec `name`, CLI flags), so they are made safe as folder names.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** Folder under the workspace that holds every sweep folder. */
export const SWEEPS_FOLDER = '.hypersweep';

/** Longest folder name we produce; far below every file system's 255-byte limit. */
const MAX_NAME_LENGTH = 120;

/** Names Windows reserves for devices, with or without an extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A folder name for a sweep or trial name that is valid on Linux, macOS and Windows.
 * Names made only of letters, digits, `.`, `_`, `-` (and not `.`/`..` or a Windows device name)
 * are kept as they are. Any other name has unsafe characters replaced by `_` and a short hash of
 * the original appended, so two different names never share a folder (`a b` and `a_b` differ).
 */
export function sanitizeName(name: string): string {
  const safe = /^[A-Za-z0-9._-]+$/.test(name) && !/^\.+$/.test(name) && !name.endsWith('.') && !WINDOWS_RESERVED.test(name);
  if (safe && name.length <= MAX_NAME_LENGTH) return name;
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 10);
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[.]+/, '_')
    .slice(0, MAX_NAME_LENGTH - hash.length - 1);
  return `${cleaned || 'name'}-${hash}`;
}

/** The files of one sweep folder. */
export interface SweepPaths {
  readonly dir: string;
  readonly spec: string;
  readonly journal: string;
  readonly lock: string;
  readonly trials: string;
}

/** The folder of sweep `sweepName` under `workspaceRoot`. */
export function sweepDirFor(workspaceRoot: string, sweepName: string): string {
  return join(workspaceRoot, SWEEPS_FOLDER, sanitizeName(sweepName));
}

/** Paths of the files inside a sweep folder. */
export function sweepPaths(sweepDir: string): SweepPaths {
  return {
    dir: sweepDir,
    spec: join(sweepDir, 'spec.yaml'),
    journal: join(sweepDir, 'journal.jsonl'),
    lock: join(sweepDir, 'runner.lock'),
    trials: join(sweepDir, 'trials'),
  };
}

/** Trial ids are `<sweep name>_<index>` (decisions.md), index from 0. */
export function trialIdFor(sweepName: string, index: number): string {
  return `${sweepName}_${index}`;
}

/** The files of one trial folder. */
export interface TrialPaths {
  readonly dir: string;
  readonly stdout: string;
  readonly stderr: string;
}

/** Paths of a trial's folder inside a sweep folder. */
export function trialPaths(sweepDir: string, trialId: string): TrialPaths {
  const dir = join(sweepDir, 'trials', sanitizeName(trialId));
  return { dir, stdout: join(dir, 'stdout.log'), stderr: join(dir, 'stderr.log') };
}
