/**
 * Runs trials as processes on this machine. Each trial is started without a shell (argv as given),
 * as the leader of its own process group, so the whole tree it starts can be signalled at once:
 * `stop()` sends SIGTERM to the group and SIGKILL after a grace period, and when the leader exits
 * whatever it left behind in its group is killed, so no trial process outlives its trial.
 *
 * Limitation: a descendant that deliberately leaves the group (setsid(), i.e. a daemon) is out of
 * reach of process-group signals; only cgroups could follow it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { gpuEnvironment } from './gpuSlots';
import type { LaunchedTrial, Launcher, LaunchRequest, Placement, StopReason, TrialExit } from './launcher';
import { openLogSink, type LogSink } from './logSink';
import { Slots } from './slots';
import { killProcessGroup, processStartTime } from '../system/processes';

/** Options for {@link LocalLauncher}. */
export interface LocalLauncherOptions {
  /** Target name the spec's `compute` uses for it. Default `local`. */
  readonly target?: string;
  /**
   * Trials run at once. Default: the number of CPUs node may use, as the default concurrency only
   * (an explicit max_concurrent_trials may go beyond it). Ignored when `gpuSlots` is set.
   */
  readonly slots?: number;
  /**
   * GPU ids per slot (see `gpuSlotLayout`): one trial runs per entry, with `CUDA_VISIBLE_DEVICES`
   * (and `HYPERSWEEP_GPUS`) set to that entry's ids.
   */
  readonly gpuSlots?: readonly (readonly string[])[];
}

const DEFAULT_GRACE_MS = 5000;
/**
 * After the leader exits and its group is killed, how long to wait for the output pipes to close.
 * Only a process that escaped the group (setsid) can hold them open longer; the launcher then stops
 * reading rather than wait for it forever.
 */
const PIPE_CLOSE_WAIT_MS = 2000;

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A message the user can act on when a program cannot be started. */
function startFailure(program: string, error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOENT':
      return `program "${program}" not found: install it or give its full path in the trial command`;
    case 'EACCES':
      return `program "${program}" cannot be run (permission denied): make it executable (chmod +x) or run it through its interpreter`;
    default:
      return `could not start "${program}": ${describe(error)}`;
  }
}

/** A trial that never started: no process, an immediate exit carrying the reason. */
function failedTrial(error: string): LaunchedTrial {
  const exit: TrialExit = { exitCode: null, signal: null, error };
  const exited = Promise.resolve(exit);
  return { pid: undefined, exited, stop: () => exited };
}

async function checkWorkingDirectory(cwd: string): Promise<string | undefined> {
  try {
    const info = await stat(cwd);
    return info.isDirectory() ? undefined : `working directory ${cwd} is not a folder: check the spec's \`code\``;
  } catch (error) {
    return errorCode(error) === 'ENOENT'
      ? `working directory ${cwd} does not exist: check the spec's \`code\``
      : `working directory ${cwd} cannot be used: ${describe(error)}`;
  }
}

/**
 * Fault injection for the crash tests: with HYPERSWEEP_TEST_DIE_AFTER_SPAWN set to a trial id, the
 * runner kills itself (SIGKILL, as a crash would) right after that trial's process started and
 * before the runner could journal it: a window no outside kill hits reliably.
 */
function dieHereIfTestAsks(trialId: string): void {
  if (process.env['HYPERSWEEP_TEST_DIE_AFTER_SPAWN'] === trialId) process.kill(process.pid, 'SIGKILL');
}

/** Resolves when the child has started, or with the start error. */
function whenStarted(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', (error) => resolve(error));
  });
}

/** The launcher for the `local` target. */
export class LocalLauncher implements Launcher {
  readonly target: string;
  readonly slots: number;
  private readonly gpuSlots: readonly (readonly string[])[] | undefined;
  /** Which slot each running trial holds: the runner never asks for more trials than slots. */
  private readonly table: Slots;
  /** Slots given (or GPUs) are a hard limit; the CPU count alone is only a default. */
  private readonly capped: boolean;

  constructor(options: LocalLauncherOptions = {}) {
    const gpuSlots = options.gpuSlots;
    if (gpuSlots?.length === 0) throw new RangeError('the local target has GPUs configured but no slot: list at least one GPU id');
    const slots = gpuSlots?.length ?? options.slots ?? availableParallelism();
    if (!Number.isSafeInteger(slots) || slots < 1) {
      throw new RangeError(`the local target needs at least 1 slot (a whole number), got ${String(slots)}`);
    }
    this.target = options.target ?? 'local';
    this.slots = slots;
    this.gpuSlots = gpuSlots;
    this.table = new Slots(slots);
    this.capped = gpuSlots !== undefined || options.slots !== undefined;
  }

  available(): number {
    return this.capped ? this.slots : Number.MAX_SAFE_INTEGER;
  }

  async launch(request: LaunchRequest): Promise<LaunchedTrial> {
    const lease = this.table.tryAcquire();
    if (lease === undefined && this.gpuSlots !== undefined) {
      // Running a trial anyway would put it on a GPU another trial holds.
      return failedTrial(`all ${this.slots} GPU slots of target ${this.target} are taken: the runner started more trials than the target has slots`);
    }
    const gpus = lease === undefined ? undefined : this.gpuSlots?.[lease.index];
    const placement: Placement = {
      target: this.target,
      ...(lease !== undefined ? { slot: lease.index } : {}),
      ...(gpus !== undefined ? { gpus: [...gpus] } : {}),
    };
    const env = gpus === undefined ? request.env : { ...request.env, ...gpuEnvironment(gpus) };
    const trial = await this.start({ ...request, env }, placement);
    void trial.exited.then(() => lease?.release());
    return trial;
  }

