/**
 * `hypersweep cancel DIR` and the extension's Stop: ends a sweep whether or not a runner is alive.
 * A live runner gets a cancel request and is waited for; a sweep whose runner died is closed here
 * (leftover trial processes killed, trials and sweep marked Canceled by the user).
 */
import type { CancelRequester, EventBody, JournalEvent } from '../journal/events';
import { makeEvent } from '../journal/events';
import { sweepPaths } from '../journal/layout';
import { acquireRunnerLock, inspectRunnerLock } from '../journal/lock';
import { readJournal } from '../journal/reader';
import { applyEvent, replay } from '../journal/replay';
import type { SweepState } from '../journal/state';
import { JournalWriter } from '../journal/writer';
import { reapOrphanedGroup } from '../system/processes';
import { writeCancelRequest } from './cancelRequest';

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

async function readState(sweepDir: string): Promise<SweepState> {
  return replay((await readJournal(sweepPaths(sweepDir).journal)).events);
}

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
      const state = await readState(sweepDir);
      if (ended(state, since)) return { outcome: 'canceled', state };
      if (Date.now() >= deadline) return { outcome: 'requested', state };
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
  const state = await readState(sweepDir);
  if (state.status !== 'Running' && state.status !== 'NotStarted') return { outcome: 'already-ended', state };
  const taken = await acquireRunnerLock(sweepDir);
  if (!taken.ok) throw new Error(taken.message);
  const writer = await JournalWriter.open(sweepPaths(sweepDir).journal);
  try {
    const contents = await readJournal(sweepPaths(sweepDir).journal);
    const fresh = replay(contents.events);
    const record = async (body: EventBody): Promise<void> => {
      const event = makeEvent(body) as JournalEvent;
      await writer.append(event);
      applyEvent(fresh, event);
    };
    await record({ type: 'cancel-requested', by });
    for (const trial of fresh.trials) {
      if (trial.status !== 'Running') continue;
      const started = contents.events.filter((e) => e.type === 'trial-started' && e.trialId === trial.id).at(-1);
      if (started?.type === 'trial-started' && started.processStartTime !== null) {
        await reapOrphanedGroup(started.pid, String(started.processStartTime), { graceMs: 2000 });
      }
      await record({ type: 'trial-ended', trialId: trial.id, attempt: trial.attempts, status: 'Canceled', reason: 'user', exitCode: null, signal: null, note: 'the runner was no longer alive' });
    }
    await record({ type: 'sweep-ended', status: 'Canceled', reason: 'user' });
    return { outcome: 'closed', state: fresh };
  } finally {
    await writer.close();
    await taken.lock.release();
  }
}
