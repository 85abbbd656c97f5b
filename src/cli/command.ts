/**
 * What every `hypersweep` command is: a flag table plus a function from parsed arguments to an exit
 * code. Output goes through `CommandIO` so the same command runs in a terminal, in CI and in tests.
 */
import type { CommandSpec, ParsedArgs } from './args';

export interface CommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** True when stderr is a terminal (live progress display) rather than a log or pipe. */
  readonly interactive: boolean;
}

export interface Command {
  readonly spec: CommandSpec;
  run(args: ParsedArgs, io: CommandIO): Promise<number>;
}

/** Exit codes shared by the commands (documented in the README). */
export const EXIT = {
  ok: 0,
  /** `validate`: the spec has errors; `run`: the sweep failed. */
  failed: 1,
  /** Usage error, or a spec with errors where a valid one is needed. */
  usage: 2,
  canceled: 130,
  /** The disk holding the sweep (or an output file) is full, over quota or read-only: free space, then resume. */
  diskFull: 75,
} as const;
