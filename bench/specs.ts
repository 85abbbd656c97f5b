/**
 * Sweep specs the benchmarks run on, generated as YAML text and loaded through the real
 * `loadSpec`, so every benchmark starts from what a user's file would give the engine. The
 * shapes are realistic: Azure ML CLI v2 sweep jobs with `${{search_space.x}}` placeholders in a
 * folded `trial.command`.
 */
import { hasErrors, loadSpec, type SweepSpec } from '../src/core/spec';

/** The five distribution kinds the sampler benchmarks mix, in rotation. */
const MIXED_KINDS = ['uniform', 'loguniform', 'normal', 'quniform', 'choice'] as const;

/** YAML lines for search-space key `name` of kind `kind` (indented under `search_space:`). */
function distributionLines(name: string, kind: (typeof MIXED_KINDS)[number], index: number): string[] {
  const lines = [`  ${name}:`, `    type: ${kind}`];
  switch (kind) {
    case 'uniform':
      return [...lines, `    min_value: ${index * 0.5}`, `    max_value: ${index * 0.5 + 10}`];
    case 'loguniform':
      return [...lines, '    min_value: -9.2', '    max_value: -2.3'];
    case 'normal':
      return [...lines, `    mu: ${index}`, '    sigma: 1.5'];
    case 'quniform':
      return [...lines, '    min_value: 8', '    max_value: 512', '    q: 8'];
    case 'choice':
      return [...lines, `    values: [relu, gelu, tanh, silu, elu, x${index}]`];
  }
}

interface SpecParts {
  readonly name: string;
  readonly sampling: readonly string[];
  readonly space: readonly string[];
  readonly keys: readonly string[];
  readonly program: string;
  readonly maxTotalTrials: number;
  readonly maxConcurrent: number;
}

/** Assembles a complete sweep job from its parts; every key is passed as `--key value`. */
function sweepYaml(parts: SpecParts): string {
  return [
    '$schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json',
    'type: sweep',
    `name: ${parts.name}`,
    'experiment_name: hypersweep-bench',
    'trial:',
    '  command: >-',
    `    ${parts.program}`,
    ...parts.keys.map((key) => `    --${key} \${{search_space.${key}}}`),
    'sampling_algorithm:',
    ...parts.sampling,
    'search_space:',
    ...parts.space,
    'objective:',
    '  goal: minimize',
    '  primary_metric: val_loss',
    'limits:',
    `  max_total_trials: ${parts.maxTotalTrials}`,
    `  max_concurrent_trials: ${parts.maxConcurrent}`,
    '',
  ].join('\n');
}

/** A random or Sobol sweep over `dimensions` keys that rotate through the five kinds. */
export function mixedSpaceYaml(dimensions: number, rule: 'random' | 'sobol'): string {
  const keys = Array.from({ length: dimensions }, (_, i) => `p${i}_${MIXED_KINDS[i % MIXED_KINDS.length] ?? 'uniform'}`);
  const space = keys.flatMap((key, i) => distributionLines(key, MIXED_KINDS[i % MIXED_KINDS.length] ?? 'uniform', i));
  return sweepYaml({
    name: `bench-${rule}`,
    sampling: ['  type: random', `  rule: ${rule}`, '  seed: 7'],
    space,
    keys,
    program: 'python train.py',
    maxTotalTrials: 100000,
    maxConcurrent: 8,
  });
}

/**
 * A spec of about `targetLines` lines: as many mixed search-space keys as fit, each passed on its
 * own line of a long command, with the comments a real file carries between sections.
 */
export function largeSpecYaml(targetLines: number): string {
  const keys: string[] = [];
  const space: string[] = [];
  // Header, sampling, objective and limits take 18 lines; each key adds its distribution
  // lines, one comment, and one command line.
  let lines = 18;
  for (let i = 0; lines < targetLines; i++) {
    const kind = MIXED_KINDS[i % MIXED_KINDS.length] ?? 'uniform';
    const key = `layer${Math.floor(i / MIXED_KINDS.length)}_${kind}_${i}`;
    const entry = [`  # ${kind} hyperparameter ${i} of the model`, ...distributionLines(key, kind, i)];
    keys.push(key);
    space.push(...entry);
    lines += entry.length + 1;
  }
  return sweepYaml({
    name: 'bench-large',
    sampling: ['  type: random', '  rule: random', '  seed: 11'],
    space,
    keys,
    program: 'python -m trainer.main --config configs/base.yaml --output_dir ./outputs',
    maxTotalTrials: 5000,
    maxConcurrent: 16,
  });
}

/** A grid sweep over `keyCount` choice keys of `valueCount` numeric values each. */
export function gridYaml(keyCount: number, valueCount: number): string {
  const keys = Array.from({ length: keyCount }, (_, i) => `g${i}`);
  const values = (k: number): string => Array.from({ length: valueCount }, (_, v) => String(k * 100 + v)).join(', ');
  return sweepYaml({
    name: 'bench-grid',
    sampling: ['  type: grid'],
    space: keys.flatMap((key, k) => [`  ${key}:`, '    type: choice', `    values: [${values(k)}]`]),
    keys,
    program: 'python train.py',
    maxTotalTrials: 1000,
    maxConcurrent: 8,
  });
}

/** A sweep whose trial is the no-op `true` (it ignores its arguments), for launch overhead. */
export function noopSweepYaml(trials: number, concurrency: number): string {
  return sweepYaml({
    name: 'bench-noop',
    sampling: ['  type: random', '  rule: random', '  seed: 3'],
    space: ['  x:', '    type: uniform', '    min_value: 0', '    max_value: 1'],
    keys: ['x'],
    program: 'true',
    maxTotalTrials: trials,
    maxConcurrent: concurrency,
  });
}

/** `loadSpec` that insists on success: a benchmark spec with errors is a bug in this file. */
export function loadValidSpec(text: string): SweepSpec {
  const result = loadSpec(text);
  if (!result.spec || hasErrors(result.diagnostics)) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    throw new Error(`A generated benchmark spec does not validate: ${errors.slice(0, 3).join('; ') || 'no spec returned'}`);
  }
  return result.spec;
}

/** Number of lines in `text` (a final newline does not start a new line). */
export function lineCount(text: string): number {
  const breaks = text.split('\n').length - 1;
  return text.endsWith('\n') ? breaks : breaks + 1;
}
