/**
 * Reads the frames the supervisor's `follow` command writes (see supervisor.ts): a header line
 * (`O 12`, `E 5`, `T 10240`, `K`, `X 0`, `X 143 lease`, `G`) followed, for O/E/T, by exactly that
 * many bytes. Chunks from ssh arrive cut anywhere; the reader keeps the partial frame.
 */

/** One decoded frame. */
export type OutputFrame =
  | { readonly kind: 'stdout' | 'stderr' | 'outputs'; readonly data: Buffer }
  | { readonly kind: 'exit'; readonly status: RemoteExitStatus }
  | { readonly kind: 'gone' }
  | { readonly kind: 'keepalive' };

/** The exit file's content. */
export interface RemoteExitStatus {
  /** The shell's status: the program's exit code, or 128 + signal number. */
  readonly code: number;
  /** The lease watchdog ended the trial (the runner was away longer than the TTL). */
  readonly lease: boolean;
}

/** Parses `RC` or `RC lease` (the exit file); undefined when it is not that. */
export function parseExitStatus(text: string): RemoteExitStatus | undefined {
  const match = /^(\d+)( lease)?\s*$/.exec(text.trim());
  if (match === null) return undefined;
  return { code: Number(match[1]), lease: match[2] !== undefined };
}

const MAX_HEADER = 64;

/** Incremental frame decoder. */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  /** Kind and byte count of the frame whose body is being read. */
  private body: { kind: 'stdout' | 'stderr' | 'outputs'; remaining: number; parts: Buffer[] } | undefined;

  /** Decodes what `chunk` completes. Throws on a malformed stream (not from our supervisor). */
  push(chunk: Buffer): OutputFrame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: OutputFrame[] = [];
    for (;;) {
      if (this.body !== undefined) {
        if (this.buffer.length === 0) break;
        const take = Math.min(this.body.remaining, this.buffer.length);
        // Stream bodies are handed on as they arrive (live output); only tar bodies are gathered.
        const piece = this.buffer.subarray(0, take);
        this.buffer = this.buffer.subarray(take);
        this.body.remaining -= take;
        if (this.body.kind === 'outputs') {
          this.body.parts.push(Buffer.from(piece));
          if (this.body.remaining === 0) frames.push({ kind: 'outputs', data: Buffer.concat(this.body.parts) });
        } else {
          frames.push({ kind: this.body.kind, data: Buffer.from(piece) });
        }
        if (this.body.remaining === 0) this.body = undefined;
        continue;
      }
      const newline = this.buffer.indexOf(0x0a);
      if (newline < 0) {
        if (this.buffer.length > MAX_HEADER) throw new Error(`unexpected output from the trial supervisor: ${JSON.stringify(this.buffer.subarray(0, MAX_HEADER).toString('utf8'))}`);
        break;
      }
      const header = this.buffer.subarray(0, newline).toString('utf8');
      this.buffer = this.buffer.subarray(newline + 1);
      frames.push(...this.header(header));
    }
    return frames;
  }

  private header(line: string): OutputFrame[] {
    if (line === 'K') return [{ kind: 'keepalive' }];
    if (line === 'G') return [{ kind: 'gone' }];
    if (line.startsWith('X ')) {
      const status = parseExitStatus(line.slice(2));
      if (status === undefined) throw new Error(`the trial's exit file holds ${JSON.stringify(line.slice(2))}, not an exit status`);
      return [{ kind: 'exit', status }];
    }
    const match = /^([OET]) (\d+)$/.exec(line);
    if (match === null) throw new Error(`unexpected output from the trial supervisor: ${JSON.stringify(line)}`);
    const kind = match[1] === 'O' ? 'stdout' : match[1] === 'E' ? 'stderr' : 'outputs';
    const remaining = Number(match[2]);
    if (remaining > 0) this.body = { kind, remaining, parts: [] };
    else if (kind === 'outputs') return [{ kind, data: Buffer.alloc(0) }];
    return [];
  }
}

const SIGNALS: Readonly<Record<number, string>> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE',
  9: 'SIGKILL', 10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM',
};

/**
 * The shell reports a death by signal N as status 128 + N; it cannot tell that from a program
 * that exits with such a number itself, so the common signals are read as signals (as a local
 * trial's would be reported) and anything else as an exit code.
 */
export function exitFromStatus(code: number): { exitCode: number | null; signal: string | null } {
  const signal = code > 128 ? SIGNALS[code - 128] : undefined;
  return signal !== undefined ? { exitCode: null, signal } : { exitCode: code, signal: null };
}
