/**
 * The contract between the scheduler and whatever runs a trial: the local process launcher, the
 * SSH host pool (`ssh/`), and later Slurm. The scheduler renders a trial to an argv and an
 * environment and asks the target's launcher to run it; the launcher picks a slot (a host and its
 * GPUs), streams the output to log files and callbacks, and reports how the process ended. Where a
 * trial runs is journal data (`Placement`, `TrialHandle`): the scheduler stores it and hands it back
 * on resume, but never looks inside it.
 */
import type { MetricReport, ParamReport, TagReport } from '../metrics/metricSource';

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
  /** 1-based attempt number of this trial (a re-run after an interruption is attempt 2, ...). */
  readonly attempt?: number;
  /** Every chunk of standard output, in order, as it arrives. Must not throw. */
  onStdout?(chunk: Buffer): void;
  /** Every chunk of standard error, in order, as it arrives. Must not throw. */
  onStderr?(chunk: Buffer): void;
  /**
   * MLflow metrics a launcher reads itself (Slurm: MLflow's file store on the shared folder), in
   * order per metric name. Like `onStdout`, a re-attached trial's come again from the first one.
   */
  onMetric?(report: MetricReport): void;
  /** MLflow params and tags a launcher reads itself, as `onMetric`; a re-attached trial's come again. */
  onParam?(report: ParamReport): void;
  onTag?(report: TagReport): void;
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
  /**
   * Set when the trial's outcome is unknown because the machine it ran on was lost (host down past
   * its grace period, node failure): a sentence naming the host. The trial ends Failed with this
   * note and the runner runs its parameters once more, on whatever slot is healthy.
   */
  readonly hostFailure?: string;
}

/**
 * Where one attempt of a trial runs, for people (status, tree, dashboard) and for the journal.
 * Plain JSON data.
 */
export interface Placement {
  /** Target name (`local`, or a name from `hypersweep.targets.yaml`). */
  readonly target: string;
  /** The host as configured (an ssh alias or `user@host[:port]`); absent for the local machine. */
  readonly host?: string;
  /** GPU ids given to the trial in `CUDA_VISIBLE_DEVICES`; absent or empty when none. */
  readonly gpus?: readonly string[];
  /** Content hash of the code snapshot the trial runs in (remote targets). */
  readonly snapshot?: string;
  /** The launcher's slot index, 0-based. */
  readonly slot?: number;
  /** Slurm: the job id of this attempt (`host` is then the node, once Slurm picked one). */
  readonly jobId?: string;
  /** Slurm: the job's queue state as squeue last said it (`PENDING`, `RUNNING`, ...). */
  readonly queueState?: string;
  /** Slurm: why the job waits (`Resources`, `Priority`, ...), while it is pending. */
  readonly pendingReason?: string;
  /** Slurm: the generic resources asked per trial (`gpu:1`). */
  readonly gres?: string;
}

/**
 * What a later runner needs to find a running trial again after the runner died (plain JSON,
 * journaled with `trial-started`). Each launcher defines and reads its own kind; the scheduler
 * only stores it and hands it back to `Launcher.reattach`.
 */
export interface TrialHandle {
  /** Which launcher understands this handle: `local`, `ssh`, `slurm`. */
  readonly kind: string;
  readonly [field: string]: unknown;
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
  /** Where it runs (journaled with `trial-started`). */
  readonly placement?: Placement;
  /** How a later runner finds it again (journaled with `trial-started`); absent for local trials. */
  readonly handle?: TrialHandle;
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

/** Facts about the sweep a launcher needs before its first trial (code to sync, endpoint to tunnel). */
export interface SweepContext {
  readonly sweepDir: string;
  readonly sweepName: string;
  /** Local folder trials run in (the spec's `code`), synced to remote targets. */
  readonly codeDir: string;
  /** Port of the sweep's MLflow endpoint on 127.0.0.1, for reverse tunnels. */
  readonly trackingPort: number;
  /** Progress and warnings for the user (probe results, sync size, host state changes). */
  readonly log?: (message: string) => void;
  /** The spec's trial_timeout in seconds, when set (Slurm's `--time` is derived from it). */
  readonly trialTimeoutSec?: number;
}

/** A target cannot be used at all (every host unreachable, no code folder, ...): the sweep cannot start. */
export class TargetUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetUnavailableError';
  }
}

/** Runs trials on one execution target. */
export interface Launcher {
  /** The target's name as the spec's `compute` names it (`local` for this machine). */
  readonly target: string;
  /** How many trials the target runs at once when every host is healthy. */
  readonly slots: number;
  /**
   * Slots usable right now (slots of hosts that are down are withdrawn). The runner never has more
   * trials running than this; absent means always `slots`.
   */
  available?(): number;
  /** Called whenever `available()` may have changed (a host went down or came back). */
  onAvailabilityChange?(listener: () => void): void;
  /**
   * Called when a running attempt's placement changes after launch (a Slurm job left PENDING for a
   * node, or its pending reason changed), so the runner journals it (`trial-placement`).
   */
  onPlacementChange?(listener: (trialId: string, placement: Placement) => void): void;
  /**
   * Once per runner, before the first launch or reattach: check the hosts, sync code, open
   * tunnels. Throws {@link TargetUnavailableError} with a message naming the host and the fix.
   */
  prepare?(sweep: SweepContext): Promise<void>;
  /**
   * Starts a trial. Resolves once the process has started or has failed to start; never rejects
   * for trial-level problems (those arrive as a {@link TrialExit} with `error`).
   */
  launch(request: LaunchRequest): Promise<LaunchedTrial>;
  /**
   * After a runner restart: follows a trial a previous runner launched (output continues where the
   * local logs end; `request.onStdout` receives the whole stream again from its first byte, so the
   * runner can skip what it already journaled), or says it is gone so the runner re-runs it.
   */
  reattach?(handle: TrialHandle, request: LaunchRequest): Promise<LaunchedTrial | 'gone'>;
  /**
   * The sweep ended with no trial running and every outcome journaled: remove what the target
   * kept only to re-attach (remote trial folders, leases). Not called when the runner is
   * interrupted (Ctrl-C, crash), since a resume still needs them.
   */
  sweepEnded?(): Promise<void>;
  /** Closes connections and tunnels. Never stops trials that run detached. */
  dispose?(): Promise<void>;
}
