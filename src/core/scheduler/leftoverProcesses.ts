/**
 * A trial whose runner died may still have processes running (its group outlives the runner).
 * Before such a trial is re-run or closed, they are killed, but only if the pid still names the
 * process the journal recorded (same start time), never a recycled pid.
 */
import type { TrialRecord } from '../journal/state';
import { reapOrphanedGroup } from '../system/processes';

export async function reapLeftoverProcesses(trial: TrialRecord, graceMs?: number): Promise<void> {
  const startTime = trial.launch?.processStartTime;
  if (trial.pid === undefined || startTime === undefined || startTime === null) return;
  await reapOrphanedGroup(trial.pid, String(startTime), graceMs === undefined ? {} : { graceMs });
}
