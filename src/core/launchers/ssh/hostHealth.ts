/**
 * Whether an SSH host still answers: `up` -> `suspect` (its master ended or a check failed; we
 * reconnect with backoff while its trials keep running detached) -> `down` after a grace period
 * with no answer (its trials end with a host failure and its slots are withdrawn) -> `up` again as
 * soon as a reconnect succeeds. ssh's own exit status is no evidence either way (it exited 0 here
 * when a host's sshd was killed under it), so only a command that completes counts as an answer.
 */
import type { SshHost } from './sshHost';

export type HostState = 'up' | 'suspect' | 'down';

export interface HostHealthOptions {
  /** How long a suspect host may stay silent before it is down. */
  readonly graceMs: number;
  /** How often an up host is checked (`ssh -O check`); 0 = only on master exit. */
  readonly checkIntervalMs: number;
  /** Largest wait between reconnect attempts. */
  readonly maxBackoffMs?: number;
  /** Called on every state change, with the reason. */
  readonly onChange: (state: HostState, reason: string) => void;
}

const ANSWER_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Health of one host, driven by its master's exits and periodic checks. */
export class HostHealth {
  private current: HostState = 'up';
  private silentSince = 0;
  private lastReason = '';
  private timer: NodeJS.Timeout | undefined;
  private reconnecting = false;
  private disposed = false;
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly host: SshHost,
    private readonly options: HostHealthOptions,
  ) {
    host.onMasterExit(() => this.suspect('its ssh connection ended'));
    this.scheduleCheck();
  }

  get state(): HostState {
    return this.current;
  }

  /** Why the host is not up (for messages). */
  get reason(): string {
    return this.lastReason;
  }

  /** Something failed talking to the host: start reconnecting unless already doing so. */
  suspect(reason: string): void {
    if (this.disposed || this.current !== 'up') return;
    this.silentSince = Date.now();
    this.lastReason = reason;
    this.set('suspect', reason);
    void this.reconnect();
  }

  /**
   * Resolves once the host is up or down (at once when it already is): what a trial whose output
   * stream broke waits for before deciding whether to follow again or give up.
   */
  async settled(): Promise<HostState> {
    while (this.current === 'suspect' && !this.disposed) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.current;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.wake();
  }

  private set(state: HostState, reason: string): void {
    if (this.current === state) return;
    this.current = state;
    this.options.onChange(state, reason);
    this.wake();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private scheduleCheck(): void {
    if (this.options.checkIntervalMs <= 0 || this.disposed) return;
    this.timer = setTimeout(() => {
      void this.checkOnce().finally(() => this.scheduleCheck());
    }, this.options.checkIntervalMs);
    this.timer.unref();
  }

  private async checkOnce(): Promise<void> {
    if (this.current !== 'up' || this.reconnecting) return;
    const ok = await withTimeout(this.host.check(), ANSWER_TIMEOUT_MS).catch(() => false);
    if (!ok) this.suspect('its connection check failed');
  }

  /** Reconnects with backoff until the host answers (up) or the runner stops; down after the grace. */
  private async reconnect(): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    let backoff = 250;
    try {
      while (!this.disposed) {
        try {
          // A completed command is the only proof of life (see the file comment).
          const result = await withTimeout(this.host.exec('echo hs-alive', { timeoutMs: ANSWER_TIMEOUT_MS }), ANSWER_TIMEOUT_MS + 2000);
          if (result.stdout.includes('hs-alive')) {
            this.lastReason = '';
            this.set('up', 'it answers again');
            return;
          }
        } catch (error) {
          this.lastReason = error instanceof Error ? error.message : String(error);
        }
        if (this.current === 'suspect' && Date.now() - this.silentSince >= this.options.graceMs) {
          this.set('down', `no answer for ${Math.round((Date.now() - this.silentSince) / 1000)} s`);
        }
        const wait = this.current === 'suspect' ? Math.min(backoff, Math.max(50, this.silentSince + this.options.graceMs - Date.now())) : backoff;
        await new Promise((resolve) => setTimeout(resolve, wait).unref());
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 10_000);
      }
    } finally {
      this.reconnecting = false;
    }
  }
}
