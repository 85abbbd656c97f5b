/** `hypersweep validate FILE... [--json]`: the engine's diagnostics for each spec file. */
import { booleanFlag } from '../args';
import type { Command } from '../command';
import { EXIT } from '../command';
import { formatDiagnostic, loadSpecFile } from '../specFile';
import { isTargetsFile, loadTargetsFile, targetNamesFor } from '../targetsFile';

export const validateCommand: Command = {
  spec: {
    name: 'validate',
    usage: 'FILE...',
    summary:
      'Check sweep spec files (and hypersweep.targets.yaml files) and print one line per problem:\n' +
      'file:line:col: severity: message [code],\n' +
      'then a summary line (counts of files, errors, warnings and infos).\n' +
      'Exit code 1 when any file has an error, else 0.',
    flags: [{ name: 'json', kind: 'boolean', description: 'print a JSON array of diagnostic records instead' }],
    positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  },
  async run(args, io) {
    // A targets file is validated as one; a spec's `compute:` is checked against the targets its run would see.
    const files = args.positionals.map((path) => (isTargetsFile(path) ? loadTargetsFile(path, io.cwd) : loadSpecFile(path, io.cwd, targetNamesFor(path, io.cwd))));
    const all = files.flatMap((f) => f.diagnostics.map((d) => ({ file: f.displayPath, ...d })));
    if (booleanFlag(args, 'json')) {
      io.stdout(JSON.stringify(all, null, 2) + '\n');
    } else {
      for (const d of all) io.stdout(formatDiagnostic(d.file, d) + '\n');
      const count = (s: string) => all.filter((d) => d.severity === s).length;
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
      // On stdout after the diagnostics: on stderr it would land among their lines when both
      // streams go to one terminal or file.
      io.stdout(
        `${plural(files.length, 'file')} checked: ${plural(count('error'), 'error')}, ` +
          `${plural(count('warning'), 'warning')}, ${count('info')} info\n`,
      );
    }
    return all.some((d) => d.severity === 'error') ? EXIT.failed : EXIT.ok;
  },
};
