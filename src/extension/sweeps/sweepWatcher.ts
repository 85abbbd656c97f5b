/**
 * Follows every sweep folder under the workspace's sweeps folder, whoever started it (this window,
 * another window, the CLI). Each folder's journal is tailed with the engine's `JournalFollower`
 * and applied with `applyEvent`, so the state here is exactly what a fresh replay would give.
 * No `vscode` import: the extension adapts this, and node tests drive it directly.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEvent } from '../../core/journal/events';
import { sweepPaths } from '../../core/journal/layout';
import { inspectRunnerLock } from '../../core/journal/lock';
import { JournalFollower } from '../../core/journal/reader';
import { applyEvent } from '../../core/journal/replay';
import { warnJournalProblems } from '../../core/journal/damageReport';
import { emptySweepState, type SweepState } from '../../core/journal/state';

/** One followed sweep folder. */
export interface WatchedSweep {
  readonly dir: string;
  /** The live state (replaced when the journal is replaced). */
  state: SweepState;
  /**
   * Whether a runner process holds the sweep now: false for a `Running` sweep whose runner died
   * (it needs a resume). Checked on each rescan; unknown (undefined) until the first check.
   */
  runnerAlive?: boolean;
}

/** What changed: `events` are the new journal events (empty when only liveness or presence changed). */
export interface SweepChange {
  readonly dir: string;
  readonly events: readonly JournalEvent[];
  /** The folder (or its journal) is gone. */
  readonly removed: boolean;
}

export interface SweepWatcherOptions {
  /** How often the folder list and runner liveness are checked again, ms (default 1000). */
  readonly rescanMs?: number;
  /** How often each journal is polled besides file-watch notifications, ms (default 500). */
  readonly journalPollMs?: number;
  readonly onError?: (error: Error) => void;
}

interface Followed {
  readonly sweep: WatchedSweep;
  readonly follower: JournalFollower;
}

/** Follows the sweeps in `root` (a folder holding one folder per sweep). */
export class SweepWatcher {
  private readonly followed = new Map<string, Followed>();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private closed = false;

  constructor(
    readonly root: string,
    private readonly onChange: (change: SweepChange) => void,
    private readonly options: SweepWatcherOptions = {},
  ) {}

  /** Reads every sweep there now, then keeps following. */
  async start(): Promise<void> {
    await this.rescan();
    this.timer = setInterval(() => {
      this.rescan().catch((e: unknown) => this.options.onError?.(e instanceof Error ? e : new Error(String(e))));
    }, this.options.rescanMs ?? 1000);
  }

  /** The followed sweeps, most recently created first. */
  sweeps(): WatchedSweep[] {
    return [...this.followed.values()].map((f) => f.sweep).sort((a, b) => (b.state.createdAt ?? 0) - (a.state.createdAt ?? 0));
  }

  get(dir: string): WatchedSweep | undefined {
    return this.followed.get(dir)?.sweep;
  }

  /** Looks for new, removed and dead-runner sweeps now (also done on a timer). */
  rescan(): Promise<void> {
    this.scanning ??= this.scan().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  /** Reads anything new in one sweep's journal now. */
  async poll(dir: string): Promise<void> {
    await this.followed.get(dir)?.follower.poll();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const f of this.followed.values()) f.follower.close();
    this.followed.clear();
  }

  private sweepFolders(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.root);
    } catch {
      return []; // no sweeps folder yet
    }
    return names.map((n) => join(this.root, n)).filter((dir) => {
      try {
        return statSync(dir).isDirectory() && existsSync(sweepPaths(dir).journal);
      } catch {
        return false;
      }
    });
  }

  private async scan(): Promise<void> {
    if (this.closed) return;
    const present = new Set(this.sweepFolders());
    for (const [dir, f] of this.followed) {
      if (present.has(dir)) continue;
      f.follower.close();
      this.followed.delete(dir);
      this.onChange({ dir, events: [], removed: true });
    }
    for (const dir of present) {
      if (!this.followed.has(dir)) await this.follow(dir);
    }
    for (const { sweep } of this.followed.values()) {
      const alive = sweep.state.status === 'Running' || sweep.state.status === 'NotStarted' ? await this.isRunnerAlive(sweep.dir) : false;
      if (alive !== sweep.runnerAlive) {
        sweep.runnerAlive = alive;
        this.onChange({ dir: sweep.dir, events: [], removed: false });
      }
    }
  }

  private async isRunnerAlive(dir: string): Promise<boolean> {
    const lock = await inspectRunnerLock(dir);
    return lock.state === 'held' && lock.alive !== false;
  }

  private async follow(dir: string): Promise<void> {
    const sweep: WatchedSweep = { dir, state: emptySweepState() };
    const follower = new JournalFollower(sweepPaths(dir).journal, (batch) => {
      if (batch.reset) sweep.state = emptySweepState();
      for (const event of batch.events) applyEvent(sweep.state, event);
      warnJournalProblems(sweep.state, batch.problems);
      this.onChange({ dir, events: batch.events, removed: false });
    }, {
      ...(this.options.journalPollMs !== undefined ? { pollIntervalMs: this.options.journalPollMs } : {}),
      ...(this.options.onError ? { onError: this.options.onError } : {}),
    });
    this.followed.set(dir, { sweep, follower });
    await follower.start();
  }
}
