/**
 * `hypersweep cancel DIR` and the extension's Stop: ends a sweep whether or not a runner is alive.
 * A live runner gets a cancel request and is waited for; a sweep whose runner died is closed here
 * (leftover trial processes killed, trials and sweep marked Canceled by the user).
 */
import type { CancelRequester, EventBody } from '../journal/events';
import { sweepPaths } from '../journal/layout';
import { acquireRunnerLock, inspectRunnerLock } from '../journal/lock';
import { readSweepState, recordEvent } from '../journal/record';
import type { SweepState } from '../journal/state';
import { JournalWriter } from '../journal/writer';
import { writeCancelRequest } from './cancelRequest';
import { reapLeftoverProcesses } from './leftoverProcesses';

export type CancelOutcome =
  /** The live runner stopped its trials and ended the sweep. */
  | 'canceled'
  /** The runner got the request but had not ended the sweep within the wait. */
  | 'requested'
  /** Nothing was running; the sweep had already ended. */
  | 'already-ended'
  /** No runner was alive; the sweep was closed as Canceled here. */
  | 'closed';

const POLL_MS = 200;

function ended(state: SweepState, since: number): boolean {
  return state.status !== 'Running' && state.status !== 'NotStarted' && (state.endedAt ?? 0) >= since;
}

export async function cancelSweep(sweepDir: string, by: CancelRequester, waitMs = 60_000): Promise<{ outcome: CancelOutcome; state: SweepState }> {
  const lock = await inspectRunnerLock(sweepDir);
  if (lock.state === 'held' && lock.alive !== false) {
    const since = Date.now();
    writeCancelRequest(sweepDir, by);
    const deadline = since + waitMs;
    for (;;) {
      const state = await readSweepState(sweepDir);
      if (ended(state, since)) return { outcome: 'canceled', state };
      if (Date.now() >= deadline) return { outcome: 'requested', state };
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
  const state = await readSweepState(sweepDir);
  if (state.status !== 'Running' && state.status !== 'NotStarted') return { outcome: 'already-ended', state };
  const taken = await acquireRunnerLock(sweepDir);
  if (!taken.ok) throw new Error(taken.message);
  const writer = await JournalWriter.open(sweepPaths(sweepDir).journal);
  try {
    const fresh = await readSweepState(sweepDir);
    const record = (body: EventBody) => recordEvent(writer, fresh, body);
    await record({ type: 'cancel-requested', by });
    for (const trial of fresh.trials) {
      if (trial.status !== 'Running') continue;
      await reapLeftoverProcesses(trial, 2000);
      await record({ type: 'trial-ended', trialId: trial.id, attempt: trial.attempts, status: 'Canceled', reason: 'user', exitCode: null, signal: null, note: 'the runner was no longer alive' });
    }
    await record({ type: 'sweep-ended', status: 'Canceled', reason: 'user' });
    return { outcome: 'closed', state: fresh };
  } finally {
    await writer.close();
    await taken.lock.release();
  }
}
