/**
 * A trial running on an SSH host, as the runner sees it: its output arrives through one
 * `follow` session per trial (both streams, framed by the supervisor) and is appended to the local
 * `stdout.log`/`stderr.log`; its outcome comes from the remote exit file only, never from ssh's exit
 * status. When the stream breaks the trial is not assumed dead: the host's health decides (the
 * stream is resumed at the received byte offsets when the host answers, and the trial ends with a
 * host failure when the host is down).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import type { HostHealth } from './hostHealth';
import { exitFromStatus, FrameReader, type OutputFrame } from './outputFrames';
import type { SshHost } from './sshHost';
import { supervisorCommand } from './supervisor';
import type { LaunchedTrial, LaunchRequest, Placement, StopReason, TrialExit, TrialHandle } from '../launcher';
import type { LogSink } from '../logSink';

const DEFAULT_GRACE_MS = 5000;
const STOP_TIMEOUT_MS = 10_000;

/** Everything a followed trial needs. */
export interface RemoteTrialParts {
  readonly host: SshHost;
  readonly health: HostHealth;
  readonly workRoot: string;
  /** Remote trial folder. */
  readonly dir: string;
  readonly pid: number;
  readonly startTime: string;
  readonly placement: Placement;
  readonly handle: TrialHandle;
  readonly request: LaunchRequest;
  readonly stdoutSink: LogSink;
  readonly stderrSink: LogSink;
  /** Remote bytes already in the local logs (re-attach): passed to the callbacks, not written again. */
  readonly alreadyLogged: { readonly stdout: number; readonly stderr: number };
  /** Local trial folder that `outputs/` is unpacked into. */
  readonly localDir: string;
  /** Called once when the trial has ended (frees its slot). */
  readonly onEnd: () => void;
  /** The trial was given up on (host down): stop it for good when its host answers again. */
  readonly abandon: () => void;
  /** True once the launcher is disposed: streams stop without deciding anything. */
  readonly disposed: () => boolean;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One output stream: remote byte count, and what goes to the file and the callback. */
class StreamTarget {
  received = 0;
  private readonly pipe = new PassThrough();
  private callbackFailed = false;

  constructor(
    private readonly sink: LogSink,
    private skip: number,
    private readonly onChunk: ((chunk: Buffer) => void) | undefined,
  ) {
    sink.follow(this.pipe, undefined);
  }

  write(data: Buffer): void {
    this.received += data.length;
    if (this.skip >= data.length) this.skip -= data.length;
    else {
      this.pipe.write(this.skip > 0 ? data.subarray(this.skip) : data);
      this.skip = 0;
    }
    if (this.onChunk !== undefined && !this.callbackFailed) {
      try {
        this.onChunk(data);
      } catch (error) {
        this.callbackFailed = true;
        this.sink.note(`output handler failed, later output is only logged: ${describe(error)}`);
      }
    }
  }

  async close(): Promise<void> {
    const ended = new Promise<void>((resolve) => this.pipe.once('end', () => resolve()));
    this.pipe.end();
    this.pipe.resume();
    await ended;
    await this.sink.close();
  }
}

/** Unpacks a tar of `outputs/` into the local trial folder. */
function untar(data: Buffer, localDir: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn('tar', ['-xf', '-', '-C', localDir], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', (error) => resolve(`could not unpack the trial's outputs: ${error.message}`));
    child.once('close', (code) => resolve(code === 0 ? undefined : `could not unpack the trial's outputs (tar: ${stderr.trim() || `exit ${String(code)}`})`));
    child.stdin.on('error', () => undefined);
    child.stdin.end(data);
  });
}

type StreamEnd = { readonly kind: 'exit'; readonly exit: TrialExit } | { readonly kind: 'broken' };

/** A started (or re-attached) remote trial. */
export class RemoteTrial implements LaunchedTrial {
  readonly exited: Promise<TrialExit>;
  readonly pid: number;
  readonly processStartTime: string;
  readonly placement: Placement;
  readonly handle: TrialHandle;
  private stopReason: StopReason | undefined;
  private ended = false;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly stdout: StreamTarget;
  private readonly stderr: StreamTarget;
  private outputsError: string | undefined;
  private current: ChildProcess | undefined;

  constructor(private readonly parts: RemoteTrialParts) {
    this.pid = parts.pid;
    this.processStartTime = parts.startTime;
    this.placement = parts.placement;
    this.handle = parts.handle;
    this.stdout = new StreamTarget(parts.stdoutSink, parts.alreadyLogged.stdout, parts.request.onStdout?.bind(parts.request));
    this.stderr = new StreamTarget(parts.stderrSink, parts.alreadyLogged.stderr, parts.request.onStderr?.bind(parts.request));
    this.exited = this.run();
  }

