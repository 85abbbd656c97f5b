/**
 * Runs trials on a Slurm cluster from its login node (`login: local`), or through it over SSH
 * (`login: <alias>`, the SSH targets' transport; see loginNode.ts): one `sbatch` per trial (each
 * trial has its own parameters and environment file), status from ONE `squeue` call for all jobs per
 * poll, output tailed from the shared folder, the outcome from the wrapper's exit file (see
 * jobOutcome.ts), `scancel` to stop. HyperSweep never grows its own cluster manager: Slurm picks
 * nodes and GPUs (`CUDA_VISIBLE_DEVICES` comes from `--gres`); HyperSweep only throttles how many
 * jobs it has in the queue (`max_queued`, bounded further by the spec's max_concurrent_trials).
 * Over SSH the code folder is copied into `<shared_dir>/code/<hash>` first (compute nodes cannot see
 * the runner's disk), and paths in the trial's environment point into the shared folder.
 */
import { stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { SlurmTarget } from '../../targets/model';
import type { MetricReport } from '../../metrics/metricSource';
import { TargetUnavailableError, type LaunchedTrial, type Launcher, type LaunchRequest, type Placement, type StopReason, type SweepContext, type TrialExit, type TrialHandle } from '../launcher';
import { openLogSink } from '../logSink';
import { Slots, type SlotLease } from '../slots';
import { commandFileText, envFileText, sbatchArgs, setupFileText, WRAPPER_SCRIPT } from './batchScript';
import { FileTail } from './fileTail';
import { MlflowFileStoreTail } from '../../metrics/mlflowFileStore';
import { ENDPOINT_ONLY_VARIABLES, MLFLOW_STORE_FOLDER, withFileStore } from './mlflowStore';
import { askSlurm, exitFrom, readExitFile } from './jobOutcome';
import { rejectedShapeMessage, sharedDirUnseenMessage } from './slurmErrors';
import { HOST_FAILURE_STATES, parseSqueue, SQUEUE_FORMAT, type QueuedJob } from './squeue';
import { DEFAULT_COMMANDS, type SlurmCommands } from './slurmTools';
import { LocalLogin, type LoginNode } from './loginNode';
import { SshLogin } from './sshLogin';
import { createControlDir, removeControlDir } from '../ssh/sshArgs';
import { SshError } from '../ssh/sshErrors';

export const DEFAULT_MAX_QUEUED = 50;

export interface SlurmLauncherOptions {
  /** How often the one squeue call runs and the logs are read. Default 2000 ms. */
  readonly pollMs?: number;
  /**
   * How long launch() waits for Slurm to pick a node, so the placement names it. Default 1000 ms;
   * no wait while earlier jobs are pending (a full queue: the node is unknown for a while anyway).
   */
  readonly placementWaitMs?: number;
  readonly commands?: Partial<SlurmCommands>;
  /** The ssh program for `login: <alias>` (default `ssh` from PATH). */
  readonly sshPath?: string;
}

/** The journaled handle of a Slurm trial. */
export interface SlurmHandle extends TrialHandle {
  readonly kind: 'slurm';
  readonly jobId: string;
  /** The attempt's folder on the shared filesystem. */
  readonly dir: string;
  /** Sizes of the local logs before this attempt, so a re-attach does not copy output twice. */
  readonly stdoutBase: number;
  readonly stderrBase: number;
}

interface FollowedJob {
  readonly trialId: string;
  readonly jobId: string;
  readonly dir: string;
  readonly tails: readonly FileTail[];
  /** The attempt's MLflow file store, tailed when the runner takes MLflow metrics from the launcher. */
  readonly store?: MlflowFileStoreTail;
  readonly lease?: SlotLease;
  queued?: QueuedJob;
  /** What the runner was last told about where the job is (see placementKey); unset until launch returns. */
  shownKey?: string;
  stopReason?: StopReason;
  ending?: boolean;
  readonly resolve: (exit: TrialExit) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** What a placement shows of a queued job: a finishing job (COMPLETING) still runs where it ran. */
function placementKey(queued: QueuedJob | undefined): string {
  if (queued === undefined) return 'SUBMITTED';
  return [queued.state === 'COMPLETING' ? 'RUNNING' : queued.state, queued.reason ?? '', queued.node ?? ''].join('|');
}

function isSlurmHandle(handle: TrialHandle): handle is SlurmHandle {
  return handle.kind === 'slurm' && typeof handle['jobId'] === 'string' && typeof handle['dir'] === 'string';
}

export class SlurmLauncher implements Launcher {
  readonly target: string;
  readonly slots: number;
  private readonly table: Slots;
  private readonly commands: SlurmCommands;
  private readonly pollMs: number;
  private readonly placementWaitMs: number;
  private readonly jobs = new Map<string, FollowedJob>();
  private readonly listeners: ((trialId: string, placement: Placement) => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private sweepRoot: string | undefined;
  private trialTimeoutSec: number | undefined;
  private log: ((message: string) => void) | undefined;
  private login: LoginNode = new LocalLogin();
  /** Over SSH: the code snapshot in the shared folder, and the runner's code folder it copies. */
  private remoteCode: { readonly dir: string; readonly localDir: string } | undefined;
  private controlDir: string | undefined;
  private readonly sshPath: string | undefined;

  constructor(private readonly definition: SlurmTarget, options: SlurmLauncherOptions = {}) {
    this.sshPath = options.sshPath;
    this.target = definition.name;
    this.slots = definition.max_queued ?? DEFAULT_MAX_QUEUED;
    this.table = new Slots(this.slots);
    this.commands = { ...DEFAULT_COMMANDS, ...options.commands };
    this.pollMs = options.pollMs ?? 2000;
    this.placementWaitMs = options.placementWaitMs ?? 1000;
  }

  /** Checks sbatch, the shared folder and the target's partition/gres (sbatch --test-only), writes the wrapper. */
  async prepare(sweep: SweepContext): Promise<void> {
    this.log = sweep.log;
    this.trialTimeoutSec = sweep.trialTimeoutSec;
    const name = this.target;
    let shared = this.definition.shared_dir;
    if (this.definition.login !== 'local') {
      const login = await this.openSshLogin();
      shared = login.absolute(shared);
    }
    const version = await this.login.run(this.commands.sbatch, ['--version']);
    if (version.missing === true) {
      const where = this.definition.login === 'local' ? 'run HyperSweep on the cluster\'s login node, or load Slurm\'s module first' : `load Slurm's module in a file a non-interactive ssh session reads on ${this.definition.login} (e.g. the top of ~/.bashrc)`;
      throw new TargetUnavailableError(`target ${name}: \`${this.commands.sbatch}\` is not on PATH${this.definition.login === 'local' ? '' : ` on ${this.definition.login}`}: ${where}`);
    }
    if (shared.includes(',')) throw new TargetUnavailableError(`target ${name}: shared_dir ${shared} contains a comma, which sbatch --export cannot carry; choose another folder`);
    const root = join(shared, sweep.sweepName);
    try {
      await this.login.makeDir(join(root, 'trials'));
      await this.login.checkWritable(root);
      const wrapper = join(root, 'wrapper.sbatch');
      await this.login.writeFiles(new Map([[wrapper, WRAPPER_SCRIPT]]), new Set([wrapper]));
    } catch (error) {
      throw new TargetUnavailableError(`target ${name}: shared_dir ${shared} is not writable (${error instanceof Error ? error.message : String(error)}); it must be a folder the login and compute nodes both see`);
    }
    this.sweepRoot = root;
    if (this.login instanceof SshLogin) {
      try {
        this.remoteCode = { dir: await this.login.syncCode(sweep.codeDir, shared, (m) => this.log?.(m)), localDir: sweep.codeDir };
      } catch (error) {
        throw new TargetUnavailableError(`target ${name}: could not copy the code folder to ${shared}/code on ${this.login.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const probe = sbatchArgs({ target: this.definition, jobName: `hs-${sweep.sweepName}-check`, trialDir: root, wrapperPath: join(root, 'wrapper.sbatch'), ...this.timeout() });
    const tested = await this.login.run(this.commands.sbatch, ['--test-only', ...probe.filter((a) => a !== '--parsable')]);
    if (tested.code !== 0) throw new TargetUnavailableError(rejectedShapeMessage(this.definition, tested.stderr));
  }

  /** Connects to the login node over SSH (the SSH targets' transport and config). */
  private async openSshLogin(): Promise<SshLogin> {
    this.controlDir = await createControlDir();
    const login = new SshLogin(this.definition.login, {
      controlDir: this.controlDir,
      ...(this.definition.ssh_config !== undefined ? { configFile: this.definition.ssh_config } : {}),
      ...(this.sshPath !== undefined ? { sshPath: this.sshPath } : {}),
    });
    this.login = login;
    try {
      await login.open();
    } catch (error) {
      const why = error instanceof SshError ? error.message : error instanceof Error ? error.message : String(error);
      throw new TargetUnavailableError(`target ${this.target}: cannot reach the login node ${this.definition.login} over SSH: ${why}`);
    }
    return login;
  }

  /** The trial's folder and environment as the compute node sees them (the shared folder, the code snapshot). */
  private onCluster(request: LaunchRequest, dir: string): { cwd: string; env: Record<string, string> } {
    // MLflow calls go to the file store in the attempt folder (mlflowStore.ts), not the endpoint.
    const env: Record<string, string> = { ...withFileStore(request.env, dir), HYPERSWEEP_TRIAL_DIR: dir };
    const code = this.remoteCode;
    if (code === undefined) return { cwd: request.cwd, env };
    // Local paths of the trial folder (outputs) mean the shared trial folder on the cluster.
    const localDir = dirname(request.stdoutPath);
    for (const [name, value] of Object.entries(env)) env[name] = value.split(localDir).join(dir);
    const inside = relative(code.localDir, request.cwd);
    const cwd = inside === '' || inside.startsWith('..') || inside.startsWith('/') ? code.dir : `${code.dir}/${inside.split('\\').join('/')}`;
    return { cwd, env };
  }

  private timeout(): { trialTimeoutSec?: number } {
    return this.trialTimeoutSec !== undefined ? { trialTimeoutSec: this.trialTimeoutSec } : {};
  }

  /** Called when a launched job's queue state, pending reason or node changed. */
  onPlacementChange(listener: (trialId: string, placement: Placement) => void): void {
    this.listeners.push(listener);
  }

  /** Where the job is as the runner journals it: job id, queue state, why it waits, node, gres. */
  private placementOf(job: FollowedJob): Placement {
    const queued = job.queued;
    const state = queued?.state === 'COMPLETING' ? 'RUNNING' : queued?.state;
    return {
      target: this.target,
      ...(job.lease ? { slot: job.lease.index } : {}),
      ...(queued?.node !== undefined ? { host: queued.node } : {}),
      jobId: job.jobId,
      queueState: state ?? 'PENDING',
      ...(queued?.reason !== undefined ? { pendingReason: queued.reason } : {}),
      ...(this.definition.gres !== undefined ? { gres: this.definition.gres } : {}),
    };
  }

  /** The placement launch/reattach returns; later changes go to the listeners. */
  private shownPlacement(jobId: string): Placement | undefined {
    const job = this.jobs.get(jobId);
    if (job === undefined) return undefined;
    job.shownKey = placementKey(job.queued);
    return this.placementOf(job);
  }

  async launch(request: LaunchRequest): Promise<LaunchedTrial> {
    const root = this.sweepRoot;
    if (root === undefined) return failed('the Slurm target was not prepared (internal error)');
    const lease = this.table.tryAcquire();
    if (lease === undefined) return failed(`all ${this.slots} queue slots (max_queued) of target ${this.target} are taken`);
    const dir = join(root, 'trials', request.trialId, `attempt-${request.attempt ?? 1}`);
    let jobId: string;
    try {
      jobId = await this.submit(request, dir);
    } catch (error) {
      lease.release();
      return failed(error instanceof Error ? error.message : String(error));
    }
    const handle: SlurmHandle = { kind: 'slurm', jobId, dir, stdoutBase: await sizeOf(request.stdoutPath), stderrBase: await sizeOf(request.stderrPath) };
    const trial = await this.follow(request, handle, lease, 0, 0);
    await this.waitForNode(jobId);
    const placement = this.shownPlacement(jobId) ?? { target: this.target, slot: lease.index, jobId };
    return { ...trial, placement };
  }

  private async submit(request: LaunchRequest, dir: string): Promise<string> {
    await this.login.makeDir(dir, true);
    // The trial's folder is the shared one: that is where the job can write (outputs, exit file).
    const { cwd, env } = this.onCluster(request, dir);
    await this.login.writeFiles(new Map([
      [join(dir, 'env.sh'), envFileText(env, ENDPOINT_ONLY_VARIABLES)],
      [join(dir, 'command.sh'), commandFileText(cwd, request.argv)],
      [join(dir, 'setup.sh'), setupFileText(this.definition.setup)],
    ]));
    const root = this.sweepRoot ?? dir;
    const sweepName = root.split('/').pop() ?? 'sweep';
    const index = request.trialId.slice(request.trialId.lastIndexOf('_') + 1);
    const args = sbatchArgs({ target: this.definition, jobName: `hs-${sweepName}-${index}`, trialDir: dir, wrapperPath: join(root, 'wrapper.sbatch'), ...this.timeout() });
    const result = await this.login.run(this.commands.sbatch, args);
    const jobId = result.stdout.trim().split(';')[0] ?? '';
    if (result.code !== 0 || !/^\d+$/.test(jobId)) {
      throw new Error(`sbatch refused trial ${request.trialId}: ${result.missing === true ? 'sbatch is not on PATH' : result.stderr.trim() || `exit ${String(result.code)}`}`);
    }
    return jobId;
  }

  private async waitForNode(jobId: string): Promise<void> {
    // A queue that already makes our jobs wait will make this one wait too: submit on at once.
    const backedUp = [...this.jobs.values()].some((j) => j.jobId !== jobId && j.queued?.state === 'PENDING' && j.queued.reason !== undefined);
    const deadline = Date.now() + (backedUp ? 0 : this.placementWaitMs);
    for (;;) {
      const job = [...this.jobs.values()].find((j) => j.jobId === jobId);
      if (job?.queued?.node !== undefined || job === undefined || Date.now() >= deadline) return;
      await sleep(Math.min(200, this.pollMs));
      await this.poll();
    }
  }

  private async follow(request: LaunchRequest, handle: SlurmHandle, lease: SlotLease | undefined, skipOut: number, skipErr: number): Promise<LaunchedTrial> {
    const sinks = [await openLogSink(request.stdoutPath), await openLogSink(request.stderrPath)] as const;
    const tails = [
      new FileTail(join(handle.dir, 'stdout.log'), this.login, sinks[0], request.onStdout, skipOut),
      new FileTail(join(handle.dir, 'stderr.log'), this.login, sinks[1], request.onStderr, skipErr),
    ];
    const store = this.storeTail(request, handle.dir);
    let resolve: (exit: TrialExit) => void = () => undefined;
    const exited = new Promise<TrialExit>((r) => (resolve = r));
    const job: FollowedJob = { trialId: request.trialId, jobId: handle.jobId, dir: handle.dir, tails, ...(store ? { store } : {}), ...(lease ? { lease } : {}), resolve };
    this.jobs.set(handle.jobId, job);
    this.startPolling();
    await this.poll();
    const stop = async (reason: StopReason): Promise<TrialExit> => {
      if (!job.ending) {
        job.stopReason ??= reason;
        await this.login.run(this.commands.scancel, [job.jobId]);
      }
      return exited;
    };
    return { pid: Number(handle.jobId), handle, exited, stop };
  }

  /** The tail of the attempt's MLflow file store, read from its first line (a re-attach too: the runner skips what it journaled). */
  private storeTail(request: LaunchRequest, dir: string): MlflowFileStoreTail | undefined {
    const onMetric = request.onMetric?.bind(request);
    if (onMetric === undefined) return undefined;
    let failed = false;
    const metric = (report: MetricReport): void => {
      if (failed) return;
      try {
        onMetric(report);
      } catch (error) {
        failed = true;
        this.log?.(`trial ${request.trialId}: the MLflow metric handler failed, later values are not reported: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const param = request.onParam?.bind(request);
    const tag = request.onTag?.bind(request);
    return new MlflowFileStoreTail(request.trialId, join(dir, MLFLOW_STORE_FOLDER), this.login, {
      metric,
      ...(param !== undefined ? { param } : {}),
      ...(tag !== undefined ? { tag } : {}),
    }, (message) => this.log?.(message));
  }

  async reattach(handle: TrialHandle, request: LaunchRequest): Promise<LaunchedTrial | 'gone'> {
    if (!isSlurmHandle(handle)) return 'gone';
    const queued = await this.squeue([handle.jobId]);
    if (queued !== undefined && !queued.has(handle.jobId)) {
      const known = (await readExitFile(this.login, handle.dir)) !== undefined || (await askSlurm(this.login, this.commands, handle.jobId)) !== undefined;
      if (!known) return 'gone';
    }
    const base = (value: unknown): number => (typeof value === 'number' ? value : 0);
    const skipOut = Math.max(0, (await sizeOf(request.stdoutPath)) - base(handle.stdoutBase));
    const skipErr = Math.max(0, (await sizeOf(request.stderrPath)) - base(handle.stderrBase));
    const lease = this.table.tryAcquire();
    const trial = await this.follow(request, handle, lease, skipOut, skipErr);
    const placement = this.shownPlacement(handle.jobId) ?? { target: this.target, ...(lease ? { slot: lease.index } : {}), jobId: handle.jobId };
    return { ...trial, placement };
  }

  private startPolling(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  /** One squeue call for every followed job; undefined when squeue itself failed. */
  private async squeue(ids: readonly string[]): Promise<Map<string, QueuedJob> | undefined> {
    const result = await this.login.run(this.commands.squeue, ['-h', '-j', ids.join(','), '-o', SQUEUE_FORMAT]);
    if (result.code === 0) return parseSqueue(result.stdout);
    // All ids purged from the controller: squeue says so and exits 1; they are simply all gone.
    if (/Invalid job id/i.test(result.stderr)) return new Map();
    return undefined;
  }

  private poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const jobs = [...this.jobs.values()].filter((job) => !job.ending);
    if (jobs.length === 0) return;
    const queued = await this.squeue(jobs.map((job) => job.jobId));
    const moved: FollowedJob[] = [];
    // Output of every job that is not waiting in the queue (a pending job has written nothing),
    // read together: over SSH each read is a round trip through the shared master.
    const started = jobs.filter((job) => queued?.get(job.jobId)?.state !== 'PENDING');
    // Their MLflow file stores: one listing for all, then only the metric files that grew are read.
    const stores = started.flatMap((job) => (job.store ? [job.store] : []));
    const storesRead = stores.length === 0 ? undefined : this.login.listFiles(stores.flatMap((store) => store.patterns)).then((listing) => Promise.all(stores.map((store) => store.pump(listing))));
    await Promise.all([...started.flatMap((job) => job.tails.map((tail) => tail.pump())), storesRead]);
    for (const job of jobs) {
      if (queued === undefined) continue; // The controller did not answer: ask again next poll.
      const now = queued.get(job.jobId);
      if (now === undefined) {
        void this.finish(job);
        continue;
      }
      if (now.state === 'PENDING' && now.reason !== undefined && (now.state !== job.queued?.state || now.reason !== job.queued.reason)) {
        this.log?.(`trial ${job.trialId} (Slurm job ${job.jobId}) waits: ${now.reason}`);
      }
      job.queued = now;
      if (job.shownKey !== undefined && placementKey(now) !== job.shownKey) {
        job.shownKey = placementKey(now);
        moved.push(job);
      }
    }
    for (const job of moved) {
      const placement = this.placementOf(job);
      for (const listener of this.listeners) listener(job.trialId, placement);
    }
  }

  private async finish(job: FollowedJob): Promise<void> {
    job.ending = true;
    let exitFile = await readExitFile(this.login, job.dir);
    const ended = exitFile === undefined || job.stopReason !== undefined ? await askSlurm(this.login, this.commands, job.jobId) : undefined;
    exitFile ??= await readExitFile(this.login, job.dir);
    await Promise.all([...job.tails.map((tail) => tail.close()), job.store?.pump()]);
    const unseen = exitFile === undefined && job.stopReason === undefined && ended?.node !== undefined && !HOST_FAILURE_STATES.has(ended.state) && (await this.login.size(join(job.dir, 'stdout.log'))) === undefined;
    this.jobs.delete(job.jobId);
    job.lease?.release();
    if (this.jobs.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    const exit = exitFrom(job.jobId, exitFile, ended, job.stopReason);
    job.resolve(unseen ? { ...exit, error: sharedDirUnseenMessage(this.definition, job.jobId, ended?.node ?? '?', job.dir) } : exit);
  }

  /** Stops polling. Jobs keep running in Slurm (resume re-attaches). */
  async dispose(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.login.close().catch(() => undefined);
    if (this.controlDir !== undefined) await removeControlDir(this.controlDir).catch(() => undefined);
  }
}

function failed(error: string): LaunchedTrial {
  const exited = Promise.resolve<TrialExit>({ exitCode: null, signal: null, error });
  return { pid: undefined, exited, stop: () => exited };
}
