/**
 * A trial whose runner died may still have processes running (its group outlives the runner).
 * Before such a trial is re-run or closed, they are killed, but only if the pid still names the
 * process the journal recorded (same start time), never a recycled pid.
 *
 * The journal cannot name a trial the runner started just before it died, between the spawn and
 * the journaled `trial-started`. Every trial process carries HYPERSWEEP_TRIAL_DIR (a folder of
 * this sweep) in its environment, though, and while a runner holds the sweep's lock no other
 * runner of it is alive: any such process still running belongs to a dead runner and is ended.
 */
import { realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { sweepPaths } from '../journal/layout';
import type { EventBody } from '../journal/events';
import type { SweepState, TrialRecord } from '../journal/state';
import { endMarkedProcesses, findProcessesByEnvironment, reapOrphanedGroup, type ReapOptions } from '../system/processes';

export async function reapLeftoverProcesses(trial: TrialRecord, graceMs?: number): Promise<void> {
  const startTime = trial.launch?.processStartTime;
  if (trial.pid === undefined || startTime === undefined || startTime === null) return;
  await reapOrphanedGroup(trial.pid, String(startTime), graceMs === undefined ? {} : { graceMs });
}

/** A trial whose processes were found running without a runner, and the pids that were ended. */
export interface StrayTrial {
  readonly trialId: string;
  readonly pids: readonly number[];
}

/** The trials folder as written (absolute) and as the file system resolves it (symlinks). */
function trialsFolders(sweepDir: string): string[] {
  const folder = resolve(sweepPaths(sweepDir).trials);
  const forms = [folder];
  try {
    forms.push(realpathSync(folder));
  } catch {
    // No trials folder yet: no trial ever started, so there is nothing to find.
  }
  return forms.map((f) => f + sep);
}

/**
 * Ends every process on this machine that a trial of the sweep in `sweepDir` started and whose
 * runner is gone. Call only while holding the sweep's runner lock, before any trial is launched.
 * Returns what was ended, per trial; empty where the platform has no /proc (see processes.ts).
 */
export async function reapStrayTrialProcesses(sweepDir: string, options: ReapOptions = {}): Promise<StrayTrial[]> {
  const folders = trialsFolders(sweepDir);
  const inSweep = (dir: string): boolean => folders.some((f) => resolve(dir).startsWith(f));
  const found = findProcessesByEnvironment('HYPERSWEEP_TRIAL_DIR', inSweep, ['HYPERSWEEP_TRIAL_ID']) ?? [];
  await endMarkedProcesses(found, options);
  const byTrial = new Map<string, number[]>();
  for (const process of found) {
    const trialId = process.environment['HYPERSWEEP_TRIAL_ID'] ?? '(unknown trial)';
    byTrial.set(trialId, [...(byTrial.get(trialId) ?? []), process.pid]);
  }
  return [...byTrial].map(([trialId, pids]) => ({ trialId, pids }));
}

/**
 * For `resume`: ends the stray processes of the sweep (see `reapStrayTrialProcesses`) and returns
 * one journal warning per trial the journal did not know as running (a trial it knows as running
 * is reaped on every resume anyway and needs no word).
 */
export async function reapStrayTrials(sweepDir: string, state: SweepState, options: ReapOptions = {}): Promise<EventBody[]> {
  const warnings: EventBody[] = [];
  for (const stray of await reapStrayTrialProcesses(sweepDir, options)) {
    const trial = state.trials.find((t) => t.id === stray.trialId);
    if (trial?.status === 'Running') continue;
    warnings.push({
      type: 'sweep-warning',
      ...(trial ? { trialId: trial.id } : {}),
      message: `trial ${stray.trialId} was still running (pid ${stray.pids.join(', ')}), started by the previous runner just before it died and not journaled; it was stopped before the sweep went on`,
    });
  }
  return warnings;
}
