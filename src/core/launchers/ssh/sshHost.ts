/**
 * One SSH host: a multiplexed master connection that we own as a child process, and every remote
 * command, stream and tunnel sent through it. Opening the master before any concurrent use avoids
 * the `ControlMaster=auto` race; capping concurrent sessions below sshd's `MaxSessions` (10)
 * avoids ssh's silent fallback to extra logins (remote-execution.md §3.2).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stat, unlink } from 'node:fs/promises';
import { Socket } from 'node:net';
import { controlArgs, execArgs, masterArgs, parseHostSpec, resolveConfigArgs, rsyncRemoteShell, type SshConnectionOptions } from './sshArgs';
import { classifySshFailure, explainUnknownHostKey, runCapture, SshError, sshStderrSummary } from './sshErrors';


/** How long a reverse tunnel waits for the remote port an earlier runner of the sweep used. */
const PREFERRED_PORT_WAIT_MS = 15_000;
export type { SshConnectionOptions } from './sshArgs';
export { SshError } from './sshErrors';

export interface ExecResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Concurrent sessions (exec + spawn) per master; sshd's default `MaxSessions` is 10. */
export const MAX_SESSIONS_PER_MASTER = 8;

export class SshHost {
  readonly host: string;
  private readonly options: SshConnectionOptions;
  private master: ChildProcess | undefined;
  private opening: Promise<void> | undefined;
  private masterStderr = '';
  private readonly exitListeners: (() => void)[] = [];
  private inUse = 0;
  private execsRunning = 0;
  private readonly waiting: (() => void)[] = [];
  private closed = false;
  private socketPath: string | undefined;

  constructor(host: string, options: SshConnectionOptions) {
    this.host = host;
    this.options = options;
  }

  private get ssh(): string {
    return this.options.sshPath ?? 'ssh';
  }

  /** Sessions open through the master right now (execs and spawned streams). */
  get sessionsInUse(): number {
    return this.inUse;
  }

  /**
   * Starts the master (once; later calls share the first attempt, and a call after the master
   * died starts a new one). Resolves when the control socket accepts clients; throws an
   * {@link SshError} naming the host and the fix when ssh cannot connect.
   */
  open(): Promise<void> {
    if (this.closed) return Promise.reject(new SshError(this.host, 'other', `The connection to ${this.host} was closed.`, 'Open a new one.'));
    if (this.opening) return this.opening;
    const opening = this.startMaster();
    this.opening = opening;
    // A failed attempt must not be cached: the next call retries.
    opening.catch(() => {
      if (this.opening === opening) this.opening = undefined;
    });
    return opening;
  }

