/**
 * Cancelling a sweep from another process (`hypersweep cancel`, the VS Code extension when the
 * sweep was started elsewhere). The journal has one writer, so others never append to it: they
 * drop a request file in the sweep folder, which the runner picks up, journals and acts on.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CancelRequester } from '../journal/events';
import { CANCEL_REQUESTERS } from '../journal/events';

export const CANCEL_REQUEST_FILE = 'cancel.request';

export function writeCancelRequest(sweepDir: string, by: CancelRequester): void {
  writeFileSync(join(sweepDir, CANCEL_REQUEST_FILE), JSON.stringify({ by, pid: process.pid, time: Date.now() }) + '\n');
}

/** Takes (reads and removes) a pending cancel request; undefined when there is none. */
export function takeCancelRequest(sweepDir: string): CancelRequester | undefined {
  const path = join(sweepDir, CANCEL_REQUEST_FILE);
  if (!existsSync(path)) return undefined;
  let by: CancelRequester = 'cli';
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'by' in parsed) {
      const value = (parsed as { by: unknown }).by;
      const known = CANCEL_REQUESTERS.find((r) => r === value);
      if (known) by = known;
    }
  } catch {
    // A half-written or foreign file still means "cancel".
  }
  rmSync(path, { force: true });
  return by;
}
