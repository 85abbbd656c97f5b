/**
 * Reading a journal, whole or as it grows. A line counts only once its newline is on disk: the
 * writer writes each line with its newline in one write, so bytes after the last newline are a
 * line torn by a crash (or still being written) and are left for later, never reported as bad.
 * Damaged or unknown lines in the middle are reported with their line number and skipped, so one
 * bad line never hides the rest of a sweep; whole events glued onto a damaged line are recovered
 * (salvage.ts), and a line repeated byte for byte right after itself is read once.
 */
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { decodeEventLine } from './codec';
import type { JournalEvent } from './events';
import { salvageLine } from './salvage';

/** A journal line that is not a valid event. */
export interface JournalProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly message: string;
}

/** Events parsed from a run of complete lines. */
export interface ParsedLines {
  readonly events: JournalEvent[];
  /** The 1-based line number each event was read from (same order as `events`). */
  readonly eventLines: number[];
  readonly problems: JournalProblem[];
  /** Bytes used: up to and including the last newline. */
  readonly consumed: number;
  /** Number of complete lines (including empty and bad ones). */
  readonly lines: number;
  /** Text of the last complete line, to pass on as `previousLine` when parsing what follows. */
  readonly lastLine: string | undefined;
}

const NEWLINE = 0x0a;

/**
 * Parse the complete lines of `bytes` (UTF-8). Splitting on the newline byte is safe because
 * UTF-8 never uses 0x0A inside a multi-byte character, and JSON escapes newlines in strings.
 * @param firstLine line number of the first line in `bytes`, for problem reports.
 * @param previousLine text of the line before `bytes` (a follower's previous batch), so a repeat
 *   across two batches is seen as one too.
 */
export function parseCompleteLines(bytes: Buffer, firstLine = 1, previousLine?: string): ParsedLines {
  const events: JournalEvent[] = [];
  const eventLines: number[] = [];
  const problems: JournalProblem[] = [];
  let start = 0;
  let lines = 0;
  let previous = previousLine;
  for (let nl = bytes.indexOf(NEWLINE, start); nl >= 0; nl = bytes.indexOf(NEWLINE, start)) {
    const text = bytes.toString('utf8', start, nl).replace(/\r$/, '');
    const lineNumber = firstLine + lines;
    lines++;
    start = nl + 1;
    const repeated = text === previous;
    previous = text;
    if (text.trim() === '') continue;
    // Every event carries its write time in ms, so an exact repeat is a write done twice, not news.
    if (repeated) {
      problems.push({ line: lineNumber, message: `repeats line ${lineNumber - 1} byte for byte (written twice); read once` });
      continue;
    }
    const result = decodeEventLine(text);
    if (result.ok) {
      events.push(result.event);
      eventLines.push(lineNumber);
      continue;
    }
    const salvaged = salvageLine(text, result.message);
    for (const event of salvaged.events) {
      events.push(event);
      eventLines.push(lineNumber);
    }
    problems.push({ line: lineNumber, message: salvaged.problems.join('; ') });
  }
  return { events, eventLines, problems, consumed: start, lines, lastLine: previous };
}

/** A whole journal, read once. */
export interface JournalContents {
  readonly events: JournalEvent[];
  /** The 1-based line number each event was read from (same order as `events`). */
  readonly eventLines: number[];
  readonly problems: JournalProblem[];
  /** Bytes of complete lines; a writer reopening the journal keeps exactly these. */
  readonly validBytes: number;
  /** Bytes of a torn last line after `validBytes` (0 when the file ends with a newline). */
  readonly tornBytes: number;
  /** Number of complete lines (a torn last line would be line `completeLines + 1`). */
  readonly completeLines: number;
}

/** The journal file does not exist or cannot be read. */
export class JournalReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JournalReadError';
  }
}

