/**
 * `hypersweep run SPEC [--name N] [--out DIR] [--output results.json] [--max-trials N]
 * [--concurrency N] [--seed S] [--metric-pattern RE] [--target NAME] [--targets FILE]
 * [--enqueue FILE] [--warm-start DIR|FILE]`: runs a sweep on this machine or on the execution
 * target the spec's `compute:` (or `--target`) names.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { sanitizeName, sweepPaths, SWEEPS_FOLDER } from '../../core/journal/layout';
import { chooseSeed, normaliseSeed } from '../../core/samplers/seed';
import { openSweep, SweepStartError } from '../../core/scheduler/sweepSession';
import { hasErrors } from '../../core/spec/diagnostics';
import { booleanFlag, integerFlag, stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { EXIT } from '../command';
import { driveSweep } from '../driveSweep';
import { printEndMessage } from '../endMessage';
import { ProgressReporter } from '../progress';
import { formatDiagnostic, loadSpecFile } from '../specFile';
import { chooseTarget } from '../targetChoice';
import { loadEnqueueFile, loadWarmStart } from '../warmStartInputs';
import { reportingFullDisk } from '../diskFull';

/** A sweep name from the spec's `name`, else the file name without its YAML extensions. */
function defaultName(specName: string | undefined, specPath: string): string {
  if (specName) return specName;
  return basename(specPath).replace(/(\.sweep)?\.ya?ml$/i, '') || 'sweep';
}

/** `.hypersweep/<name>`, or `<name>-2`, `-3`, ... when an earlier sweep already has that folder. */
function freshSweepDir(cwd: string, name: string): { dir: string; name: string } {
  const base = sanitizeName(name);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const dir = join(cwd, SWEEPS_FOLDER, candidate);
    if (!existsSync(sweepPaths(dir).journal)) return { dir, name: candidate };
  }
}

