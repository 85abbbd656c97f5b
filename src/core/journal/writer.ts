/**
 * The single writer of a sweep journal. Only the runner holding `runner.lock` writes, so lines
 * never interleave; the file is opened with O_APPEND so each write lands at the end even if the
 * file was repaired or grown since.
 *
 * Durability contract: `append`/`appendMany` resolve only after the lines are written AND
 * fdatasync'ed, so the runner acts on an event (starts a process, kills a trial, answers an MLflow
 * call) only once the event would survive a crash. Appends and `enqueue`s made while a sync is in
 * flight are grouped into the next write + sync (group commit), in call order: many metric values
 * cost one sync per batch, not one per value, and an awaited append (a stop decision) waits for at
 * most the sync in flight plus its own batch.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { encodeEventLine } from './codec';
import type { JournalEvent } from './events';

/** The journal could not be written; the sweep must stop (its state on disk is unknown). */
export class JournalWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JournalWriteError';
  }
}

/** Someone waiting until every line queued before them is durable. */
interface Waiter {
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

const NEWLINE = 0x0a;
const TAIL_CHUNK = 64 * 1024;

/** Offset just past the last newline of the file (0 if none): where the complete lines end. */
async function endOfLastCompleteLine(fh: FileHandle, size: number): Promise<number> {
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - TAIL_CHUNK);
    const buf = Buffer.alloc(end - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    const at = buf.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}

/** Make a newly created file's directory entry durable too (not possible on Windows; harmless to skip there). */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw err;
  } finally {
    await handle?.close();
  }
}

async function writeAll(fh: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw new Error('the file system accepted no bytes');
    offset += bytesWritten;
  }
}

/** Appends events to one journal file. Create with `JournalWriter.open`. */
export class JournalWriter {
  /** Encoded lines not yet handed to the file, in append order. */
  private lines: string[] = [];
  /** Callers waiting for everything queued before them (same order as `lines`). */
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | undefined;
  private failure: JournalWriteError | undefined;
  private readonly failureListeners: ((error: JournalWriteError) => void)[] = [];
  private closed = false;
  private syncCount = 0;

  private constructor(
    private readonly fh: FileHandle,
    /** Path of the journal file. */
    readonly path: string,
    /** Bytes of a torn last line (a crash mid-write) removed when opening; 0 normally. */
    readonly repairedBytes: number,
  ) {}

  /**
   * Open (creating if needed) the journal at `path` for appending. A torn last line left by a
   * crash is cut off first: it was never acknowledged, and appending after it would glue the
   * next event onto it and lose both. The caller must hold the sweep's runner lock.
   */
  static async open(path: string): Promise<JournalWriter> {
    let fh: FileHandle;
    let created = false;
    try {
      fh = await fs.open(path, 'ax');
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new JournalWriteError(`Cannot create the journal ${path}: ${(err as Error).message}. Check that the folder exists and is writable.`, { cause: err });
      }
      try {
        fh = await fs.open(path, 'a+'); // readable too: the torn-tail check reads the end
      } catch (err2) {
        throw new JournalWriteError(`Cannot open the journal ${path} for appending: ${(err2 as Error).message}. Check its permissions.`, { cause: err2 });
      }
    }
    try {
      let repaired = 0;
      if (created) {
        await syncDirectory(dirname(path));
      } else {
        const { size } = await fh.stat();
        const end = await endOfLastCompleteLine(fh, size);
        if (end < size) {
          await fh.truncate(end);
          await fh.datasync();
          repaired = size - end;
        }
      }
      return new JournalWriter(fh, path, repaired);
    } catch (err) {
      await fh.close();
      throw new JournalWriteError(`Cannot prepare the journal ${path}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Number of write + sync rounds so far (group commit makes it smaller than the number of appends). */
  get syncs(): number {
    return this.syncCount;
  }

  /** Append one event; resolves once it is on disk. */
  append(event: JournalEvent): Promise<void> {
    return this.appendMany([event]);
  }

  /** Append events in order (written together); resolves once all are on disk. */
  appendMany(events: readonly JournalEvent[]): Promise<void> {
    if (this.closed) return Promise.reject(new JournalWriteError(`The journal ${this.path} is closed.`));
    if (this.failure) return Promise.reject(this.failure);
    if (events.length === 0) return Promise.resolve();
    for (const event of events) this.lines.push(encodeEventLine(event));
    return this.waitForQueued();
  }

  /**
   * Queue one event without waiting for it: it is written in order with the others, in the next
   * batch. For high-volume events nothing acts on one by one (metric values): `durable()` (or any
   * later awaited append) tells when it is on disk, and `onFailure` when it never will be.
   */
  enqueue(event: JournalEvent): void {
    // A failure was already reported to the listeners; after close the owner has stopped recording.
    if (this.closed || this.failure) return;
    this.lines.push(encodeEventLine(event));
    this.flushing ??= this.flushQueue();
  }

  /** Resolves once every event appended or queued so far is on disk; rejects if one cannot be. */
  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.lines.length === 0 && this.flushing === undefined) return Promise.resolve();
    return this.waitForQueued();
  }

  /** Called once if writing fails (also for queued events, which have no promise to reject). */
  onFailure(listener: (error: JournalWriteError) => void): void {
    this.failureListeners.push(listener);
  }

  private waitForQueued(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.flushing ??= this.flushQueue();
    });
  }

  /**
   * Writes what is queued, one write + one fdatasync per round, until nothing is left: whatever
   * arrives during a round goes into the next one (group commit), in order. Waiters of a round are
   * released only after its sync. Never rejects: failures go to the waiters and listeners.
   */
  private async flushQueue(): Promise<void> {
    while (this.lines.length > 0 || this.waiters.length > 0) {
      const lines = this.lines;
      const waiters = this.waiters;
      this.lines = [];
      this.waiters = [];
      try {
        if (this.failure) throw this.failure;
        if (lines.length > 0) {
          await writeAll(this.fh, Buffer.from(lines.join(''), 'utf8'));
          await this.fh.datasync();
          this.syncCount++;
        }
        for (const w of waiters) w.resolve();
      } catch (err) {
        // After a failed write the file may end in a partial line; writing on would corrupt it
        // further. Every later append fails too, and reopening (on resume) repairs the tail.
        const failure = this.failure ?? new JournalWriteError(
          `Writing the journal ${this.path} failed: ${(err as Error).message}. The sweep must stop; free disk space or fix permissions, then resume.`,
          { cause: err },
        );
        for (const w of waiters) w.reject(failure);
        this.reportFailure(failure);
      }
    }
    this.flushing = undefined;
  }

  private reportFailure(failure: JournalWriteError): void {
    if (this.failure) return;
    this.failure = failure;
    for (const listener of this.failureListeners) listener(failure);
  }

  /** Wait for pending appends, then close the file. Later appends are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushing;
    await this.fh.close();
  }
}
