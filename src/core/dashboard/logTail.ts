/**
 * The last lines of a trial's log for the dashboard's detail pane. Logs can be gigabytes; only the
 * end of the file is read, so asking for a tail costs the same for a short and a huge log.
 */
import { promises as fs } from 'node:fs';

/** Bytes read from the end of the file at most (200 long lines fit comfortably). */
const DEFAULT_MAX_BYTES = 64 * 1024;

/**
 * The last `maxLines` lines of the text file at `path` (read from at most its last `maxBytes`),
 * or '' when the file does not exist yet (a trial that has not started).
 */
export async function readLogTail(path: string, maxLines = 200, maxBytes = DEFAULT_MAX_BYTES): Promise<string> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, size - length);
    let lines = buffer.toString('utf8', 0, bytesRead).split('\n');
    // A read that starts mid-file starts mid-line (maybe mid-character): drop that first piece.
    if (size > length) lines = lines.slice(1);
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-maxLines).join('\n');
  } finally {
    await handle.close();
  }
}

/** A launch's argv as one line to read or paste: the shell command itself when run via `sh -c`. */
export function commandText(argv: readonly string[]): string {
  const [program, flag, script] = argv;
  if (argv.length === 3 && program !== undefined && /(^|[/\\])(ba|da|z)?sh$/.test(program) && flag === '-c' && script !== undefined) return script;
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
}
