/**
 * How a trial's process ending becomes a trial status (decisions.md, "Early termination" and
 * "Lifecycle"): a stop the runner asked for is `Canceled` with its reason, whatever exit code the
 * process chose while dying; otherwise exit 0 is `Completed` and anything else `Failed`; a lost host
 * (`hostFailure`) is `Failed` with the launcher's sentence naming the host.
 */
import type { TrialExit, StopReason } from '../launchers/launcher';
import type { CancelReason, TerminalStatus } from '../journal/events';

export interface TrialOutcome {
  readonly status: TerminalStatus;
  readonly reason?: CancelReason;
  readonly note?: string;
}

export function trialOutcome(exit: TrialExit, requestedStop: StopReason | undefined): TrialOutcome {
  const stop = requestedStop ?? exit.stopReason;
  if (stop !== undefined) return { status: 'Canceled', reason: stop };
  if (exit.error !== undefined) return { status: 'Failed', note: exit.error };
  // The machine was lost: the process's own exit status (if any) says nothing about the trial.
  if (exit.hostFailure !== undefined) return { status: 'Failed', note: exit.hostFailure };
  if (exit.exitCode === 0) return { status: 'Completed' };
  const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode ?? 'unknown'}`;
  return { status: 'Failed', note: `the trial ${how}; see its stderr.log` };
}
