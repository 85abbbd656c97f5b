/**
 * Requests from other processes to a sweep's runner (`hypersweep cancel`, the VS Code extension,
 * whoever did not start the sweep). The journal has one writer, so others never append to it:
 * they drop a request file in the sweep folder, which the runner picks up, journals and acts on.
 *
 * - Sweep level: `cancel.request` asks the whole sweep to stop.
 * - Trial level: files in `requests/`, one per request, ask to cancel one running trial
 *   (`cancel-trial`) or to run a trial's parameters again as a new trial (`rerun`). One file per
 *   request (not one shared file) so that two requests written at the same moment never overwrite
 *   each other; each is written under a temporary name and renamed, so a reader never sees half.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CancelRequester } from '../journal/events';
import { CANCEL_REQUESTERS } from '../journal/events';

export const CANCEL_REQUEST_FILE = 'cancel.request';

/** Folder of the per-trial request files inside a sweep folder. */
export const TRIAL_REQUESTS_FOLDER = 'requests';

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

/** `cancel-trial`: stop that running trial (status Canceled, reason user); `rerun`: run its params again. */
export type TrialRequestKind = 'cancel-trial' | 'rerun';
const TRIAL_REQUEST_KINDS: readonly TrialRequestKind[] = ['cancel-trial', 'rerun'];

/** One per-trial request as read back. */
export interface TrialRequest {
  readonly kind: TrialRequestKind;
  readonly trialId: string;
  readonly by: CancelRequester;
  /** When it was written, epoch ms. */
  readonly time: number;
  /** The request's file name (unique); requests are handled in file-name order. */
  readonly file: string;
}

let requestCounter = 0;

/** Writes one per-trial request for the sweep's runner to pick up; returns its file name. */
export function writeTrialRequest(sweepDir: string, kind: TrialRequestKind, trialId: string, by: CancelRequester): string {
  const folder = join(sweepDir, TRIAL_REQUESTS_FOLDER);
  mkdirSync(folder, { recursive: true });
  const time = Date.now();
  requestCounter += 1;
  // Time first (zero-padded) so that sorting the names sorts the requests by when they were made.
  const name = `${String(time).padStart(15, '0')}-${process.pid}-${requestCounter}-${kind}.json`;
  const temporary = join(folder, `.${name}.tmp`);
  writeFileSync(temporary, JSON.stringify({ kind, trialId, by, time }) + '\n');
  renameSync(temporary, join(folder, name));
  return name;
}

function parseTrialRequest(file: string, text: string): TrialRequest | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  const kind = TRIAL_REQUEST_KINDS.find((k) => k === record['kind']);
  const trialId = record['trialId'];
  if (!kind || typeof trialId !== 'string' || trialId === '') return undefined;
  const by = CANCEL_REQUESTERS.find((r) => r === record['by']) ?? 'cli';
  const time = typeof record['time'] === 'number' ? record['time'] : 0;
  return { kind, trialId, by, time, file };
}

function requestFiles(sweepDir: string): string[] {
  try {
    return readdirSync(join(sweepDir, TRIAL_REQUESTS_FOLDER)).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort();
  } catch {
    return []; // no request was ever written
  }
}

/** The pending per-trial requests of `kind`, oldest first, without taking them. */
export function peekTrialRequests(sweepDir: string, kind: TrialRequestKind): TrialRequest[] {
  const found: TrialRequest[] = [];
  for (const file of requestFiles(sweepDir)) {
    if (!file.endsWith(`-${kind}.json`)) continue;
    try {
      const request = parseTrialRequest(file, readFileSync(join(sweepDir, TRIAL_REQUESTS_FOLDER, file), 'utf8'));
      if (request) found.push(request);
    } catch {
      // Taken by someone else between the listing and the read.
    }
  }
  return found;
}

/**
 * Takes (reads and removes) the pending per-trial requests of `kind`, oldest first. Files that
 * are not valid requests are removed too: they could never be acted on.
 */
export function takeTrialRequests(sweepDir: string, kind: TrialRequestKind): TrialRequest[] {
  const taken: TrialRequest[] = [];
  for (const file of requestFiles(sweepDir)) {
    if (!file.endsWith(`-${kind}.json`)) continue;
    const path = join(sweepDir, TRIAL_REQUESTS_FOLDER, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    rmSync(path, { force: true });
    const request = parseTrialRequest(file, text);
    if (request) taken.push(request);
  }
  return taken;
}