  private async start(request: LaunchRequest, placement: Placement): Promise<LaunchedTrial> {
    const program = request.argv[0];
    if (program === undefined || program === '') {
      return failedTrial(`trial ${request.trialId} has an empty command: give the program to run in trial.command`);
    }
    const cwdProblem = await checkWorkingDirectory(request.cwd);
    if (cwdProblem !== undefined) return failedTrial(cwdProblem);

    const sinks: LogSink[] = [];
    try {
      sinks.push(await openLogSink(request.stdoutPath));
      sinks.push(await openLogSink(request.stderrPath));
    } catch (error) {
      await Promise.all(sinks.map((sink) => sink.close()));
      return failedTrial(describe(error));
    }
    const [stdoutSink, stderrSink] = sinks as [LogSink, LogSink];

    let child: ChildProcess;
    try {
      child = spawn(program, request.argv.slice(1), {
        cwd: request.cwd,
        env: { ...process.env, ...request.env },
        // Own process group (and session): the group id is the pid, and signalling -pid reaches
        // every process the trial starts, but never the runner itself.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      // Synchronous refusals, e.g. an argument containing a NUL byte.
      await Promise.all(sinks.map((sink) => sink.close()));
      return failedTrial(startFailure(program, error));
    }
    // Everything about the child's end is listened for now, before any await, so a trial that
    // ends at once cannot slip past; the pid's start time is read while the pid is surely ours.
    const ending = watchEnd(child);
    const startTime = child.pid !== undefined ? processStartTime(child.pid) : undefined;
    const startError = await whenStarted(child);
    const pid = child.pid;
    if (startError !== undefined || pid === undefined) {
      await Promise.all(sinks.map((sink) => sink.close()));
      return failedTrial(startFailure(program, startError));
    }
    dieHereIfTestAsks(request.trialId);
    return new RunningTrial(child, pid, startTime, ending, stdoutSink, stderrSink, request, placement);
  }
}

/** How the leader process ended. */
interface LeaderExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The two moments of a child's end: the leader exits, then its output pipes close. */
interface Ending {
  readonly leaderExited: Promise<LeaderExit>;
  readonly outputClosed: Promise<LeaderExit>;
}

function watchEnd(child: ChildProcess): Ending {
  return {
    leaderExited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    // 'close' comes once both pipes have ended, i.e. all output has been read.
    outputClosed: new Promise((resolve) => {
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal }));
    }),
  };
}

/** A started local trial: follows its output and its end, and stops it on request. */
class RunningTrial implements LaunchedTrial {
  readonly exited: Promise<TrialExit>;
  private stopReason: StopReason | undefined;
  private leaderEnded = false;
  private killTimer: NodeJS.Timeout | undefined;
  private killDeadline = Number.POSITIVE_INFINITY;

  constructor(
    child: ChildProcess,
    readonly pid: number,
    readonly processStartTime: string | undefined,
    ending: Ending,
    stdoutSink: LogSink,
    stderrSink: LogSink,
    request: LaunchRequest,
    readonly placement: Placement,
  ) {
    if (child.stdout !== null) stdoutSink.follow(child.stdout, request.onStdout);
    if (child.stderr !== null) stderrSink.follow(child.stderr, request.onStderr);
    // Errors after a successful start (a failed kill) carry no news about the trial's end.
    child.on('error', () => undefined);

    let pipeTimer: NodeJS.Timeout | undefined;
    const leaderExited = ending.leaderExited.then((exit) => {
      this.leaderEnded = true;
      clearTimeout(this.killTimer);
      // Whatever the leader left running in its group is killed now: the trial has ended.
      this.signalGroup('SIGKILL');
      pipeTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, PIPE_CLOSE_WAIT_MS);
      return exit;
    });
    this.exited = Promise.all([leaderExited, ending.outputClosed]).then(async ([exit]) => {
      clearTimeout(pipeTimer);
      return this.finish(exit.code, exit.signal, stdoutSink, stderrSink);
    });
  }

  stop(reason: StopReason, graceMs: number = DEFAULT_GRACE_MS): Promise<TrialExit> {
    if (this.leaderEnded) return this.exited;
    this.stopReason ??= reason;
    this.signalGroup('SIGTERM');
    const delay = Number.isFinite(graceMs) ? Math.max(0, graceMs) : DEFAULT_GRACE_MS;
    // A second stop() may bring the SIGKILL forward, never push it back.
    if (Date.now() + delay < this.killDeadline) {
      this.killDeadline = Date.now() + delay;
      clearTimeout(this.killTimer);
      this.killTimer = setTimeout(() => this.signalGroup('SIGKILL'), delay);
    }
    return this.exited;
  }

  private signalGroup(signal: NodeJS.Signals): void {
    try {
      killProcessGroup(this.pid, signal);
    } catch {
      // EPERM cannot happen for a group we created and still pin; nothing useful to do if it did.
    }
  }

  private async finish(
    exitCode: number | null,
    signal: NodeJS.Signals | null,
    stdoutSink: LogSink,
    stderrSink: LogSink,
  ): Promise<TrialExit> {
    await Promise.all([stdoutSink.close(), stderrSink.close()]);
    const error = stdoutSink.error ?? stderrSink.error;
    return {
      exitCode,
      signal,
      ...(error !== undefined ? { error } : {}),
      ...(this.stopReason !== undefined ? { stopReason: this.stopReason } : {}),
    };
  }
}