export const runCommand: Command = {
  spec: {
    name: 'run',
    usage: 'SPEC',
    summary:
      "Run the sweep in SPEC on its target (the spec's compute:, or --target; default this machine) and show its\n" +
      'progress; the leaderboard is printed at the end.\n' +
      'Exit code 0 when the sweep completed, 1 when it failed, 2 on a spec with errors, 130 when canceled.',
    flags: [
      { name: 'name', kind: 'string', valueName: 'N', description: "sweep name (default: the spec's name, else the file name)" },
      { name: 'out', kind: 'string', valueName: 'DIR', description: 'sweep folder (default: .hypersweep/<name>, made unique)' },
      { name: 'output', kind: 'string', valueName: 'FILE', description: 'write the results JSON (as `hypersweep export`) at the end' },
      { name: 'max-trials', kind: 'integer', valueName: 'N', description: 'override limits.max_total_trials' },
      { name: 'concurrency', kind: 'integer', valueName: 'N', description: 'override limits.max_concurrent_trials' },
      { name: 'seed', kind: 'integer', valueName: 'S', description: "sampler seed (default: the spec's, else chosen and recorded)" },
      { name: 'no-scramble', kind: 'boolean', description: 'Sobol without scrambling (for checking)' },
      { name: 'metric-pattern', kind: 'string', valueName: 'RE', description: 'regex with named groups name and value for stdout metrics' },
      { name: 'target', kind: 'string', valueName: 'NAME', description: "run on this target instead of the one the spec's compute: names" },
      { name: 'targets', kind: 'string', valueName: 'FILE', description: 'targets file (default: hypersweep.targets.yaml next to the spec, else in the current folder)' },
      { name: 'enqueue', kind: 'string', valueName: 'FILE', description: 'run these configurations first, exactly (JSONL: one {"param": value} per line; or CSV with a header row)' },
      { name: 'warm-start', kind: 'string', valueName: 'SRC', description: "start the sampler from another sweep's trials (a sweep folder, or a results JSON from export)" },
    ],
    positionals: { min: 1, max: 1 },
  },
  async run(args, io) {
    const maxTrials = integerFlag(args, 'max-trials');
    const concurrency = integerFlag(args, 'concurrency');
    if (maxTrials !== undefined && maxTrials < 1) throw new UsageError('--max-trials must be 1 or more');
    if (concurrency !== undefined && concurrency < 1) throw new UsageError('--concurrency must be 1 or more');
    const file = loadSpecFile(args.positionals[0] ?? '', io.cwd);
    for (const d of file.diagnostics) {
      if (d.severity !== 'info') io.stderr(formatDiagnostic(file.displayPath, d) + '\n');
    }
    if (!file.spec || file.text === undefined || hasErrors(file.diagnostics)) return EXIT.usage;
    const spec = file.spec;
    const targetFlag = stringFlag(args, 'target');
    const targetsFlag = stringFlag(args, 'targets');
    const target = chooseTarget(spec.compute, file.absolutePath, {
      ...(targetFlag !== undefined ? { name: targetFlag } : {}),
      ...(targetsFlag !== undefined ? { file: targetsFlag } : {}),
    }, io);
    if (target === undefined) return EXIT.usage;
    if (target.name !== 'local' || target.type !== 'local') io.stderr(`target ${target.name} (${target.type})\n`);
    const enqueueFlag = stringFlag(args, 'enqueue');
    const enqueued = enqueueFlag === undefined ? undefined : loadEnqueueFile(enqueueFlag, spec, maxTrials ?? spec.limits.max_total_trials, io);
    if (enqueued === 'error') return EXIT.usage;
    const warmStartFlag = stringFlag(args, 'warm-start');
    const priors = warmStartFlag === undefined ? undefined : await loadWarmStart(warmStartFlag, spec, io);
    if (priors === 'error') return EXIT.usage;
    const wanted = stringFlag(args, 'name') ?? defaultName(spec.name, file.absolutePath);
    const out = stringFlag(args, 'out');
    let sweepDir: string;
    let name = wanted;
    if (out !== undefined) {
      sweepDir = resolve(io.cwd, out);
      if (existsSync(sweepPaths(sweepDir).journal)) {
        io.stderr(`hypersweep run: ${sweepDir} already holds a sweep; continue it with \`hypersweep resume ${out}\` or choose another --out.\n`);
        return EXIT.usage;
      }
    } else {
      const fresh = freshSweepDir(io.cwd, wanted);
      sweepDir = fresh.dir;
      name = fresh.name;
    }
    const flagSeed = integerFlag(args, 'seed');
    const specSeed = spec.sampling.type === 'random' ? spec.sampling.seed : undefined;
    const seed = normaliseSeed(flagSeed ?? specSeed ?? chooseSeed());
    if (spec.sampling.type !== 'grid') io.stderr(`seed ${seed}${flagSeed === undefined && specSeed === undefined ? ' (chosen)' : ''}\n`);
    const progress = new ProgressReporter(io.stderr, io.interactive);
    const metricPattern = stringFlag(args, 'metric-pattern');
    // Consts for the closure below (narrowing does not reach into it).
    const folder = sweepDir;
    const specText = file.text;
    let runner;
    try {
      runner = await reportingFullDisk(folder, () => openSweep({
        specPath: file.absolutePath,
        specText,
        spec,
        sweepDir: folder,
        name,
        seed,
        scramble: !booleanFlag(args, 'no-scramble'),
        listener: progress,
        target,
        log: (message) => io.stderr(`${message}\n`),
        ...(maxTrials !== undefined ? { maxTotalTrials: maxTrials } : {}),
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(metricPattern !== undefined ? { metricPattern } : {}),
        ...(enqueued !== undefined ? { enqueued } : {}),
        ...(priors !== undefined ? { priors } : {}),
      }));
    } catch (error) {
      progress.close();
      if (error instanceof SweepStartError) {
        io.stderr(`hypersweep run: ${error.message}\n`);
        return EXIT.usage;
      }
      throw error;
    }
    const started = runner;
    const code = await reportingFullDisk(sweepDir, () => driveSweep(started, progress, io, sweepDir, stringFlag(args, 'output')));
    printEndMessage(runner.current, io);
    return code;
  },
};
