/** `hypersweep export DIR [--format json|csv] [-o FILE]`: the results in trial order. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resultsCsv, resultsJson } from '../../core/results/exportResults';
import { stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { EXIT } from '../command';
import { readSweepFolder } from '../sweepFolder';

export const exportCommand: Command = {
  spec: {
    name: 'export',
    usage: 'DIR',
    summary: 'Export the results of the sweep in folder DIR as JSON (hypersweep-results/1) or CSV (one row per trial).',
    flags: [
      { name: 'format', kind: 'string', valueName: 'json|csv', description: 'output format (default json)' },
      { name: 'output', short: 'o', kind: 'string', valueName: 'FILE', description: 'write to FILE instead of standard output' },
    ],
    positionals: { min: 1, max: 1 },
  },
  async run(args, io) {
    const format = stringFlag(args, 'format') ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, got "${format}"`);
    const { state, damage } = await readSweepFolder(args.positionals[0] ?? '', io.cwd);
    // On stderr: the export itself stays clean data, but a trial a damaged line lost is explained.
    for (const line of damage) io.stderr(`warning: ${line}\n`);
    const text = format === 'json' ? JSON.stringify(resultsJson(state), null, 2) + '\n' : resultsCsv(state);
    const output = stringFlag(args, 'output');
    if (output === undefined) io.stdout(text);
    else {
      writeFileSync(resolve(io.cwd, output), text);
      io.stderr(`wrote ${state.trials.length} trials to ${output}\n`);
    }
    return EXIT.ok;
  },
};
