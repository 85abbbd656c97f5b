/**
 * Acting on one trial of a sweep from another process (the VS Code extension, scripts): cancel it,
 * or run its parameters again. A live runner gets a request file (cancelRequest.ts) and acts on it;
 * when no runner is alive, a cancel is journaled here directly and a re-run waits for a resume.
 */
import type { CancelRequester } from '../journal/events';
import { sweepPaths } from '../journal/layout';
import { acquireRunnerLock, inspectRunnerLock } from '../journal/lock';
import { readSweepState, recordEvent } from '../journal/record';
import type { SweepState, TrialRecord } from '../journal/state';
import { JournalWriter } from '../journal/writer';
import { writeTrialRequest } from './cancelRequest';
import { reapLeftoverProcesses } from './leftoverProcesses';

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
  const state = await readSweepState(sweepDir);
  const trial = findTrial(state, sweepDir, trialId);
  if (trial.status !== 'Running' && trial.status !== 'Queued') return 'not-running';
  if (await runnerAlive(sweepDir)) {
    writeTrialRequest(sweepDir, 'cancel-trial', trialId, by);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const now = findTrial(await readSweepState(sweepDir), sweepDir, trialId);
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
    const state = await readSweepState(sweepDir);
    const trial = findTrial(state, sweepDir, trialId);
    if (trial.status !== 'Running' && trial.status !== 'Queued') return 'not-running';
    if (trial.status === 'Running') await reapLeftoverProcesses(trial, 2000);
    await recordEvent(writer, state, {
      type: 'trial-ended', trialId, attempt: trial.attempts, status: 'Canceled', reason: 'user', exitCode: null, signal: null,
      note: `canceled by ${by} while no runner was alive`,
    });
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
  const state = await readSweepState(sweepDir);
  findTrial(state, sweepDir, trialId);
  writeTrialRequest(sweepDir, 'rerun', trialId, by);
  return { runnerAlive: await runnerAlive(sweepDir) };
}
