/**
 * `hypersweep sample FILE [-n N] [--seed S] [--no-scramble] [--json]`: the first N configurations
 * the spec's sampler proposes before any result exists, i.e. what a fresh sweep would start with.
 */
import { booleanFlag, integerFlag, UsageError } from '../args';
import type { Command } from '../command';
import { EXIT } from '../command';
import { formatDiagnostic, loadSpecFile } from '../specFile';
import { hasErrors } from '../../core/spec/diagnostics';
import type { ParamValue, Params } from '../../core/spec/model';
import { createSampler } from '../../core/samplers';
import type { Proposal } from '../../core/samplers/sampler';
import { chooseSeed, normaliseSeed } from '../../core/samplers/seed';
import { formatParamValue } from '../../core/space';
import { ownValue } from '../../shared/nameRecords';
import { stringifyKeepingNegativeZero } from '../../shared/negativeZeroJson';

function cell(value: ParamValue): string {
  return typeof value === 'object' ? JSON.stringify(value) : formatParamValue(value);
}

function table(names: readonly string[], proposals: readonly Proposal[]): string {
  const rows = [['#', ...names], ...proposals.map((p, i) => [String(i), ...names.map((n) => cell(ownValue(p.params, n) ?? ''))])];
  // A loop, not Math.max(...column): spreading 130,000 rows as arguments overflows the stack.
  const widths = (rows[0] ?? []).map((_, c) => rows.reduce((widest, r) => Math.max(widest, (r[c] ?? '').length), 0));
  return rows.map((r) => r.map((v, c) => v.padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

export const sampleCommand: Command = {
  spec: {
    name: 'sample',
    usage: 'FILE',
    summary:
      "Print the first configurations the spec's sampler proposes (no results yet).\n" +
      'Exit code 2 when the spec has errors (diagnostics on stderr).',
    flags: [
      { name: 'count', short: 'n', kind: 'integer', valueName: 'N', description: 'how many configurations (default 10)' },
      { name: 'seed', kind: 'integer', valueName: 'S', description: "seed for random and Sobol sampling (default: the spec's, else chosen and printed)" },
      { name: 'no-scramble', kind: 'boolean', description: 'Sobol without scrambling: the standard Joe-Kuo sequence' },
      { name: 'json', kind: 'boolean', description: 'one JSON object per line: {"sequence": i, "params": {...}}' },
    ],
    positionals: { min: 1, max: 1 },
  },
  async run(args, io) {
    const count = integerFlag(args, 'count') ?? 10;
    if (count < 0) throw new UsageError('-n must be 0 or more');
    const file = loadSpecFile(args.positionals[0] ?? '', io.cwd);
    if (!file.spec || hasErrors(file.diagnostics)) {
      for (const d of file.diagnostics) io.stderr(formatDiagnostic(file.displayPath, d) + '\n');
      return EXIT.usage;
    }
    const spec = file.spec;
    const flagSeed = integerFlag(args, 'seed');
    const specSeed = spec.sampling.type === 'random' ? spec.sampling.seed : undefined;
    const seed = normaliseSeed(flagSeed ?? specSeed ?? chooseSeed());
    if (flagSeed === undefined && specSeed === undefined && spec.sampling.type !== 'grid') {
      io.stderr(`seed ${seed} (chosen; pass --seed ${seed} to get these configurations again)\n`);
    }
    const sampler = createSampler(
      spec.sampling,
      { space: spec.search_space, seed, goal: spec.objective.goal },
      { scramble: !booleanFlag(args, 'no-scramble') },
    );
    const result = sampler.propose([], count);
    if (booleanFlag(args, 'json')) {
      for (const p of result.proposals) io.stdout(stringifyKeepingNegativeZero({ sequence: p.sequence, params: p.params satisfies Params }) + '\n');
    } else {
      io.stdout(table(spec.search_space.parameters.map((p) => p.name), result.proposals));
    }
    if (result.proposals.length < count) {
      io.stderr(`the search space holds only ${result.proposals.length} configurations\n`);
    }
    return EXIT.ok;
  },
};
