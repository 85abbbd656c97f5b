/**
 * The HyperSweep snippets (a whole sweep job, one search-space parameter per distribution, one
 * early-termination block per policy), offered by the sweep-spec completion provider only where
 * they fit: the job in an empty spec, a parameter among the names of `search_space` (or of a
 * nested choice option), a policy at the top level when there is none. Snippets contributed in
 * package.json would show in every YAML file and at every position, so they live here instead.
 * Bodies are written with a 2-space step and re-indented to the document's own (snippetText.ts).
 */
import { reindent } from './snippetText';

/** Where a snippet may be offered. */
export type SnippetPlace = 'empty-spec' | 'parameter' | 'policy';

export interface SpecSnippet {
  readonly label: string;
  /** What the user types to find it (the editor filters on this). */
  readonly prefix: string;
  readonly description: string;
  readonly place: SnippetPlace;
  /** Snippet lines, 2-space step; the first is inserted at the cursor. */
  readonly body: readonly string[];
}

const DISTRIBUTIONS: readonly { readonly type: string; readonly description: string; readonly lines: readonly string[] }[] = [
  { type: 'choice', description: 'one of the listed values', lines: ['  values: [${2:1, 2, 3}]'] },
  { type: 'randint', description: 'an integer in 0..upper-1', lines: ['  upper: ${2:10}'] },
  { type: 'uniform', description: 'a real number in [min_value, max_value)', lines: ['  min_value: ${2:0}', '  max_value: ${3:1}'] },
  { type: 'loguniform', description: 'exp(uniform(min, max)); the bounds are natural-log exponents', lines: ['  min_value: ${2:-6.9078}  # e^-6.9078 = 0.001', '  max_value: ${3:-2.3026}  # e^-2.3026 = 0.1'] },
  { type: 'quniform', description: 'uniform rounded to a multiple of q', lines: ['  min_value: ${2:0}', '  max_value: ${3:100}', '  q: ${4:10}'] },
  { type: 'qloguniform', description: 'loguniform rounded to a multiple of q; bounds are natural-log exponents', lines: ['  min_value: ${2:0}', '  max_value: ${3:4.6052}', '  q: ${4:1}'] },
  { type: 'normal', description: 'normal(mu, sigma)', lines: ['  mu: ${2:0}', '  sigma: ${3:1}'] },
  { type: 'lognormal', description: 'exp(normal(mu, sigma))', lines: ['  mu: ${2:0}', '  sigma: ${3:1}'] },
  { type: 'qnormal', description: 'normal rounded to a multiple of q', lines: ['  mu: ${2:0}', '  sigma: ${3:1}', '  q: ${4:1}'] },
  { type: 'qlognormal', description: 'lognormal rounded to a multiple of q', lines: ['  mu: ${2:0}', '  sigma: ${3:1}', '  q: ${4:1}'] },
];

const POLICIES: readonly { readonly type: string; readonly description: string; readonly lines: readonly string[] }[] = [
  { type: 'bandit', description: 'stop trials outside the slack of the best trial', lines: ['  slack_factor: ${1:0.1}', '  evaluation_interval: ${2:1}', '  delay_evaluation: ${3:5}'] },
  { type: 'median_stopping', description: 'stop trials worse than the median of running averages', lines: ['  evaluation_interval: ${1:1}', '  delay_evaluation: ${2:5}'] },
  { type: 'truncation_selection', description: 'stop the worst truncation_percentage percent of trials', lines: ['  truncation_percentage: ${1:20}', '  evaluation_interval: ${2:1}', '  delay_evaluation: ${3:5}'] },
  { type: 'asha', description: 'asynchronous successive halving: keep the top 1/reduction_factor at each rung (HyperSweep extension)', lines: ['  min_resource: ${1:1}', '  max_resource: ${2:81}', '  reduction_factor: ${3:3}'] },
  { type: 'hyperband', description: 'Hyperband brackets of successive halving (HyperSweep extension)', lines: ['  min_resource: ${1:1}', '  max_resource: ${2:81}', '  reduction_factor: ${3:3}'] },
];

const SWEEP_JOB: SpecSnippet = {
  label: 'Sweep job',
  prefix: 'sweep',
  description: 'A whole HyperSweep / Azure ML CLI v2 sweep job',
  place: 'empty-spec',
  body: [
    'type: sweep',
    'name: ${1:my_sweep}',
    'sampling_algorithm: ${2|random,grid,bayesian|}',
    'search_space:',
    '  ${3:learning_rate}:',
    '    type: loguniform  # bounds are natural-log exponents: e^-6.9078..e^-2.3026 = 0.001..0.1',
    '    min_value: -6.9078',
    '    max_value: -2.3026',
    '  ${4:batch_size}:',
    '    type: choice',
    '    values: [16, 32, 64]',
    'objective:',
    '  goal: ${5|maximize,minimize|}',
    '  primary_metric: ${6:accuracy}',
    'limits:',
    '  max_total_trials: ${7:20}',
    '  max_concurrent_trials: ${8:2}',
    'trial:',
    '  code: .',
    '  command: >-',
    '    python ${9:train.py}',
    '    --${3} \\${{search_space.${3}}}',
    '    --${4} \\${{search_space.${4}}}',
    '$0',
  ],
};

/** Every HyperSweep snippet, in the order they are offered. */
export const SPEC_SNIPPETS: readonly SpecSnippet[] = [
  SWEEP_JOB,
  ...DISTRIBUTIONS.map((d): SpecSnippet => ({
    label: `Parameter: ${d.type}`,
    prefix: d.type,
    description: `A search-space parameter: ${d.description}`,
    place: 'parameter',
    body: ['${1:name}:', `  type: ${d.type}`, ...d.lines],
  })),
  ...POLICIES.map((p): SpecSnippet => ({
    label: `Policy: ${p.type}`,
    prefix: p.type,
    description: `Early termination: ${p.description}`,
    place: 'policy',
    body: ['early_termination:', `  type: ${p.type}`, ...p.lines],
  })),
];

/** The snippet's text for a first line at column `indent` of a document with step `unit`. */
export function snippetText(snippet: SpecSnippet, indent: string, unit: string): string {
  return reindent(snippet.body.join('\n'), indent, unit);
}
