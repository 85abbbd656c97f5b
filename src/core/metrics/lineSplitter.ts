/**
 * Turns a process's output, which arrives in chunks cut anywhere (mid-line, mid-character), into
 * whole lines. Lines are split on bytes, not characters: `\n` and `\r` never occur inside a UTF-8
 * multi-byte sequence, so a character cut between two chunks is reassembled before decoding.
 *
 * Line ends follow what a terminal shows:
 * - `\n` and `\r\n` end a line (also when the `\r` and the `\n` arrive in different chunks);
 * - a bare `\r` returns the cursor to the start of the line, so the text before it is overwritten
 *   and dropped. Progress bars (tqdm, PyTorch Lightning) redraw one line with `\r` many times per
 *   epoch; keeping only the last drawing makes the finished bar one line, i.e. one metric report
 *   instead of one per redraw, and keeps memory bounded while a bar is redrawn.
 *
 * A line longer than `maxLineBytes` keeps its first `maxLineBytes` bytes (cut back to a whole
 * character) and is delivered with `truncated: true`; the rest up to the line end is discarded, so a
 * process that never prints a newline cannot grow memory without bound.
 */

/** Receives each complete line, without its line terminator. */
export type LineHandler = (line: string, truncated: boolean) => void;

export interface LineSplitterOptions {
  /** Longest line kept, in UTF-8 bytes. Default 65536. Must be a positive integer. */
  readonly maxLineBytes?: number;
}

/** Default cap on one line: far beyond any real metric line, small enough to be harmless. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/** Splits a byte stream into lines; see the module comment for the exact rules. */
export class LineSplitter {
  private readonly maxLineBytes: number;
  private parts: Buffer[] = [];
  private pendingBytes = 0;
  private truncated = false;
  /** A `\r` was seen and the next byte decides whether it ends the line (`\r\n`) or overwrites it. */
  private afterCarriageReturn = false;

  constructor(
    private readonly onLine: LineHandler,
    options: LineSplitterOptions = {},
  ) {
    const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!Number.isInteger(max) || max <= 0) {
      throw new RangeError(`maxLineBytes must be a positive integer, got ${String(max)}`);
    }
    this.maxLineBytes = max;
  }

  /** Feeds the next chunk of output (bytes, or text which is encoded as UTF-8). */
  write(chunk: Uint8Array | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (this.afterCarriageReturn) {
        this.afterCarriageReturn = false;
        if (byte === LF) {
          this.emit();
          start = i + 1;
          continue;
        }
        // A bare carriage return: what was drawn before it is overwritten.
        this.discardPending();
      }
      if (byte === LF) {
        this.append(bytes.subarray(start, i));
        this.emit();
        start = i + 1;
      } else if (byte === CR) {
        this.append(bytes.subarray(start, i));
        this.afterCarriageReturn = true;
        start = i + 1;
      }
    }
    this.append(bytes.subarray(start));
  }

  /** Ends the stream: delivers the last line if it has text but no terminator. */
  end(): void {
    this.afterCarriageReturn = false;
    if (this.pendingBytes > 0) this.emit();
    else this.discardPending();
  }

  private append(slice: Buffer): void {
    if (slice.length === 0 || this.truncated) return;
    const room = this.maxLineBytes - this.pendingBytes;
    if (slice.length > room) {
      this.parts.push(Buffer.from(slice.subarray(0, room)));
      this.pendingBytes = this.maxLineBytes;
      this.truncated = true;
      return;
    }
    // Copy: the caller may reuse the chunk's memory after write() returns.
    this.parts.push(Buffer.from(slice));
    this.pendingBytes += slice.length;
  }

  private emit(): void {
    const joined = Buffer.concat(this.parts, this.pendingBytes);
    const truncated = this.truncated;
    const usable = truncated ? joined.subarray(0, wholeCharacterLength(joined)) : joined;
    this.discardPending();
    this.onLine(usable.toString('utf8'), truncated);
  }

  private discardPending(): void {
    this.parts = [];
    this.pendingBytes = 0;
    this.truncated = false;
  }
}

/**
 * Length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence, so a line
 * cut at the byte cap does not end in a replacement character.
 */
function wholeCharacterLength(bytes: Buffer): number {
  // Walk back over at most three continuation bytes (10xxxxxx) to the sequence's lead byte.
  let lead = bytes.length - 1;
  while (lead >= 0 && bytes.length - lead <= 4 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--;
  if (lead < 0) return bytes.length;
  const first = bytes[lead] ?? 0;
  const needed = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
  return bytes.length - lead >= needed ? bytes.length : lead;
}
