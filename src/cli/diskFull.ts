/**
 * A full disk (ENOSPC), a full quota (EDQUOT) or a read-only file system (EROFS), wherever the
 * runner meets it (journal, trial logs, the sweep folder, `--output`), is a situation the user can
 * fix, not a bug: the command says which disk and how to go on, and exits with EXIT.diskFull.
 * Nothing acknowledged is lost (the journal only counts what was synced), so `resume` continues.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { diskErrorCode, type DiskErrorCode } from '../core/system/diskErrors';

export { diskErrorCode };

/** A disk error met while working on the sweep in `sweepDir`. */
export class DiskFullError extends Error {
  constructor(
    readonly sweepDir: string | undefined,
    readonly code: DiskErrorCode,
    options?: { cause?: unknown },
  ) {
    super(`${code} in ${sweepDir ?? 'an output file'}`, options);
    this.name = 'DiskFullError';
  }
}

/**
 * Node's recursive mkdir reports a read-only file system as ENOENT (it cannot tell why the folder
 * is missing); the nearest existing folder then says EROFS when asked for write access.
 */
function readOnlyMkdir(error: unknown): boolean {
  const failed = error as NodeJS.ErrnoException | undefined;
  if (failed?.code !== 'ENOENT' || failed.syscall !== 'mkdir' || typeof failed.path !== 'string') return false;
  let dir = failed.path;
  while (!existsSync(dir)) {
    const up = dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
  try {
    accessSync(dir, constants.W_OK);
    return false;
  } catch (denied) {
    return (denied as NodeJS.ErrnoException).code === 'EROFS';
  }
}

/** Runs `work`; a disk error from it becomes a DiskFullError naming `sweepDir`. */
export async function reportingFullDisk<T>(sweepDir: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = diskErrorCode(error) ?? (readOnlyMkdir(error) ? 'EROFS' : undefined);
    if (code === undefined || error instanceof DiskFullError) throw error;
    throw new DiskFullError(sweepDir, code, { cause: error });
  }
}

function errorPath(error: unknown): string | undefined {
  for (let current: unknown = error; typeof current === 'object' && current !== null; current = (current as { cause?: unknown }).cause) {
    const path = (current as { path?: unknown }).path;
    if (typeof path === 'string') return path;
  }
  return undefined;
}

/** The message for a disk error: which disk, what to do, and (for a sweep) how to continue. */
export function diskFullMessage(command: string, error: unknown, cwd: string): string | undefined {
  const code = error instanceof DiskFullError ? error.code : diskErrorCode(error);
  if (code === undefined) return undefined;
  const sweepDir = error instanceof DiskFullError ? error.sweepDir : undefined;
  const path = errorPath(error);
  const where = sweepDir ?? (path !== undefined ? dirname(path) : cwd);
  const problem = code === 'EROFS' ? `is read-only (${code})` : code === 'EDQUOT' ? `is over its quota (${code})` : `is full (${code})`;
  const fix = code === 'EROFS' ? 'make it writable' : 'free space';
  const next = sweepDir !== undefined
    ? `${fix} and run \`hypersweep resume ${sweepDir}\` (nothing journaled is lost).`
    : `${fix} and run the command again.`;
  return `hypersweep ${command}: the disk holding ${where} ${problem}: ${next}\n`;
}
