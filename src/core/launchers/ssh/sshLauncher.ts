/**
 * Runs trials on a pool of SSH hosts (a `type: ssh` target). How a trial starts on a host:
 * `prepare()` opens one master connection per host, probes it, uploads the supervisor
 * (supervisor.ts) and the code snapshot, and opens one reverse tunnel to the sweep's MLflow
 * endpoint; `launch()` takes the lowest free slot (host x GPUs, slotTable.ts) on a host that is up,
 * writes the trial's quoted `env.sh`/`argv.sh` into a fresh remote trial folder and has the
 * supervisor start it detached; remoteTrial.ts then streams its output back and reads its exit
 * file. Trials outlive the runner: a lease file the runner touches keeps them alive, `reattach()`
 * finds them again after a restart, and `dispose()` never stops them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { sanitizeName } from '../../journal/layout';
import type { SshTarget } from '../../targets/model';
import { gpuEnvironment } from '../gpuSlots';
import { TargetUnavailableError, type LaunchedTrial, type Launcher, type LaunchRequest, type Placement, type SweepContext, type TrialExit, type TrialHandle } from '../launcher';
import { openLogSink, type LogSink } from '../logSink';
import { snapshotCodeFolder, largeUploadWarning } from './codeSnapshot';
import { syncSnapshot } from './codeSync';
import { HostHealth, type HostState } from './hostHealth';
import { expandRemotePath, probeHost } from './probe';
import { RemoteTrial } from './remoteTrial';
import { hostSlots, SlotTable, type PoolSlot } from './slotTable';
import { createControlDir, removeControlDir } from './sshArgs';
import { SshError, SshHost, type SshConnectionOptions } from './sshHost';
import { installSupervisorCommand, SUPERVISOR_SCRIPT, supervisorCommand, trialFiles, writeFilesScript } from './supervisor';
import { quoteForPosixShell } from '../../shell/quote';

/** Options for {@link SshLauncher}; the defaults suit production, tests shorten the times. */
export interface SshLauncherOptions {
  readonly sshPath?: string;
  /** Folder for the control sockets (default: a fresh private one, removed by `dispose`). */
  readonly controlDir?: string;
  /** Connection settings over the target's (keep-alives, host key policy). */
  readonly connection?: Partial<SshConnectionOptions>;
  /** How long a host may stay silent before it is down and its trials are re-run. Default 60 s. */
  readonly hostDownGraceMs?: number;
  /** How often each master is checked. Default 15 s. */
  readonly checkIntervalMs?: number;
  /** Remote trials end by themselves when the runner has not renewed the lease for this long. Default 600 s; 0 = never. */
  readonly leaseTtlSec?: number;
}

/**
 * Defaults from the environment, for tests and for users who need other timings without a
 * setting: `HYPERSWEEP_SSH_DOWN_GRACE_MS`, `HYPERSWEEP_SSH_CHECK_MS`, `HYPERSWEEP_SSH_LEASE_TTL_SEC`,
 * `HYPERSWEEP_SSH_ALIVE_SEC` (ssh's ServerAliveInterval; a frozen host is noticed after 3 of them).
 */
