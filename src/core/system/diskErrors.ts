/**
 * Errors that say the disk cannot take more (ENOSPC full, EDQUOT over quota, EROFS read-only): the
 * user can fix them, so the runner stops cleanly on them (nothing it journaled is lost) and the CLI
 * says which disk and to resume, instead of treating them as a trial failure or a bug.
 */

const DISK_CODES = ['ENOSPC', 'EDQUOT', 'EROFS'] as const;
export type DiskErrorCode = (typeof DISK_CODES)[number];

function ownCode(error: unknown): DiskErrorCode | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  const known = DISK_CODES.find((c) => c === code);
  if (known) return known;
  // Wrapped errors (the journal's JournalWriteError) name the cause in their message.
  const message = error instanceof Error ? error.message : '';
  return DISK_CODES.find((c) => new RegExp(`\\b${c}\\b`).test(message));
}

/** The disk error code of `error` or of any error in its `cause` chain; undefined for anything else. */
export function diskErrorCode(error: unknown): DiskErrorCode | undefined {
  const seen = new Set<unknown>();
  for (let current: unknown = error; current !== undefined && current !== null && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const code = ownCode(current);
    if (code) return code;
    if (typeof current !== 'object') break;
  }
  return undefined;
}
