/**
 * The text of the "Preview Samples" document: the first N configurations the spec's sampler
 * proposes before any result exists, i.e. what a fresh sweep starts with (the same call as
 * `hypersweep sample`). A spec without a seed is previewed with seed 0 and says so, because a
 * run chooses and records its own seed.
 */
import { hasErrors } from '../diagnostics';
import type { ParamValue } from '../model';
import { loadSpec, type LoadSpecOptions } from '../validate';
import { createSampler, SamplerConfigurationError, SamplerUnavailableError } from '../../samplers';
import { normaliseSeed } from '../../samplers/seed';
import { formatParamValue } from '../../space';
import { ownValue } from '../../../shared/nameRecords';

/** Seed used to preview a random/Sobol spec that sets none. */
export const PREVIEW_DEFAULT_SEED = 0;

function cell(value: ParamValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : formatParamValue(value);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all.map((r) => r.map((v, c) => v.padEnd(widths[c] ?? 0)).join('  ').trimEnd());
}

/** The preview text for the spec `text`; problems (errors, Bayesian sampling) are explained in it. */
export function previewSamplesText(text: string, count: number, options: LoadSpecOptions = {}): string {
  const title = `# First ${count} configurations of ${options.fileName ?? 'the spec'}`;
  const loaded = loadSpec(text, options);
  if (!loaded.spec || hasErrors(loaded.diagnostics)) {
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    return [title, '', `The spec has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix them to preview samples:`,
      ...errors.map((d) => `  line ${d.range.start.line}: ${d.message}`), ''].join('\n');
  }
  const spec = loaded.spec;
  const specSeed = spec.sampling.type === 'random' ? spec.sampling.seed : undefined;
  const seed = normaliseSeed(specSeed ?? PREVIEW_DEFAULT_SEED);
  const lines = [title];
  if (spec.sampling.type === 'random') {
    const rule = spec.sampling.rule === 'sobol' ? 'Sobol' : 'random';
    lines.push(specSeed !== undefined
      ? `# Sampler: ${rule}, seed ${seed} (from the spec): a run proposes exactly these.`
      : `# Sampler: ${rule}, seed ${seed}. The spec sets no seed, so a run chooses and records its own and its values differ.`);
  } else {
    lines.push(`# Sampler: ${spec.sampling.type}.`);
  }
  try {
    const sampler = createSampler(spec.sampling, { space: spec.search_space, seed, goal: spec.objective.goal });
    const result = sampler.propose([], count);
    const names = spec.search_space.parameters.map((p) => p.name);
    lines.push('', ...table(['#', ...names], result.proposals.map((p, i) => [String(i), ...names.map((n) => cell(ownValue(p.params, n)))])));
    if (result.proposals.length < count) lines.push('', `The search space holds only ${result.proposals.length} configurations.`);
  } catch (error) {
    if (!(error instanceof SamplerUnavailableError || error instanceof SamplerConfigurationError)) throw error;
    lines.push('', `No preview: ${error.message}.`);
  }
  return `${lines.join('\n')}\n`;
}
