/** Process entry of the `hypersweep` command (bundled to dist/cli.js): wires the CLI to the terminal. */
import type { CommandIO } from './command';
import { EXIT } from './command';
import { runCli } from './main';

const io: CommandIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  interactive: process.stderr.isTTY === true,
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hypersweep: ${String(error)}\n`);
    process.exitCode = EXIT.failed;
  },
);
