/**
 * An append-only log file for one output stream of a trial. Appending (never truncating) keeps a
 * re-run attempt's output after the earlier attempt's. A write failure mid-run (disk full) does
 * not stop the trial: the sink goes quiet and remembers the error for the trial's exit report.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';

/** An open log file. */
export interface LogSink {
  /** Copies every chunk of `source` into the file, and hands it to `onChunk`, until it ends. */
  follow(source: Readable, onChunk: ((chunk: Buffer) => void) | undefined): void;
  /** Appends a line written by HyperSweep itself (marked as such). */
  note(text: string): void;
  /** Flushes and closes the file. Resolves once the data has reached the file. */
  close(): Promise<void>;
  /** The first write failure, as a message for the user, if any. */
  readonly error: string | undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opens `path` for appending, creating its folder when missing. Rejects with a readable Error
 * when the file cannot be opened.
 */
export async function openLogSink(path: string): Promise<LogSink> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw new Error(`cannot create the log folder for ${path}: ${describe(error)}`);
  }
  const file = createWriteStream(path, { flags: 'a' });
  await new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', (error) => reject(new Error(`cannot open log file ${path}: ${describe(error)}`)));
  });
  return new FileLogSink(path, file);
}

class FileLogSink implements LogSink {
  error: string | undefined;
  private callbackFailed = false;
  private readonly sources: Readable[] = [];

  constructor(
    private readonly path: string,
    private readonly file: WriteStream,
  ) {
    file.on('error', (error) => {
      this.error ??= `could not write log file ${this.path}: ${describe(error)}`;
      // No 'drain' will follow a failed write: release any source waiting for one.
      for (const source of this.sources) source.resume();
    });
  }

  follow(source: Readable, onChunk: ((chunk: Buffer) => void) | undefined): void {
    this.sources.push(source);
    source.on('data', (chunk: Buffer) => {
      if (this.error === undefined && !this.file.write(chunk)) {
        // Backpressure: let the trial block on a full pipe rather than buffer without bound.
        source.pause();
        this.file.once('drain', () => source.resume());
      }
      if (onChunk !== undefined && !this.callbackFailed) {
        try {
          onChunk(chunk);
        } catch (error) {
          // A failing consumer (metric parser) must not take the runner down; the user sees why
          // in the log, and the file keeps receiving the output.
          this.callbackFailed = true;
          this.note(`output handler failed, later output is only logged: ${describe(error)}`);
        }
      }
    });
  }

  note(text: string): void {
    if (this.error === undefined) this.file.write(`[hypersweep] ${text}\n`);
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.file.closed) {
        resolve();
        return;
      }
      this.file.once('close', () => resolve());
      // A stream that failed may already be destroyed; end() then just schedules the close.
      if (this.file.destroyed) return;
      this.file.end();
    });
  }
}
