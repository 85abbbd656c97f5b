/** `hypersweep export DIR [--format json|csv|optuna-journal] [-o FILE]`: the results in trial order. */
import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { resultsCsv, resultsJsonText } from '../../core/results/exportResults';
import { optunaJournal } from '../../core/results/optunaJournal';
import { readSweepSpace } from '../../core/results/sweepSpace';
import { stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { EXIT } from '../command';
import { readSweepFolder } from '../sweepFolder';

export const exportCommand: Command = {
  spec: {
    name: 'export',
    usage: 'DIR',
    summary: 'Export the results of the sweep in folder DIR as JSON (hypersweep-results/1), CSV (one row per trial) or an Optuna journal (JournalFileStorage, for optuna-dashboard).',
    flags: [
      { name: 'format', kind: 'string', valueName: 'json|csv|optuna-journal', description: 'output format (default json)' },
      { name: 'output', short: 'o', kind: 'string', valueName: 'FILE', description: 'write to FILE instead of standard output' },
    ],
    positionals: { min: 1, max: 1 },
  },
  async run(args, io) {
    const format = stringFlag(args, 'format') ?? 'json';
    if (format !== 'json' && format !== 'csv' && format !== 'optuna-journal') throw new UsageError(`--format must be json, csv or optuna-journal, got "${format}"`);
    const { state, damage, dir } = await readSweepFolder(args.positionals[0] ?? '', io.cwd);
    // On stderr: the export itself stays clean data, but a trial a damaged line lost is explained.
    for (const line of damage) io.stderr(`warning: ${line}\n`);
    const text = format === 'json' ? resultsJsonText(state)
      : format === 'csv' ? resultsCsv(state)
        : optunaJournal(state, readSweepSpace(dir), basename(dir));
    const output = stringFlag(args, 'output');
    if (output === undefined) io.stdout(text);
    else {
      writeFileSync(resolve(io.cwd, output), text);
      io.stderr(`wrote ${state.trials.length} trials to ${output}\n`);
    }
    return EXIT.ok;
  },
};