/** Read every complete event of the journal at `path`. */
export async function readJournal(path: string): Promise<JournalContents> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new JournalReadError(
      code === 'ENOENT'
        ? `No journal at ${path}: this folder holds no sweep yet. Start one with \`hypersweep run <spec>\`.`
        : `Cannot read the journal ${path}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const parsed = parseCompleteLines(bytes);
  return { events: parsed.events, eventLines: parsed.eventLines, problems: parsed.problems, validBytes: parsed.consumed, tornBytes: bytes.length - parsed.consumed, completeLines: parsed.lines };
}

/** New events seen by a follower since its previous batch. */
export interface FollowBatch {
  /**
   * True when the file shrank below what was already read (it was replaced, e.g. the sweep was
   * deleted and started again): discard earlier state; `events` start from the top of the file.
   */
  readonly reset: boolean;
  readonly events: readonly JournalEvent[];
  readonly problems: readonly JournalProblem[];
  /** Bytes of the file read so far, up to and including this batch's last complete line. */
  readonly readBytes: number;
  /**
   * Bytes the follower still has to read to catch up with the file as it was when this batch was
   * read (with `maxBatchBytes`, more batches follow at once); 0 once the batch reached the end of
   * the file. A torn last line still being written does not count: it is not there yet.
   */
  readonly remainingBytes: number;
}

export interface FollowerOptions {
  /**
   * Re-check the file this often even without a watch notification (ms, default 500):
   * `fs.watch` is unreliable on network drives and some containers, and cannot watch a file
   * that does not exist yet.
   */
  readonly pollIntervalMs?: number;
  /** Read errors other than "file not there yet" (default: ignored until the next poll). */
  readonly onError?: (err: Error) => void;
  /**
   * Read at most this many bytes per batch (default: unlimited, the whole rest of the file at
   * once). A long journal then arrives as several batches, with the event loop free between
   * them, so a reader can show what it has before the end is parsed. Only complete lines are
   * delivered; a single line longer than this is still read whole.
   */
  readonly maxBatchBytes?: number;
}

/** Lets timers and I/O callbacks run between two chunks of a long read. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Reads up to `length` bytes at `position`; fewer at the end of the file. */
async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const bytes = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(bytes, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? bytes : bytes.subarray(0, filled);
}

/**
 * Tails a live journal written by another process and hands each batch of new complete events
 * to `onBatch`, in file order, each event exactly once. Start with `start()`, stop with `close()`.
 */
export class JournalFollower {
  private offset = 0;
  private nextLine = 1;
  private lastLine: string | undefined;
  private remaining = 0;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private closed = false;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly path: string,
    private readonly onBatch: (batch: FollowBatch) => void,
    private readonly options: FollowerOptions = {},
  ) {
    const cap = options.maxBatchBytes;
    if (cap !== undefined && !(Number.isInteger(cap) && cap > 0)) {
      throw new RangeError(`maxBatchBytes must be a positive whole number of bytes (got ${String(cap)}); leave it out to read without a limit.`);
    }
  }

  /** Deliver what the journal holds now, then keep following it. */
  async start(): Promise<void> {
    this.tryWatch();
    this.timer = setInterval(() => {
      this.tryWatch();
      this.checkSoon();
    }, this.options.pollIntervalMs ?? 500);
    await this.poll();
  }

  /** Read anything new right now; resolves when delivered. Safe to call at any time. */
  poll(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = this.readLoop();
    return this.reading;
  }

  /** Stop watching and polling; no batch is delivered after this returns. */
  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private checkSoon(): void {
    this.poll().catch((err: unknown) => this.options.onError?.(err instanceof Error ? err : new Error(String(err))));
  }

  /** Watch the folder rather than the file, so the journal's creation is seen too. */
  private tryWatch(): void {
    if (this.watcher || this.closed) return;
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file === null || file === name) this.checkSoon();
      });
      this.watcher.on('error', () => {
        // The folder went away or the platform gave up: fall back to polling and retry later.
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      this.watcher = undefined; // folder does not exist yet: polling covers it
    }
  }

  private async readLoop(): Promise<void> {
    try {
      let more = false;
      do {
        this.readAgain = false;
        more = await this.readNew();
        if (more) await yieldToEventLoop();
      } while ((more || this.readAgain) && !this.closed);
    } finally {
      this.reading = undefined;
    }
  }

  /** Reads and delivers one batch; true when the file holds more to read right away. */
  private async readNew(): Promise<boolean> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    try {
      const { size } = await handle.stat();
      let reset = false;
      if (size < this.offset) {
        reset = true;
        this.offset = 0;
        this.nextLine = 1;
        this.lastLine = undefined;
      }
      if (size === this.offset && !reset) return false;
      const bytes = await this.readChunk(handle, size - this.offset);
      const parsed = parseCompleteLines(bytes, this.nextLine, this.lastLine);
      this.offset += parsed.consumed;
      this.nextLine += parsed.lines;
      this.lastLine = parsed.lastLine;
      // What was read reached the end of the file: whatever follows the last newline is torn.
      const remaining = this.offset + (bytes.length - parsed.consumed) >= size ? 0 : size - this.offset;
      const progressed = remaining !== this.remaining;
      this.remaining = remaining;
      if (this.closed) return false;
      // Besides new events, a change of `remaining` is news: it tells a reader it caught up.
      if (reset || parsed.events.length > 0 || parsed.problems.length > 0 || progressed) {
        this.onBatch({ reset, events: parsed.events, problems: parsed.problems, readBytes: this.offset, remainingBytes: remaining });
      }
      return remaining > 0;
    } finally {
      await handle.close();
    }
  }

  /**
   * The next bytes from `offset`: all `available` of them, or `maxBatchBytes` when that is less,
   * extended to the end of the first line when no newline falls within the cap.
   */
  private async readChunk(handle: fs.FileHandle, available: number): Promise<Buffer> {
    const cap = this.options.maxBatchBytes ?? Infinity;
    let bytes = await readAt(handle, this.offset, Math.min(available, cap));
    let hasNewline = bytes.includes(NEWLINE);
    while (!hasNewline && bytes.length < available) {
      // Growing by the size read so far keeps a huge line at a few reads, not one per cap.
      const more = await readAt(handle, this.offset + bytes.length, Math.min(available - bytes.length, Math.max(bytes.length, 1)));
      if (more.length === 0) break;
      hasNewline = more.includes(NEWLINE);
      bytes = Buffer.concat([bytes, more]);
    }
    // Past the cap, deliver that one long line only; the lines read after it come next time.
    return bytes.length > cap && hasNewline ? bytes.subarray(0, bytes.indexOf(NEWLINE) + 1) : bytes;
  }
}
