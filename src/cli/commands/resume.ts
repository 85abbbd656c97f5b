/** `hypersweep resume DIR`: continues a sweep after a crash, a kill or a cancel, losing nothing journaled. */
import { resolve } from 'node:path';
import { resumeSweep, SweepStartError } from '../../core/scheduler/sweepSession';
import { stringFlag } from '../args';
import type { Command } from '../command';
import { EXIT } from '../command';
import { driveSweep } from '../driveSweep';
import { printEndMessage } from '../endMessage';
import { ProgressReporter } from '../progress';
import { diskErrorCode, reportingFullDisk } from '../diskFull';

export const resumeCommand: Command = {
  spec: {
    name: 'resume',
    usage: 'DIR',
    summary:
      'Continue the sweep in folder DIR on the target it was created with: trials still running on a remote host\n' +
      'are followed again, trials its dead runner left are run again with the same parameters, and the sampler\n' +
      'continues where it stopped. Exit codes as for `run`.',
    flags: [
      { name: 'output', kind: 'string', valueName: 'FILE', description: 'write the results JSON at the end' },
      { name: 'metric-pattern', kind: 'string', valueName: 'RE', description: 'regex with named groups name and value for stdout metrics' },
    ],
    positionals: { min: 1, max: 1 },
  },
  async run(args, io) {
    const sweepDir = resolve(io.cwd, args.positionals[0] ?? '');
    const progress = new ProgressReporter(io.stderr, io.interactive);
    const metricPattern = stringFlag(args, 'metric-pattern');
    let runner;
    try {
      runner = await reportingFullDisk(sweepDir, () => resumeSweep(sweepDir, { listener: progress, log: (message) => io.stderr(`${message}\n`), ...(metricPattern !== undefined ? { metricPattern } : {}) }));
    } catch (error) {
      progress.close();
      if (error instanceof SweepStartError || (error instanceof Error && /journal/i.test(error.name) && diskErrorCode(error) === undefined)) {
        io.stderr(`hypersweep resume: ${error.message}\n`);
        return EXIT.failed;
      }
      throw error;
    }
    const started = runner;
    const code = await reportingFullDisk(sweepDir, () => driveSweep(started, progress, io, sweepDir, stringFlag(args, 'output')));
    printEndMessage(runner.current, io);
    return code;
  },
};
