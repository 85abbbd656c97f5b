/**
 * What the runner needs to know about its target, without knowing what a host is: how many trials
 * may run right now (the configured concurrency, capped by the slots the launcher can use now), and
 * what a lost host means for a trial (one automatic re-run, never two).
 */
import type { Launcher, TrialExit } from '../launchers/launcher';
import type { TrialRecord } from '../journal/state';

/** Trials that may run at once right now: slots of lost hosts are withdrawn by the launcher. */
export function runnableLimit(concurrency: number, launcher: Launcher): number {
  const usable = launcher.available?.() ?? launcher.slots;
  return Math.max(0, Math.min(concurrency, usable));
}

/**
 * Whether a trial that ended with `exit` gets its parameters run again as a new trial: only when
 * its host was lost (not when it failed by itself or was stopped), and only once, so a re-run whose
 * host is lost too is not re-run again.
 */
export function rerunAfterHostFailure(trial: TrialRecord | undefined, exit: TrialExit, stopped: boolean): boolean {
  return trial !== undefined && exit.hostFailure !== undefined && !stopped && trial.rerunReason !== 'host_failure';
}

/** The sweep's end message when trials remain but the target has no usable slot and nothing runs. */
export function noSlotLeftMessage(target: string, sweepDir: string, remaining: number): string {
  const what = remaining > 0 ? `${remaining} trial${remaining === 1 ? '' : 's'} queued and more to create` : 'trials remain to run';
  return (
    `target ${target} has no usable slot left (every host is down or withdrawn) while ${what}; ` +
    `when a host answers again, continue the sweep with \`hypersweep resume ${sweepDir}\``
  );
}
