/**
 * Copies a file that a Slurm job appends to (its stdout.log on the shared folder) into the trial's
 * local log and the runner's output callback, as it grows. Polling by byte offset: shared
 * filesystems (NFS, Lustre) do not deliver inotify events from other machines.
 */
import { PassThrough } from 'node:stream';
import type { LogSink } from '../logSink';
import type { LoginNode } from './loginNode';

const CHUNK = 256 * 1024;

export class FileTail {
  private offset = 0;
  private readonly stream = new PassThrough();
  private running: Promise<void> | undefined;
  private callbackFailed = false;

  /**
   * @param skipLocal bytes at the start of the file already in the local log (a re-attached trial):
   *   they go to `onChunk` again (the runner skips what it journaled) but are not written twice.
   */
  constructor(
    private readonly path: string,
    private readonly login: Pick<LoginNode, 'readFrom'>,
    private readonly sink: LogSink,
    private readonly onChunk: ((chunk: Buffer) => void) | undefined,
    private skipLocal = 0,
  ) {
    sink.follow(this.stream, undefined);
  }

  /** Reads what was appended since the last call. Calls never overlap. */
  pump(): Promise<void> {
    this.running ??= this.read().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async read(): Promise<void> {
    for (;;) {
      // Undefined: not created yet (the job is pending).
      const chunk = await this.login.readFrom(this.path, this.offset, CHUNK);
      if (chunk === undefined || chunk.length === 0) return;
      this.offset += chunk.length;
      this.deliver(chunk);
      const local = chunk.subarray(Math.min(this.skipLocal, chunk.length));
      this.skipLocal = Math.max(0, this.skipLocal - chunk.length);
      if (local.length > 0) this.stream.write(local);
      if (chunk.length < CHUNK) return;
    }
  }

  private deliver(chunk: Buffer): void {
    if (this.onChunk === undefined || this.callbackFailed) return;
    try {
      this.onChunk(chunk);
    } catch (error) {
      this.callbackFailed = true;
      this.sink.note(`output handler failed, later output is only logged: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A last read, then the local log is flushed and closed. */
  async close(): Promise<void> {
    await this.pump();
    const drained = new Promise<void>((resolve) => {
      if (this.stream.readableEnded) resolve();
      else this.stream.once('end', () => resolve());
    });
    this.stream.end();
    await drained;
    await this.sink.close();
  }
}
