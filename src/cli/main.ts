/**
 * Entry point of the `hypersweep` command: dispatches to the command table and turns usage errors
 * into a clear message and exit code 2. Unexpected errors are reported, never dumped as a crash.
 */
import { commandHelp, parseArgs, UsageError } from './args';
import type { Command, CommandIO } from './command';
import { EXIT } from './command';
import { COMMANDS } from './commands';
import { VERSION } from '../core/version';
import { diskFullMessage } from './diskFull';

function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length));
  const rows = COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}  ${c.spec.summary.split('\n')[0] ?? ''}`);
  return [
    `hypersweep ${VERSION}: run Azure ML sweep-job YAML specs on your own machines`,
    '',
    'usage: hypersweep COMMAND [options]',
    '',
    'commands:',
    ...rows,
    '',
    'Run `hypersweep COMMAND --help` for the options of a command.',
    '',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(topLevelHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.spec.name === name);
  if (!command) {
    io.stderr(`hypersweep: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.spec.name).join(', ')}.\n`);
    return EXIT.usage;
  }
  try {
    const args = parseArgs(command.spec, rest);
    if (args.help) {
      io.stdout(commandHelp(command.spec));
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`hypersweep ${name}: ${error.message}\nRun \`hypersweep ${name} --help\` for usage.\n`);
      return EXIT.usage;
    }
    const diskFull = diskFullMessage(name, error, io.cwd);
    if (diskFull !== undefined) {
      io.stderr(diskFull);
      return EXIT.diskFull;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`hypersweep ${name}: internal error: ${message}\nPlease report this with the command you ran.\n`);
    return EXIT.failed;
  }
}