  stop(reason: StopReason, graceMs: number = DEFAULT_GRACE_MS): Promise<TrialExit> {
    if (this.ended) return this.exited;
    this.stopReason ??= reason;
    void this.signal('TERM');
    if (this.killTimer === undefined) {
      const delay = Number.isFinite(graceMs) ? Math.max(0, graceMs) : DEFAULT_GRACE_MS;
      this.killTimer = setTimeout(() => void this.signal('KILL'), delay);
    }
    return this.exited;
  }

  private async signal(signal: 'TERM' | 'KILL'): Promise<void> {
    try {
      await this.parts.host.exec(supervisorCommand(this.parts.workRoot, 'stop', [this.parts.dir, signal]), { timeoutMs: STOP_TIMEOUT_MS });
    } catch (error) {
      // The host not answering is the health monitor's business; the exit still comes from the exit file.
      this.parts.health.suspect(describe(error));
    }
  }

  private async run(): Promise<TrialExit> {
    let exit: TrialExit;
    try {
      exit = await this.follow();
    } catch (error) {
      exit = { exitCode: null, signal: null, error: `lost track of the trial on ${this.parts.host.host}: ${describe(error)}` };
    }
    this.ended = true;
    clearTimeout(this.killTimer);
    await Promise.all([this.stdout.close(), this.stderr.close()]);
    this.parts.onEnd();
    const logError = this.parts.stdoutSink.error ?? this.parts.stderrSink.error ?? this.outputsError;
    return {
      ...exit,
      ...(exit.error === undefined && logError !== undefined ? { error: logError } : {}),
      ...(this.stopReason !== undefined ? { stopReason: this.stopReason } : {}),
    };
  }

  /** Follows the output until the exit file's status arrives, resuming after broken streams. */
  private async follow(): Promise<TrialExit> {
    const host = this.parts.host.host;
    for (;;) {
      const end = await this.streamOnce();
      if (end.kind === 'exit') return end.exit;
      if (this.parts.disposed()) return { exitCode: null, signal: null, error: `the runner stopped following the trial on ${host}` };
      this.parts.health.suspect('a trial output stream ended early');
      const state = await this.parts.health.settled();
      if (state === 'down') {
        this.parts.abandon();
        return { exitCode: null, signal: null, hostFailure: `host ${host} stopped answering (${this.parts.health.reason || 'no answer'}); the trial's outcome is unknown` };
      }
      // Up again (or the stream broke for another reason): continue at the received offsets.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private streamOnce(): Promise<StreamEnd> {
    return new Promise<StreamEnd>((resolve) => {
      const command = supervisorCommand(this.parts.workRoot, 'follow', [this.parts.dir, String(this.stdout.received), String(this.stderr.received)]);
      let child: ChildProcess;
      try {
        child = this.parts.host.spawn(command);
        this.current = child;
      } catch {
        resolve({ kind: 'broken' });
        return;
      }
      const reader = new FrameReader();
      let result: StreamEnd | undefined;
      const pending: Promise<void>[] = [];
      const take = (frame: OutputFrame): void => {
        switch (frame.kind) {
          case 'stdout':
            this.stdout.write(frame.data);
            break;
          case 'stderr':
            this.stderr.write(frame.data);
            break;
          case 'outputs':
            pending.push(untar(frame.data, this.parts.localDir).then((problem) => void (this.outputsError ??= problem)));
            break;
          case 'exit': {
            const { exitCode, signal } = exitFromStatus(frame.status.code);
            result = frame.status.lease
              ? { kind: 'exit', exit: { exitCode, signal, error: `the trial was ended on ${this.parts.host.host} by its lease watchdog (the runner did not renew the lease in time)` } }
              : { kind: 'exit', exit: { exitCode, signal } };
            break;
          }
          case 'gone':
            result = { kind: 'exit', exit: { exitCode: null, signal: null, error: `the trial's process on ${this.parts.host.host} ended without an exit status (killed outside HyperSweep?)` } };
            break;
          case 'keepalive':
            break;
        }
      };
      child.stdout?.on('data', (chunk: Buffer) => {
        try {
          for (const frame of reader.push(chunk)) take(frame);
        } catch {
          child.kill('SIGKILL');
        }
      });
      child.stderr?.resume();
      child.stdin?.on('error', () => undefined);
      child.once('error', () => undefined);
      child.once('close', () => {
        void Promise.all(pending).then(() => resolve(result ?? { kind: 'broken' }));
      });
    });
  }

  /** Stops following (dispose): the remote follow loop ends by itself at its next keep-alive. */
  detach(): void {
    this.current?.kill('SIGKILL');
  }
}
