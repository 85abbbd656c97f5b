/**
 * The one way a value is quoted for a POSIX shell (`sh -c`). Every value HyperSweep splices into
 * a shell command goes through here, so there is a single place to get right.
 */

/**
 * `s` as one single-quoted shell word that the shell reads back as exactly `s`: inside single
 * quotes nothing is special except the single quote itself, which is written as `'\''` (close,
 * escaped quote, reopen). Works for the empty string, newlines, `$`, backticks and any Unicode.
 * NUL cannot travel in a command line at all, so it is refused.
 */
export function quoteForPosixShell(s: string): string {
  if (s.includes('\0')) throw new Error('A value containing a NUL character cannot be passed on a command line; remove it from the value.');
  return `'${s.replaceAll("'", `'\\''`)}'`;
}
