/**
 * The text of a new sweep spec for a training script: each option the script takes becomes a
 * search-space parameter with a guessed distribution the user edits, and the command passes it
 * as `--flag ${{search_space.name}}`. The spec is created next to the script, so `code: .`.
 */
import type { Goal } from '../model';
import { shortNumber } from './distributionSummary';
import type { ScriptOption } from './scriptOptions';

export interface NewSpecRequest {
  /** File name of the script (the spec is created in the same folder). */
  readonly scriptFileName: string;
  readonly options: readonly ScriptOption[];
  readonly primaryMetric: string;
  readonly goal: Goal;
}

/** The program that runs a script, by its extension. */
export function interpreterFor(scriptFileName: string): string {
  if (/\.py$/i.test(scriptFileName)) return 'python';
  if (/\.(m|c)?js$/i.test(scriptFileName)) return 'node';
  if (/\.(sh|bash)$/i.test(scriptFileName)) return 'bash';
  return `./${scriptFileName}`;
}

/** A YAML scalar for a choice value: numbers as numbers, anything else quoted. */
function yamlValue(value: string): string {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(value) ? value : JSON.stringify(value);
}

/** The distribution lines (at 4 spaces) guessed for one option. */
function distributionFor(option: ScriptOption): string[] {
  if (option.choices) return ['type: choice', `values: [${option.choices.map(yamlValue).join(', ')}]`];
  const number = option.default !== undefined ? Number(option.default) : NaN;
  switch (option.type) {
    case 'float':
      if (number > 0 && number < 1) {
        // Small positive rates are searched on a log scale; the bounds are natural-log exponents.
        const low = number / 10;
        const high = Math.min(1, number * 10);
        return [
          `type: loguniform  # values e^min..e^max = ${shortNumber(low)}..${shortNumber(high)}`,
          `min_value: ${Math.log(low).toFixed(4)}`,
          `max_value: ${Math.log(high).toFixed(4)}`,
        ];
      }
      return ['type: uniform', `min_value: 0`, `max_value: ${Number.isFinite(number) && number > 0 ? shortNumber(number * 2) : '1'}`];
    case 'int': {
      const guesses = Number.isInteger(number) && number > 1
        ? [Math.max(1, Math.round(number / 2)), number, number * 2]
        : [...(Number.isInteger(number) ? [number] : []), 1, 2, 4];
      return ['type: choice', `values: [${[...new Set(guesses)].join(', ')}]`];
    }
    case 'bool':
      return ['type: choice', 'values: ["True", "False"]'];
    case 'string':
    case 'unknown':
      return option.default !== undefined
        ? ['type: choice  # add the values to try', `values: [${yamlValue(option.default)}]`]
        : ['type: choice  # replace with the values to try', 'values: ["value1", "value2"]'];
  }
}

/** YAML text of a new sweep spec for the script. */
export function newSpecText(request: NewSpecRequest): string {
  const valued = request.options.filter((o) => o.takesValue);
  const skipped = request.options.filter((o) => !o.takesValue);
  const stem = request.scriptFileName.replace(/\.[^.]+$/, '');
  const lines: string[] = [
    '# A HyperSweep / Azure ML CLI v2 sweep job. Edit the search space, then Run Sweep.',
    'type: sweep',
    `name: ${JSON.stringify(stem.replace(/[^A-Za-z0-9_-]/g, '_'))}`,
    'sampling_algorithm: random',
    'search_space:',
  ];
  if (valued.length === 0) {
    lines.push('  # No command-line options were found in the script; add parameters here and', '  # pass them in trial.command as --name ${{search_space.name}}.');
    lines.push('  learning_rate:', '    type: loguniform', '    min_value: -6.9078', '    max_value: -2.3026');
  }
  for (const option of valued) {
    lines.push(`  ${option.name}:`, ...distributionFor(option).map((l) => `    ${l}`));
  }
  lines.push(
    'objective:',
    `  goal: ${request.goal}`,
    `  primary_metric: ${JSON.stringify(request.primaryMetric)}`,
    'limits:',
    '  max_total_trials: 20',
    '  max_concurrent_trials: 2',
    'trial:',
  );
  if (skipped.length > 0) lines.push(`  # On/off flags left out of the search: ${skipped.map((o) => o.flag).join(', ')}`);
  lines.push('  code: .', '  command: >-', `    ${interpreterFor(request.scriptFileName)} ${request.scriptFileName}`);
  for (const option of valued) lines.push(`    ${option.flag} \${{search_space.${option.name}}}`);
  return `${lines.join('\n')}\n`;
}
