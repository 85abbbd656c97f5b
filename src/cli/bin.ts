/** Process entry of the `hypersweep` command (bundled to dist/cli.js): wires the CLI to the terminal. */
import type { CommandIO } from './command';
import { EXIT } from './command';
import { runCli } from './main';

/** Errors of a write to a pipe whose reader has gone (`hypersweep export DIR | head -1`). */
const CLOSED_PIPE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/**
 * A writer for `stream` that goes quiet once the reader has closed the pipe: the command still
 * ends normally (exit code as usual, a sweep keeps running) instead of dying on an unhandled
 * EPIPE with a stack trace. Other write errors are reported once on stderr.
 */
function quietWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (!CLOSED_PIPE.has(error.code ?? '') && stream !== process.stderr) {
      process.stderr.write(`hypersweep: cannot write the output: ${error.message}\n`);
      process.exitCode = EXIT.failed;
    }
  });
  return (text) => {
    if (!closed && !stream.destroyed) stream.write(text);
  };
}

const io: CommandIO = {
  stdout: quietWriter(process.stdout),
  stderr: quietWriter(process.stderr),
  cwd: process.cwd(),
  interactive: process.stderr.isTTY === true,
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    // A write error other than a closed pipe has already set a failure code; keep it.
    process.exitCode = process.exitCode === EXIT.failed ? EXIT.failed : code;
  },
  (error: unknown) => {
    io.stderr(`hypersweep: ${String(error)}\n`);
    process.exitCode = EXIT.failed;
  },
);
