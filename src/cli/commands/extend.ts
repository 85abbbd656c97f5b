/**
 * `hypersweep extend DIR --max-trials N [--timeout S]`: an ended sweep (Completed or Canceled)
 * gets N more trials. The sampler continues its sequence (a seeded sweep proposes what it would
 * have proposed next), the sweep timeout counts from the extension (S seconds, default the
 * spec's), and the journal records the extension, so the earlier outcome stays as it was.
 */
import { resolve } from 'node:path';
import { resumeSweep, SweepStartError } from '../../core/scheduler/sweepSession';
import { integerFlag, stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { EXIT } from '../command';
import { driveSweep } from '../driveSweep';
import { printEndMessage } from '../endMessage';
import { ProgressReporter } from '../progress';

export const extendCommand: Command = {
  spec: {
    name: 'extend',
    usage: 'DIR --max-trials N',
    summary:
      'Give the ended (Completed or Canceled) sweep in folder DIR N more trials and run them: the sampler continues\n' +
      'where it stopped, the sweep timeout counts again from now, and the journal records the extension.\n' +
      'Exit codes as for `run`; 1 when the sweep cannot be extended (still running, Failed, or its whole search space ran).',
    flags: [
      { name: 'max-trials', kind: 'integer', valueName: 'N', description: 'how many more trials (raises max_total_trials to the trials made so far + N)' },
      { name: 'timeout', kind: 'integer', valueName: 'S', description: "sweep timeout for the extension, seconds from now (default: the spec's limits.timeout)" },
      { name: 'output', kind: 'string', valueName: 'FILE', description: 'write the results JSON at the end' },
      { name: 'metric-pattern', kind: 'string', valueName: 'RE', description: 'regex with named groups name and value for stdout metrics' },
    ],
    positionals: { min: 1, max: 1 },
  },
  async run(args, io) {
    const addTrials = integerFlag(args, 'max-trials');
    const timeout = integerFlag(args, 'timeout');
    if (addTrials === undefined) throw new UsageError('`hypersweep extend` needs --max-trials N (how many more trials)');
    if (addTrials < 1) throw new UsageError('--max-trials must be 1 or more');
    if (timeout !== undefined && timeout < 1) throw new UsageError('--timeout must be 1 or more seconds');
    const sweepDir = resolve(io.cwd, args.positionals[0] ?? '');
    const progress = new ProgressReporter(io.stderr, io.interactive);
    const metricPattern = stringFlag(args, 'metric-pattern');
    let runner;
    try {
      runner = await resumeSweep(
        sweepDir,
        { listener: progress, log: (message) => io.stderr(`${message}\n`), ...(metricPattern !== undefined ? { metricPattern } : {}) },
        { addTrials, ...(timeout !== undefined ? { timeout } : {}) },
      );
    } catch (error) {
      progress.close();
      if (error instanceof SweepStartError || (error instanceof Error && /journal/i.test(error.name))) {
        io.stderr(`hypersweep extend: ${error.message}\n`);
        return EXIT.failed;
      }
      throw error;
    }
    const extension = runner.current.extensions?.at(-1);
    if (extension) {
      io.stderr(`extended: ${addTrials} more trial${addTrials === 1 ? '' : 's'} (max_total_trials ${extension.previousMaxTotalTrials} → ${extension.maxTotalTrials}) after ${extension.previousStatus}${extension.timeout !== undefined ? `; timeout ${extension.timeout} s from now` : ''}\n`);
    }
    const code = await driveSweep(runner, progress, io, sweepDir, stringFlag(args, 'output'));
    printEndMessage(runner.current, io);
    return code;
  },
};
