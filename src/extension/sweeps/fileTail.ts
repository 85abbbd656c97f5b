/**
 * Tails a growing text file from its start: what a trial's terminal shows of its `stdout.log` and
 * `stderr.log`. Polls (the files live on whatever disk the sweep folder is on, where file-watch
 * events are not reliable) and hands over each new chunk as text, split at UTF-8 boundaries.
 * No `vscode` import.
 */
import { promises as fs } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export class FileTail {
  private offset = 0;
  private readonly decoder = new StringDecoder('utf8');
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;

  constructor(
    readonly path: string,
    private readonly onText: (text: string) => void,
    private readonly pollMs = 200,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.readNew(), this.pollMs);
    void this.readNew();
  }

  /** Reads what is left, then stops: call when the writer is done, so the end is never lost. */
  async finish(): Promise<void> {
    this.stop();
    await this.readNew();
    const rest = this.decoder.end();
    if (rest) this.onText(rest);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One read at a time: overlapping reads would deliver the same bytes twice. */
  readNew(): Promise<void> {
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async read(): Promise<void> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.path, 'r');
    } catch {
      return; // not created yet: the trial has not written anything
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.offset) return;
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset += bytesRead;
      const text = this.decoder.write(buffer.subarray(0, bytesRead));
      if (text) this.onText(text);
    } finally {
      await handle.close();
    }
  }
}