  private async startMaster(): Promise<void> {
    const socket = await this.controlSocketPath();
    // A socket left by a master that was SIGKILLed would make the new master give up multiplexing.
    await unlink(socket).catch(() => undefined);
    // stdin stays an open pipe for the master's whole life (see masterArgs): never end it but in close().
    const child = spawn(this.ssh, masterArgs(this.host, this.options), { stdio: ['pipe', 'ignore', 'pipe'] });
    child.stdin?.on('error', () => undefined);
    // The master alone must not keep the runner alive: if the runner exits without close(), its end
    // of the stdin pipe closes and the master ends by itself.
    child.unref();
    for (const stream of [child.stdin, child.stderr]) if (stream instanceof Socket) stream.unref();
    this.master = child;
    this.masterStderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      // Keep the tail only: a long-lived master may log a warning now and then.
      this.masterStderr = (this.masterStderr + d).slice(-8192);
    });
    let exited = false;
    const exitedPromise = new Promise<number | null>((resolve) => {
      child.on('error', (error) => {
        this.masterStderr += `\n${error.message}`;
      });
      child.on('close', (code) => {
        exited = true;
        if (this.master === child) {
          this.master = undefined;
          this.opening = undefined;
        }
        resolve(code);
        for (const listener of this.exitListeners) listener();
      });
    });
    // The master creates its control socket only after authentication succeeded.
    const deadline = Date.now() + ((this.options.connectTimeoutSec ?? 10) + 20) * 1000;
    while (!exited) {
      if (await isSocket(socket)) return;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        break;
      }
      await delay(20);
    }
    const code = await exitedPromise;
    const error = classifySshFailure(this.host, code ?? 255, this.masterStderr)
      ?? new SshError(this.host, 'timeout', `The connection to ${this.host} did not come up (${sshStderrSummary(this.masterStderr) || `ssh exited with ${String(code)}`}).`, `Run \`ssh -v ${this.host} true\` to see why.`);
    throw await explainUnknownHostKey(error, this.options);
  }

  /** The master's control socket (ssh expands `%C` itself: ask it). */
  private async controlSocketPath(): Promise<string> {
    if (this.socketPath !== undefined) return this.socketPath;
    const { stdout, stderr } = await runCapture(this.ssh, resolveConfigArgs(this.host, this.options));
    const path = /^controlpath (.*)$/m.exec(stdout)?.[1]?.trim();
    if (path === undefined) {
      throw new SshError(this.host, 'other', `ssh could not read the settings for ${this.host} (${sshStderrSummary(stderr)}).`, `Run \`ssh -G ${this.host}\` to see why (a typo in the ssh config file?).`);
    }
    this.socketPath = path;
    return path;
  }

  private async acquire(isExec: boolean): Promise<void> {
    // One exec may always go even when streams hold every slot (ssh then opens its own connection):
    // long-lived streams must never starve short commands forever.
    while (!(this.inUse < MAX_SESSIONS_PER_MASTER || (isExec && this.execsRunning === 0))) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.inUse += 1;
    if (isExec) this.execsRunning += 1;
  }

  private release(isExec: boolean): void {
    this.inUse -= 1;
    if (isExec) this.execsRunning -= 1;
    const waiters = this.waiting.splice(0);
    for (const wake of waiters) wake();
  }

  /**
   * Runs one remote command string (built by the caller, every value quoted with
   * `quoteForPosixShell`) through the master and collects its output. Resolves with the remote
   * exit status; rejects with an {@link SshError} when ssh itself failed (status 255 with one of
   * ssh's own messages) or when `timeoutMs` passed (the local ssh is killed; the remote command
   * may still run).
   */
  async exec(script: string, options: { stdin?: string | Buffer; timeoutMs?: number } = {}): Promise<ExecResult> {
    await this.open();
    await this.acquire(true);
    try {
      const result = await new Promise<ExecResult & { timedOut: boolean }>((resolve) => {
        const child = spawn(this.ssh, execArgs(this.host, this.options, script), { stdio: ['pipe', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let timedOut = false;
        child.stdout.on('data', (d: Buffer) => out.push(d));
        child.stderr.on('data', (d: Buffer) => err.push(d));
        const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs);
        child.on('error', (error) => err.push(Buffer.from(`\n${error.message}`)));
        const finish = (code: number | null): void => {
          if (timer) clearTimeout(timer);
          resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
        };
        child.on('close', finish);
        // A mux client hands its stdio to the master, which keeps our pipes open until the remote
        // command ends: after a timeout kill, 'close' could wait that long, so 'exit' is enough.
        child.on('exit', (code) => {
          if (timedOut) finish(code);
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.stdin ?? '');
      });
      if (result.timedOut) {
        throw new SshError(this.host, 'timeout', `A command on ${this.host} did not finish within ${String(options.timeoutMs)} ms.`, 'Check that the host is responsive (load, full disk, frozen filesystem).');
      }
      const failure = classifySshFailure(this.host, result.code, result.stderr);
      if (failure) throw failure.kind === 'host-key-unknown' ? await explainUnknownHostKey(failure, this.options) : failure;
      return { code: result.code, stdout: result.stdout, stderr: result.stderr };
    } finally {
      this.release(true);
    }
  }

  /**
   * Starts a long-lived remote command (a `tail -F`, a tar upload) through the master and returns
   * the local ssh process with piped stdio. Killing the returned process does not stop the remote
   * command (the master keeps the session): give it an end of its own (`tail --pid`, stdin EOF). It holds a session slot until it exits; it starts at
   * once even when every slot is taken (ssh then opens its own connection), so keep long-lived
   * streams below {@link MAX_SESSIONS_PER_MASTER}. Call {@link open} first.
   */
  spawn(script: string): ChildProcess {
    this.inUse += 1;
    const child = spawn(this.ssh, execArgs(this.host, this.options, script), { stdio: ['pipe', 'pipe', 'pipe'] });
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.release(false);
    };
    // 'exit', not 'close': a killed mux client's pipes stay open in the master until the remote
    // command ends (remote-execution.md §3.5); the caller stops the remote side itself.
    child.on('exit', release);
    child.on('error', release);
    return child;
  }

  /**
   * Adds a reverse tunnel to the master: connections to the returned port on the host's
   * 127.0.0.1 reach `127.0.0.1:localPort` here. The port is `preferredRemotePort` when that one is
   * free, else one sshd picks.
   */
  async forwardRemote(localPort: number, preferredRemotePort?: number): Promise<number> {
    await this.open();
    if (preferredRemotePort !== undefined) {
      // The port an earlier runner used: trials it started (and this runner re-attaches) call it.
      // A runner killed a moment ago leaves its master holding the port until that master's last
      // session notices (within a keep-alive or two), so the port is asked for a while.
      const deadline = Date.now() + PREFERRED_PORT_WAIT_MS;
      for (;;) {
        const fixed = await runCapture(this.ssh, controlArgs(this.host, this.options, 'forward', ['-R', `${preferredRemotePort}:127.0.0.1:${localPort}`]));
        if (fixed.code === 0) return preferredRemotePort;
        if (Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    const { code, stdout, stderr } = await runCapture(this.ssh, controlArgs(this.host, this.options, 'forward', ['-R', `0:127.0.0.1:${localPort}`]));
    const port = Number(stdout.trim());
    if (code !== 0 || !Number.isInteger(port) || port <= 0) {
      throw new SshError(this.host, 'other', `Could not open a reverse tunnel on ${this.host} (${sshStderrSummary(stderr) || `ssh exited with ${String(code)}`}).`,
        'Allow TCP forwarding for your user on that host (`AllowTcpForwarding yes` in its sshd_config).', sshStderrSummary(stderr));
    }
    return port;
  }

  /** Whether the master is alive and answers (`ssh -O check`); false when it was never opened. */
  async check(): Promise<boolean> {
    if (this.master === undefined) return false;
    const { code } = await runCapture(this.ssh, controlArgs(this.host, this.options, 'check'), undefined, 10_000);
    return code === 0;
  }

  /** Called every time the master process ends (closed, killed, host lost). */
  onMasterExit(listener: () => void): void {
    this.exitListeners.push(listener);
  }

  /** Ends the master (`-O exit`, then SIGTERM/SIGKILL to our child if needed) and waits for it. */
  async close(): Promise<void> {
    this.closed = true;
    const child = this.master;
    if (child === undefined) return;
    const gone = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('close', () => resolve());
    });
    await runCapture(this.ssh, controlArgs(this.host, this.options, 'exit'), undefined, 5_000);
    child.stdin?.end();
    const term = setTimeout(() => child.kill('SIGTERM'), 1_000);
    const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await gone;
    clearTimeout(term);
    clearTimeout(kill);
  }

  /**
   * Runs `fn` (which starts its own ssh through the master, e.g. rsync's `-e` shell) holding one
   * session slot, so it counts toward the cap like an exec.
   */
  async withSession<T>(fn: () => Promise<T>): Promise<T> {
    await this.open();
    await this.acquire(true);
    try {
      return await fn();
    } finally {
      this.release(true);
    }
  }

  /** rsync's `-e` value: this host's ssh command line, through the master. */
  rsyncRemoteShell(): string {
    return rsyncRemoteShell(this.host, this.options);
  }

  /** The host as rsync's `HOST:path` wants it (no `:port`; the port is in {@link rsyncRemoteShell}). */
  rsyncDestination(): string {
    const destination = parseHostSpec(this.host).destination;
    return destination.includes(':') ? `[${destination}]` : destination;
  }

  /** The master's process id (for tests and diagnostics). */
  get masterPid(): number | undefined {
    return this.master?.pid;
  }
}

async function isSocket(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isSocket();
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
