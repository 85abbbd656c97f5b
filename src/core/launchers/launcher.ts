/**
 * The contract between the scheduler and whatever runs a trial: the local process launcher now,
 * an SSH host pool and a VS Code task launcher later. The scheduler renders a trial to an argv and
 * an environment, takes a slot, and asks the target's launcher to run it; the launcher streams the
 * output to log files and callbacks and reports how the process ended.
 */

/**
 * Why the runner stops a trial before it ends by itself (decisions: "Early termination").
 * Recorded on the {@link TrialExit} so the scheduler can tell a stop from a crash.
 */
export type StopReason = 'early_termination' | 'trial_timeout' | 'sweep_timeout' | 'user' | 'max_total_trials';

/** One trial to run. */
export interface LaunchRequest {
  /** `<sweep name>_<index>`; used in messages and by launchers that name remote jobs. */
  readonly trialId: string;
  /**
   * Program and arguments, passed without a shell: argv[0] is the program. A shell command comes
   * as `['sh', '-c', script]` with every value already quoted by the renderer.
   */
  readonly argv: readonly string[];
  /** Working directory on the machine that runs the trial (a remote path for SSH targets). */
  readonly cwd: string;
  /** Variables added to (or overriding) the launcher's own environment for this trial. */
  readonly env: Readonly<Record<string, string>>;
  /** Local file the trial's standard output is appended to (created with its folder if needed). */
  readonly stdoutPath: string;
  /** Local file the trial's standard error is appended to. */
  readonly stderrPath: string;
  /**
   * The slot index the scheduler holds for this trial (see `Slots`), 0-based. Launchers with
   * per-slot resources use it (the SSH pool maps it to a host and `CUDA_VISIBLE_DEVICES`).
   */
  readonly slot?: number;
  /** Every chunk of standard output, in order, as it arrives. Must not throw. */
  onStdout?(chunk: Buffer): void;
  /** Every chunk of standard error, in order, as it arrives. Must not throw. */
  onStderr?(chunk: Buffer): void;
}

/** How a trial's process ended. Exactly one of exitCode / signal is set, unless `error` is. */
export interface TrialExit {
  /** The exit status, or null when the process was ended by a signal or never started. */
  readonly exitCode: number | null;
  /** The signal that ended the process (`SIGTERM`, `SIGKILL`, ...), or null. */
  readonly signal: string | null;
  /**
   * Set when the trial could not run or its output could not be kept: program not found, working
   * directory missing, log file not writable. The trial's status is then Failed.
   */
  readonly error?: string;
  /** Set when `stop()` was called before the process ended by itself. */
  readonly stopReason?: StopReason;
}

/** A trial that has been handed to a launcher. */
export interface LaunchedTrial {
  /**
   * Process id of the trial (also its process group id for the local launcher), for the journal
   * so a resumed sweep can find it. Undefined when the process never started (see `exited`).
   */
  readonly pid: number | undefined;
  /** Start time of `pid` (see `processStartTime`), telling this process apart from a recycled pid. */
  readonly processStartTime?: string;
  /**
   * Settles once the process and everything it started have ended and the log files are
   * flushed. Never rejects: failures are reported in {@link TrialExit.error}.
   */
  readonly exited: Promise<TrialExit>;
  /**
   * Asks the trial to end (SIGTERM to all its processes), forcing it (SIGKILL) after `graceMs`
   * (default 5000). Resolves with the same value as `exited`. Calling it again, or after the
   * trial has ended, is harmless.
   */
  stop(reason: StopReason, graceMs?: number): Promise<TrialExit>;
}

/** Runs trials on one execution target. */
export interface Launcher {
  /** The target's name as the spec's `compute` names it (`local` for this machine). */
  readonly target: string;
  /** How many trials the target runs at once. */
  readonly slots: number;
  /**
   * Starts a trial. Resolves once the process has started or has failed to start; never rejects
   * for trial-level problems (those arrive as a {@link TrialExit} with `error`).
   */
  launch(request: LaunchRequest): Promise<LaunchedTrial>;
}