export function sshLauncherOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SshLauncherOptions {
  const read = (name: string): number | undefined => {
    const value = Number(env[name]);
    return env[name] !== undefined && env[name] !== '' && Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const grace = read('HYPERSWEEP_SSH_DOWN_GRACE_MS');
  const check = read('HYPERSWEEP_SSH_CHECK_MS');
  const ttl = read('HYPERSWEEP_SSH_LEASE_TTL_SEC');
  const alive = read('HYPERSWEEP_SSH_ALIVE_SEC');
  // The `hypersweep.ssh.path` setting reaches the detached runner this way (it reads no settings).
  const sshPath = env['HYPERSWEEP_SSH_PATH'];
  return {
    ...(sshPath !== undefined && sshPath.trim() !== '' ? { sshPath: sshPath.trim() } : {}),
    ...(grace !== undefined ? { hostDownGraceMs: grace } : {}),
    ...(check !== undefined ? { checkIntervalMs: check } : {}),
    ...(ttl !== undefined ? { leaseTtlSec: Math.round(ttl) } : {}),
    ...(alive !== undefined && alive >= 1 ? { connection: { serverAliveIntervalSec: Math.round(alive), serverAliveCountMax: 3, connectTimeoutSec: Math.max(2, Math.round(alive) * 3) } } : {}),
  };
}

/** One prepared host. */
interface PoolHost {
  readonly ssh: SshHost;
  readonly health: HostHealth;
  readonly workRoot: string;
  readonly snapshotDir: string;
  /** Remote port of the MLflow tunnel, when it could be opened. */
  readonly trackingPort: number | undefined;
}

/** The `ssh` handle journaled with `trial-started`. */
interface SshHandle extends TrialHandle {
  readonly kind: 'ssh';
  readonly host: string;
  readonly pid: number;
  readonly startTime: string;
  readonly dir: string;
  readonly slot: number;
  readonly workRoot: string;
  /** Local log sizes before this attempt's first byte (re-attach continues the logs from there). */
  readonly stdoutBase: number;
  readonly stderrBase: number;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failedTrial(exit: TrialExit): LaunchedTrial {
  const exited = Promise.resolve(exit);
  return { pid: undefined, exited, stop: () => exited };
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function asSshHandle(handle: TrialHandle): SshHandle | undefined {
  const h = handle as Partial<SshHandle>;
  const ok = h.kind === 'ssh' && typeof h.host === 'string' && typeof h.pid === 'number' && typeof h.startTime === 'string' &&
    typeof h.dir === 'string' && typeof h.slot === 'number' && typeof h.workRoot === 'string';
  if (!ok) return undefined;
  const full = h as SshHandle;
  return { ...full, stdoutBase: typeof h.stdoutBase === 'number' ? h.stdoutBase : 0, stderrBase: typeof h.stderrBase === 'number' ? h.stderrBase : 0 };
}

/** The launcher for one SSH target. */
export class SshLauncher implements Launcher {
  readonly target: string;
  private readonly hosts = new Map<string, PoolHost>();
  private readonly table = new SlotTable();
  private readonly trials = new Set<RemoteTrial>();
  private readonly listeners: (() => void)[] = [];
  private context: SweepContext | undefined;
  private snapshotHash: string | undefined;
  private ownControlDir: string | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly options: SshLauncherOptions;
  /** Trials given up on while their host was down: killed when it answers again (no duplicate work). */
  private readonly abandoned = new Map<string, { workRoot: string; dir: string }[]>();

  constructor(
    private readonly definition: SshTarget,
    options: SshLauncherOptions = {},
  ) {
    this.target = definition.name;
    const fromEnv = sshLauncherOptionsFromEnv();
    this.options = { ...fromEnv, ...options, connection: { ...fromEnv.connection, ...options.connection } };
  }

  /** Slots of every prepared host (before `prepare`, one per configured host as a placeholder). */
  get slots(): number {
    return this.table.size > 0 ? this.table.size : Math.max(1, this.definition.hosts.length);
  }

  available(): number {
    return this.table.count((host) => this.usable(host));
  }

  onAvailabilityChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private usable(host: string): boolean {
    return this.hosts.get(host)?.health.state === 'up';
  }

  private get leaseTtlSec(): number {
    return this.options.leaseTtlSec ?? 600;
  }

  private leaseFile(workRoot: string): string {
    const context = this.context;
    const sweep = context === undefined ? 'sweep' : `${sanitizeName(context.sweepName)}-${createHash('sha256').update(context.sweepDir).digest('hex').slice(0, 8)}`;
    return `${workRoot}/leases/${sweep}`;
  }

  async prepare(context: SweepContext): Promise<void> {
    this.context = context;
    const log = context.log ?? (() => undefined);
    const controlDir = this.options.controlDir ?? (this.ownControlDir = await createControlDir());
    const connection: SshConnectionOptions = {
      ...(this.definition.ssh_config !== undefined ? { configFile: this.definition.ssh_config } : {}),
      ...(this.options.sshPath !== undefined ? { sshPath: this.options.sshPath } : {}),
      controlDir,
      ...this.options.connection,
    };
    const snapshot = await snapshotCodeFolder(context.codeDir);
    this.snapshotHash = snapshot.hash;
    const warning = largeUploadWarning(snapshot);
    if (warning !== undefined) log(warning);

    const results = await Promise.all(
      this.definition.hosts.map(async (setting) => {
        const ssh = new SshHost(setting.host, connection);
        try {
          await ssh.open();
          const probe = await probeHost(ssh);
          const workRoot = expandRemotePath(this.definition.work_root, probe).replace(/\/+$/, '');
          const layout = hostSlots(this.definition, setting, probe.gpus.map((gpu) => gpu.index));
          const install = await ssh.exec(installSupervisorCommand(workRoot), { stdin: SUPERVISOR_SCRIPT, timeoutMs: 30_000 });
          if (install.code !== 0) throw new Error(`could not install the trial supervisor under ${workRoot}/bin: ${install.stderr.trim()}`);
          const sync = await syncSnapshot(ssh, snapshot, context.codeDir, workRoot, probe);
          const lease = this.leaseFile(workRoot);
          await ssh.exec(`mkdir -p ${quoteForPosixShell(dirname(lease))} && touch ${quoteForPosixShell(lease)}`, { timeoutMs: 30_000 });
          let trackingPort: number | undefined;
          try {
            // Same remote port as the sweep's earlier runner when it is free, so trials that runner
            // started (re-attached now) still reach the endpoint at the MLFLOW_TRACKING_URI they have.
            const portFile = `${lease}.mlflow-port`;
            const previous = Number((await ssh.exec(`cat ${quoteForPosixShell(portFile)} 2>/dev/null || true`, { timeoutMs: 30_000 })).stdout.trim());
            trackingPort = await ssh.forwardRemote(context.trackingPort, Number.isInteger(previous) && previous > 0 && previous < 65536 ? previous : undefined);
            await ssh.exec(`echo ${trackingPort} > ${quoteForPosixShell(portFile)}`, { timeoutMs: 30_000 });
          } catch (error) {
            log(`${setting.host}: ${describe(error)} mlflow.log_metric will not reach HyperSweep from there; stdout metrics still work.`);
          }
          const gpuText = probe.gpus.length > 0 ? `, GPUs ${probe.gpus.map((gpu) => `${gpu.index} ${gpu.name}`).join('; ')}` : '';
          log(`${setting.host}: ${layout.length} slot(s)${gpuText}, code ${snapshot.hash} (${sync.method}, ${sync.ms} ms)`);
          return { ok: true as const, setting, ssh, workRoot, snapshotDir: sync.remoteDir, trackingPort, layout };
        } catch (error) {
          const message = error instanceof SshError ? error.message : `${setting.host}: ${describe(error)}`;
          log(`${setting.host} is withdrawn from target ${this.target}: ${message}`);
          await ssh.close().catch(() => undefined);
          return { ok: false as const, setting, error: message };
        }
      }),
    );
    const failures: string[] = [];
    for (const result of results) {
      if (!result.ok) {
        failures.push(result.error);
        continue;
      }
      const { ssh, setting } = result;
      const health = new HostHealth(ssh, {
        graceMs: this.options.hostDownGraceMs ?? 60_000,
        checkIntervalMs: this.options.checkIntervalMs ?? 15_000,
        onChange: (state, reason) => this.hostChanged(setting.host, state, reason),
      });
      this.hosts.set(setting.host, { ssh, health, workRoot: result.workRoot, snapshotDir: result.snapshotDir, trackingPort: result.trackingPort });
      this.table.addHost(setting.host, result.layout);
    }
    if (this.hosts.size === 0) {
      throw new TargetUnavailableError(`no host of target ${this.target} can be used:\n${failures.map((failure) => `- ${failure}`).join('\n')}`);
    }
    this.renewLeases();
  }

  private hostChanged(host: string, state: HostState, reason: string): void {
    this.context?.log?.(`host ${host} is ${state} (${reason})${state === 'down' ? ': its slots are withdrawn until it answers again' : ''}`);
    const pool = this.hosts.get(host);
    const leftovers = this.abandoned.get(host);
    if (state === 'up' && pool !== undefined && leftovers !== undefined) {
      this.abandoned.delete(host);
      // Their outcome was already reported (host failure) and they run again elsewhere.
      for (const trial of leftovers) {
        void pool.ssh.exec(supervisorCommand(trial.workRoot, 'stop', [trial.dir, 'KILL']), { timeoutMs: 10_000 }).catch(() => undefined);
      }
    }
    for (const listener of this.listeners) listener();
  }

  /** Touches every host's lease now and then, so trials know the runner is still there. */
  private renewLeases(): void {
    if (this.leaseTtlSec <= 0 || this.disposed) return;
    const every = Math.max(250, Math.min(30_000, (this.leaseTtlSec * 1000) / 3));
    this.leaseTimer = setTimeout(() => {
      void Promise.all(
        [...this.hosts.values()]
          .filter((host) => host.health.state === 'up')
          .map((host) => host.ssh.exec(`touch ${quoteForPosixShell(this.leaseFile(host.workRoot))}`, { timeoutMs: 10_000 }).catch((error: unknown) => host.health.suspect(describe(error)))),
      ).finally(() => this.renewLeases());
    }, every);
    this.leaseTimer.unref();
  }

  /** The trial's environment on the host: target env, the runner's, GPUs, host, remote paths. */
  private trialEnvironment(request: LaunchRequest, slot: PoolSlot, host: PoolHost, remoteDir: string): Record<string, string> {
    const localDir = dirname(request.stdoutPath);
    const env: Record<string, string> = {
      ...this.definition.env,
      ...request.env,
      ...(slot.gpus.length > 0 ? gpuEnvironment(slot.gpus) : { HYPERSWEEP_GPUS: '' }),
      HYPERSWEEP_HOST: slot.host,
      HYPERSWEEP_TRIAL_DIR: remoteDir,
    };
    for (const [name, value] of Object.entries(env)) env[name] = value.split(localDir).join(remoteDir);
    const uri = env['MLFLOW_TRACKING_URI'];
    if (uri !== undefined && host.trackingPort !== undefined) {
      try {
        const url = new URL(uri);
        if (url.port === String(this.context?.trackingPort)) {
          url.hostname = '127.0.0.1';
          url.port = String(host.trackingPort);
          env['MLFLOW_TRACKING_URI'] = url.toString().replace(/\/$/, uri.endsWith('/') ? '/' : '');
        }
      } catch {
        // Not a URL we made: leave it as the user wrote it.
      }
    }
    return env;
  }

  /** Remote working directory: the request's folder inside the code snapshot. */
  private remoteCwd(request: LaunchRequest, host: PoolHost): string {
    const codeDir = this.context?.codeDir;
    if (codeDir === undefined) return host.snapshotDir;
    const inside = relative(codeDir, request.cwd);
    return inside === '' || inside.startsWith('..') || inside.startsWith('/') ? host.snapshotDir : `${host.snapshotDir}/${inside.split('\\').join('/')}`;
  }

  async launch(request: LaunchRequest): Promise<LaunchedTrial> {
    if (this.context === undefined || this.disposed) {
      return failedTrial({ exitCode: null, signal: null, error: `target ${this.target} is not prepared: the runner must call prepare() first` });
    }
    const slot = this.table.take((host) => this.usable(host));
    if (slot === undefined) {
      return failedTrial({ exitCode: null, signal: null, error: `every slot of target ${this.target} on a host that answers is taken` });
    }
    const host = this.hosts.get(slot.host) as PoolHost;
    const localDir = dirname(request.stdoutPath);
    const remoteDir = `${host.workRoot}/runs/${this.leaseFile('').split('/').pop() ?? 'sweep'}/${sanitizeName(request.trialId)}.${request.attempt ?? 1}-${randomBytes(3).toString('hex')}`;
    const release = (): void => this.table.release(slot.index);

    let script: string;
    try {
      const outputs = await readdir(`${localDir}/outputs`).catch(() => [] as string[]);
      const files = trialFiles({
        argv: request.argv.map((word) => word.split(localDir).join(remoteDir)),
        cwd: this.remoteCwd(request, host),
        env: this.trialEnvironment(request, slot, host, remoteDir),
        setup: this.definition.setup,
        leaseFile: this.leaseFile(host.workRoot),
        leaseTtlSec: this.leaseTtlSec,
      });
      script = writeFilesScript(remoteDir, files, [`${remoteDir}/outputs`, ...outputs.map((name) => `${remoteDir}/outputs/${name}`)]) +
        `touch ${quoteForPosixShell(this.leaseFile(host.workRoot))}\n` +
        `exec ${supervisorCommand(host.workRoot, 'start', [remoteDir])}\n`;
    } catch (error) {
      release();
      return failedTrial({ exitCode: null, signal: null, error: `trial ${request.trialId} cannot be sent to ${slot.host}: ${describe(error)}` });
    }

    const sinks: LogSink[] = [];
    try {
      sinks.push(await openLogSink(request.stdoutPath));
      sinks.push(await openLogSink(request.stderrPath));
    } catch (error) {
      release();
      await Promise.all(sinks.map((sink) => sink.close()));
      return failedTrial({ exitCode: null, signal: null, error: describe(error) });
    }
    const [stdoutBase, stderrBase] = await Promise.all([fileSize(request.stdoutPath), fileSize(request.stderrPath)]);

    let started: RegExpExecArray | null;
    let problem: string;
    let connectionLost = false;
    try {
      const result = await host.ssh.exec('sh -s', { stdin: script, timeoutMs: 60_000 });
      started = /^(\d+) (\d+)\s*$/m.exec(result.stdout.trim().split('\n').pop() ?? '');
      problem = result.stderr.trim() || `exit ${String(result.code)}`;
      // 255 is ssh's own failure (the connection went away mid-start), not the trial's.
      connectionLost = started === null && result.code === 255;
    } catch (error) {
      release();
      await Promise.all(sinks.map((sink) => sink.close()));
      host.health.suspect(describe(error));
      return failedTrial({ exitCode: null, signal: null, hostFailure: `host ${slot.host} did not answer when the trial was started: ${describe(error)}` });
    }
    if (started === null) {
      release();
      await Promise.all(sinks.map((sink) => sink.close()));
      if (connectionLost) {
        // The host, not the trial: its outcome is unknown and it runs again on a host that answers.
        host.health.suspect(problem);
        return failedTrial({ exitCode: null, signal: null, hostFailure: `host ${slot.host} stopped answering while the trial was started (${problem})` });
      }
      return failedTrial({ exitCode: null, signal: null, error: `the trial could not be started on ${slot.host}: ${problem}` });
    }
    const handle: SshHandle = {
      kind: 'ssh', host: slot.host, pid: Number(started[1]), startTime: started[2] ?? '0', dir: remoteDir, slot: slot.index,
      workRoot: host.workRoot, stdoutBase, stderrBase,
    };
    return this.follow(handle, host, slot, request, sinks as [LogSink, LogSink], { stdout: 0, stderr: 0 });
  }

  private follow(handle: SshHandle, host: PoolHost, slot: PoolSlot | undefined, request: LaunchRequest, sinks: [LogSink, LogSink], alreadyLogged: { stdout: number; stderr: number }): RemoteTrial {
    const placement: Placement = {
      target: this.target,
      host: handle.host,
      gpus: slot?.gpus ?? [],
      ...(this.snapshotHash !== undefined ? { snapshot: this.snapshotHash } : {}),
      slot: handle.slot,
    };
    const trial: RemoteTrial = new RemoteTrial({
      host: host.ssh,
      health: host.health,
      workRoot: handle.workRoot,
      dir: handle.dir,
      pid: handle.pid,
      startTime: handle.startTime,
      placement,
      handle,
      request,
      stdoutSink: sinks[0],
      stderrSink: sinks[1],
      alreadyLogged,
      localDir: dirname(request.stdoutPath),
      onEnd: () => {
        if (slot !== undefined) this.table.release(slot.index);
        this.trials.delete(trial);
      },
      abandon: () => this.abandoned.set(handle.host, [...(this.abandoned.get(handle.host) ?? []), { workRoot: handle.workRoot, dir: handle.dir }]),
      disposed: () => this.disposed,
    });
    this.trials.add(trial);
    return trial;
  }

  async reattach(raw: TrialHandle, request: LaunchRequest): Promise<LaunchedTrial | 'gone'> {
    const handle = asSshHandle(raw);
    const host = handle === undefined ? undefined : this.hosts.get(handle.host);
    if (handle === undefined || host === undefined || host.health.state !== 'up') return 'gone';
    let status: string;
    try {
      status = (await host.ssh.exec(supervisorCommand(handle.workRoot, 'status', [handle.dir]), { timeoutMs: 30_000 })).stdout;
    } catch {
      return 'gone';
    }
    // A trial its lease watchdog ended died while the runner was away: the runner re-runs it.
    const alive = /^alive /m.test(status) || (/^exit \d+\s*$/m.test(status) && !/ lease/.test(status));
    if (!alive) return 'gone';
    const sinks: LogSink[] = [];
    try {
      sinks.push(await openLogSink(request.stdoutPath));
      sinks.push(await openLogSink(request.stderrPath));
    } catch {
      await Promise.all(sinks.map((sink) => sink.close()));
      return 'gone';
    }
    const [stdoutSize, stderrSize] = await Promise.all([fileSize(request.stdoutPath), fileSize(request.stderrPath)]);
    const slot = this.table.hold(handle.slot, handle.host);
    return this.follow(handle, host, slot, request, sinks as [LogSink, LogSink], {
      stdout: Math.max(0, stdoutSize - handle.stdoutBase),
      stderr: Math.max(0, stderrSize - handle.stderrBase),
    });
  }

  /**
   * Removes this sweep's trial folders and lease on every host that answers: outputs came back
   * with each trial and its output streamed live, so they only served re-attaching. A host that
   * is down keeps its folders (its trials may still be ending there).
   */
  async sweepEnded(): Promise<void> {
    const sweepKey = this.leaseFile('').split('/').pop() ?? 'sweep';
    await Promise.all(
      [...this.hosts.entries()]
        .filter(([name, host]) => host.health.state === 'up' && !this.abandoned.has(name))
        .map(([, host]) => host.ssh.exec(
          `rm -rf -- ${quoteForPosixShell(`${host.workRoot}/runs/${sweepKey}`)} ${quoteForPosixShell(this.leaseFile(host.workRoot))} ${quoteForPosixShell(`${this.leaseFile(host.workRoot)}.mlflow-port`)}`,
          { timeoutMs: 30_000 },
        ).catch(() => undefined)),
    );
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.leaseTimer);
    for (const trial of this.trials) trial.detach();
    for (const host of this.hosts.values()) host.health.dispose();
    await Promise.all([...this.hosts.values()].map((host) => host.ssh.close().catch(() => undefined)));
    if (this.ownControlDir !== undefined) await removeControlDir(this.ownControlDir).catch(() => undefined);
  }
}
