/**
 * Acting on one trial of a sweep from another process (the VS Code extension, scripts): cancel it,
 * or run its parameters again. A live runner gets a request file (cancelRequest.ts) and acts on it;
 * when no runner is alive, a cancel is journaled here directly and a re-run waits for a resume.
 */
import type { CancelRequester, EventBody, JournalEvent } from '../journal/events';
import { makeEvent } from '../journal/events';
import { sweepPaths } from '../journal/layout';
import { acquireRunnerLock, inspectRunnerLock } from '../journal/lock';
import { readJournal } from '../journal/reader';
import { applyEvent, replay } from '../journal/replay';
import type { SweepState, TrialRecord } from '../journal/state';
import { JournalWriter } from '../journal/writer';
import { reapOrphanedGroup } from '../system/processes';
import { writeTrialRequest } from './cancelRequest';

export type TrialCancelOutcome =
  /** The live runner stopped the trial; it ended Canceled (reason user). */
  | 'canceled'
  /** The runner got the request but the trial had not ended within the wait. */
  | 'requested'
  /** The trial was not running or queued: nothing to cancel. */
  | 'not-running'
  /** No runner was alive: the trial was marked Canceled here (leftover processes killed). */
  | 'closed';

const POLL_MS = 150;

async function readState(sweepDir: string): Promise<{ state: SweepState; events: readonly JournalEvent[] }> {
  const contents = await readJournal(sweepPaths(sweepDir).journal);
  return { state: replay(contents.events), events: contents.events };
}

function findTrial(state: SweepState, sweepDir: string, trialId: string): TrialRecord {
  const trial = state.trials.find((t) => t.id === trialId);
  if (!trial) throw new Error(`The sweep in ${sweepDir} has no trial ${trialId}; refresh the view and pick a trial that exists.`);
  return trial;
}

async function runnerAlive(sweepDir: string): Promise<boolean> {
  const lock = await inspectRunnerLock(sweepDir);
  return lock.state === 'held' && lock.alive !== false;
}

/** Cancels trial `trialId` of the sweep in `sweepDir` (status Canceled, reason user). */
export async function cancelTrial(sweepDir: string, trialId: string, by: CancelRequester, waitMs = 30_000): Promise<TrialCancelOutcome> {
  const { state } = await readState(sweepDir);
  const trial = findTrial(state, sweepDir, trialId);
  if (trial.status !== 'Running' && trial.status !== 'Queued') return 'not-running';
  if (await runnerAlive(sweepDir)) {
    writeTrialRequest(sweepDir, 'cancel-trial', trialId, by);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const now = findTrial((await readState(sweepDir)).state, sweepDir, trialId);
      if (now.status !== 'Running' && now.status !== 'Queued') return now.status === 'Canceled' ? 'canceled' : 'not-running';
      if (Date.now() >= deadline) return 'requested';
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
  return closeTrialWithoutRunner(sweepDir, trialId, by);
}

/** No runner: take the lock so no runner starts meanwhile, kill what is left, journal the end. */
async function closeTrialWithoutRunner(sweepDir: string, trialId: string, by: CancelRequester): Promise<TrialCancelOutcome> {
  const taken = await acquireRunnerLock(sweepDir);
  if (!taken.ok) throw new Error(taken.message);
  const writer = await JournalWriter.open(sweepPaths(sweepDir).journal);
  try {
    const { state, events } = await readState(sweepDir);
    const trial = findTrial(state, sweepDir, trialId);
    if (trial.status !== 'Running' && trial.status !== 'Queued') return 'not-running';
    const started = events.filter((e) => e.type === 'trial-started' && e.trialId === trialId).at(-1);
    if (trial.status === 'Running' && started?.type === 'trial-started' && started.processStartTime !== null) {
      await reapOrphanedGroup(started.pid, String(started.processStartTime), { graceMs: 2000 });
    }
    const body: EventBody = {
      type: 'trial-ended', trialId, attempt: trial.attempts, status: 'Canceled', reason: 'user', exitCode: null, signal: null,
      note: `canceled by ${by} while no runner was alive`,
    };
    const event = makeEvent(body) as JournalEvent;
    await writer.append(event);
    applyEvent(state, event);
    return 'closed';
  } finally {
    await writer.close();
    await taken.lock.release();
  }
}

/**
 * Asks for trial `trialId`'s parameters to run again as a new trial. A live runner picks the
 * request up; otherwise it waits in the sweep folder until `hypersweep resume` runs it, and
 * `runnerAlive: false` tells the caller to start one.
 */
export async function requestRerun(sweepDir: string, trialId: string, by: CancelRequester): Promise<{ runnerAlive: boolean }> {
  const { state } = await readState(sweepDir);
  findTrial(state, sweepDir, trialId);
  writeTrialRequest(sweepDir, 'rerun', trialId, by);
  return { runnerAlive: await runnerAlive(sweepDir) };
}
