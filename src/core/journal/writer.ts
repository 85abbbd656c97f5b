/**
 * The single writer of a sweep journal. Only the runner holding `runner.lock` writes, so lines
 * never interleave; the file is opened with O_APPEND so each write lands at the end even if the
 * file was repaired or grown since.
 *
 * Durability contract: `append`/`appendMany` resolve only after the lines are written AND
 * fdatasync'ed, so the runner acts on an event (starts a process, kills a trial) only once the
 * event would survive a crash. Appends made while a sync is in flight are grouped into the next
 * write + sync (group commit): many trials reporting metrics at once cost one sync per batch,
 * not one per event.
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

interface PendingWrite {
  readonly bytes: Buffer;
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
  private queue: PendingWrite[] = [];
  private flushing: Promise<void> | undefined;
  private failure: JournalWriteError | undefined;
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

  /** Append events in order as one write and one sync; resolves once all are on disk. */
  appendMany(events: readonly JournalEvent[]): Promise<void> {
    if (this.closed) return Promise.reject(new JournalWriteError(`The journal ${this.path} is closed.`));
    if (this.failure) return Promise.reject(this.failure);
    if (events.length === 0) return Promise.resolve();
    const bytes = Buffer.from(events.map(encodeEventLine).join(''), 'utf8');
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ bytes, resolve, reject });
      this.flushing ??= this.flushQueue();
    });
  }

  /** Writes queued batches until the queue is empty. Never rejects: failures go to the callers. */
  private async flushQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        if (this.failure) throw this.failure;
        await writeAll(this.fh, Buffer.concat(batch.map((p) => p.bytes)));
        await this.fh.datasync();
        this.syncCount++;
        for (const p of batch) p.resolve();
      } catch (err) {
        // After a failed write the file may end in a partial line; writing on would corrupt it
        // further. Every later append fails too, and reopening (on resume) repairs the tail.
        this.failure ??= new JournalWriteError(
          `Writing the journal ${this.path} failed: ${(err as Error).message}. The sweep must stop; free disk space or fix permissions, then resume.`,
          { cause: err },
        );
        for (const p of batch) p.reject(this.failure);
      }
    }
    this.flushing = undefined;
  }

  /** Wait for pending appends, then close the file. Later appends are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushing;
    await this.fh.close();
  }
}
