/**
 * Runs an opened sweep in the foreground for `run` and `resume`: progress on stderr, Ctrl-C to
 * cancel (a second Ctrl-C kills the trials at once), the leaderboard and summary at the end, and
 * the exit code of the sweep's final status.
 */
import { readSweepSpace } from '../core/results/sweepSpace';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SweepState } from '../core/journal/state';
import { resultsJsonText } from '../core/results/exportResults';
import type { SweepRunner } from '../core/scheduler/sweepRunner';
import type { CommandIO } from './command';
import { EXIT } from './command';
import { leaderboardTable, sweepSummary } from './leaderboardText';
import { trialsNeverStarted } from '../core/results/sweepOutcome';
import type { ProgressReporter } from './progress';

/**
 * Exit code for a finished sweep: 0 completed (or timed out with results), 1 failed, 130 canceled
 * by the user. A sweep where trials could not even start (e.g. spawn EMFILE) is no success: 1.
 */
export function exitCodeFor(state: SweepState): number {
  if (trialsNeverStarted(state).length > 0 && state.status !== 'Canceled') return EXIT.failed;
  if (state.status === 'Completed') return EXIT.ok;
  if (state.status === 'Canceled') {
    if (state.endReason === 'sweep_timeout') return state.trials.some((t) => t.status === 'Completed') && trialsNeverStarted(state).length === 0 ? EXIT.ok : EXIT.failed;
    return EXIT.canceled;
  }
  return EXIT.failed;
}

export async function driveSweep(runner: SweepRunner, progress: ProgressReporter, io: CommandIO, sweepDir: string, outputPath: string | undefined): Promise<number> {
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts === 1) {
      progress.problem(`${signal}: canceling the sweep; press Ctrl-C again to kill running trials at once`);
      runner.cancel('signal');
    } else {
      progress.problem('killing running trials now');
      runner.abort();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  io.stderr(`sweep folder: ${sweepDir}\n`);
  let state: SweepState;
  try {
    state = await runner.start();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.close();
  }
  io.stdout(leaderboardTable(state, 20, readSweepSpace(sweepDir)));
  io.stderr(sweepSummary(state));
  if (outputPath !== undefined) {
    const path = resolve(io.cwd, outputPath);
    writeFileSync(path, resultsJsonText(state));
    io.stderr(`results written to ${path}\n`);
  }
  return exitCodeFor(state);
}
