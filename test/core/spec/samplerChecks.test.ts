import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { loadSpec } from '../../../src/core/spec';
import { MINIMAL, edit, positionAt, rangeOf } from './specTestHelpers';

const LR = '  lr:\n    type: uniform\n    min_value: 0.001\n    max_value: 0.1\n';
const withSpace = (space: string, sampler = 'random'): string =>
  edit(edit(MINIMAL, LR, space), 'sampling_algorithm: random', `sampling_algorithm: ${sampler}`);
/** The range of a distribution mapping: from its first key to the end of its last value. */
function distributionRange(text: string, firstLine: string, lastValue: string) {
  const start = text.indexOf(firstLine) + firstLine.indexOf(firstLine.trimStart());
  const end = text.indexOf(lastValue, start) + lastValue.length;
  return { start: positionAt(text, start), end: positionAt(text, end) };
}

describe('sampler checks', () => {
  test('grid: a non-choice parameter is an error', () => {
    const text = withSpace(LR, 'grid');
    assert.deepEqual(loadSpec(text).diagnostics, [{
      severity: 'error', code: 'grid-incompatible',
      message: 'Grid sampling needs every parameter to be a `choice`; `lr` is `uniform`.',
      range: distributionRange(text, '    type: uniform', '0.1'),
    }]);
  });

  test('grid: a uniform with min > max shows the range error and the grid error at once', () => {
    const text = withSpace('  lr:\n    type: uniform\n    min_value: 5\n    max_value: 1\n  b:\n    type: normal\n    mu: 0\n    sigma: -1\n', 'grid');
    assert.deepEqual(loadSpec(text).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message]), [
      ['grid-incompatible', 'Grid sampling needs every parameter to be a `choice`; `lr` is `uniform`.'],
      ['out-of-range', '`min_value` must be less than `max_value` in `search_space.lr`, got 5 and 1.'],
      ['grid-incompatible', 'Grid sampling needs every parameter to be a `choice`; `b` is `normal`.'],
      ['out-of-range', '`sigma` must be at least 0, got -1.'],
    ]);
  });

  test('grid: checked even when limits are invalid', () => {
    const text = withSpace(LR, 'grid').replace('max_total_trials: 10', 'max_total_trials: -1');
    assert.deepEqual(loadSpec(text).diagnostics.map((d) => d.code).sort(), ['grid-incompatible', 'out-of-range']);
  });

  test('grid: a nested choice is an error', () => {
    const text = withSpace('  lr:\n    type: choice\n    values:\n      - a: 1\n', 'grid');
    const [diagnostic] = loadSpec(text).diagnostics;
    assert.equal(diagnostic?.code, 'grid-incompatible');
    assert.equal(diagnostic?.message, 'Grid sampling cannot use a nested choice (a mapping option) in `lr`; use random sampling or flatten the options.');
  });

  test('grid: strings mixed with numbers in one choice is an error', () => {
    const text = withSpace('  lr:\n    type: choice\n    values: [1, "a"]\n', 'grid');
    assert.deepEqual(loadSpec(text).diagnostics, [{
      severity: 'error', code: 'grid-incompatible',
      message: 'Grid sampling needs the values of `lr` to be all strings or all numbers, as Azure ML does; quote the numbers or unquote the strings.',
      range: distributionRange(text, '    type: choice', '[1, "a"]'),
    }]);
  });

  test('grid-truncated: both counts in the message', () => {
    const text = withSpace('  lr:\n    type: choice\n    values: [1, 2, 3]\n  b:\n    type: choice\n    values: [1, 2, 3, 4]\n', 'grid')
      .replace('${{search_space.lr}}', '${{search_space.lr}} ${{search_space.b}}');
    const result = loadSpec(text);
    assert.deepEqual(result.diagnostics, [{
      severity: 'warning', code: 'grid-truncated',
      message: 'The grid has 12 points but `max_total_trials` is 10: only the first 10 run (first-declared key varying slowest).',
      range: rangeOf(text, '10\n'.slice(0, 2), 0),
    }]);
    assert.deepEqual(result.spec?.sampling, { type: 'grid', form: 'string' });
  });

  test('bayesian: loguniform is an azure-incompatible info; the budget warning counts parameters', () => {
    const text = withSpace('  lr:\n    type: loguniform\n    min_value: -6\n    max_value: -2\n', 'bayesian');
    assert.deepEqual(loadSpec(text).diagnostics, [
      {
        severity: 'info', code: 'azure-incompatible',
        message: 'Azure ML does not accept this: Bayesian sampling there supports only `choice`, `uniform` and `quniform`, and `lr` is `loguniform`. HyperSweep supports it.',
        range: distributionRange(text, '    type: loguniform', '-2'),
      },
      {
        severity: 'warning', code: 'bayesian-budget',
        message: 'Bayesian sampling works best with at least 20 trials per parameter: 1 parameters call for at least 20, but `max_total_trials` is 10.',
        range: rangeOf(text, '10'),
      },
    ]);
  });

  test('bayesian: concurrency above 20 warns, early termination is an azure-incompatible info', () => {
    const text = `${edit(withSpace(LR, 'bayesian'), 'max_total_trials: 10', 'max_total_trials: 40\n  max_concurrent_trials: 25')}early_termination:\n  type: median_stopping\n`;
    assert.deepEqual(loadSpec(text).diagnostics, [
      {
        severity: 'warning', code: 'bayesian-concurrency',
        message: 'Bayesian sampling learns from finished trials: 25 concurrent trials leave it little to learn from; use 20 or fewer.',
        range: rangeOf(text, '25'),
      },
      {
        severity: 'info', code: 'azure-incompatible',
        message: 'Azure ML does not accept this: Bayesian sampling with an early-termination policy. HyperSweep allows it; stopped trials inform the model with the values they reached.',
        range: rangeOf(text, 'early_termination'),
      },
    ]);
  });

  test('loguniform-raw-bounds: warning with the real range and a fix writing ln(value)', () => {
    const text = withSpace('  lr:\n    type: loguniform\n    min_value: 0.001\n    max_value: 0.1\n');
    const start = text.indexOf('0.001');
    const end = text.indexOf('0.1\n', start + 5) + 3;
    assert.deepEqual(loadSpec(text).diagnostics, [{
      severity: 'warning', code: 'loguniform-raw-bounds',
      message: '`loguniform` bounds of `search_space.lr` are natural-log exponents: values fall in e^0.001..e^0.1 = 1.001..1.105. If you meant 0.001..0.1, write min_value: -6.9078 and max_value: -2.3026.',
      range: { start: positionAt(text, start), end: positionAt(text, end) },
      fix: {
        title: 'Rewrite bounds as ln(value)',
        edits: [
          { range: rangeOf(text, '0.001'), newText: '-6.9078' },
          { range: { start: positionAt(text, end - 3), end: positionAt(text, end) }, newText: '-2.3026' },
        ],
      },
    }]);
  });

  test('loguniform bounds that are already exponents, or 0..1, give no warning', () => {
    for (const [min, max] of [['-6.9', '-2.3'], ['0', '1'], ['1', '5']]) {
      const text = withSpace(`  lr:\n    type: qloguniform\n    min_value: ${min}\n    max_value: ${max}\n    q: 1\n`);
      assert.deepEqual(loadSpec(text).diagnostics, [], `${min}..${max}`);
    }
  });

  test('large raw bounds (a batch size 16..256) are flagged too', () => {
    const text = withSpace('  lr:\n    type: qloguniform\n    min_value: 16\n    max_value: 256\n    q: 1\n');
    const [diagnostic] = loadSpec(text).diagnostics;
    assert.equal(diagnostic?.code, 'loguniform-raw-bounds');
    assert.deepEqual(diagnostic?.fix?.edits.map((e) => e.newText), ['2.7726', '5.5452']);
  });

  test('a boolean choice value is accepted with an azure-incompatible info', () => {
    const text = withSpace('  lr:\n    type: choice\n    values: [true, false]\n');
    const result = loadSpec(text);
    assert.deepEqual(result.diagnostics.map((d) => [d.severity, d.code, d.message, d.range]), [
      ['info', 'azure-incompatible', 'Azure ML does not accept this: a boolean choice value in `search_space.lr` (Azure takes numbers and strings). HyperSweep passes it as `true`.', rangeOf(text, 'true')],
      ['info', 'azure-incompatible', 'Azure ML does not accept this: a boolean choice value in `search_space.lr` (Azure takes numbers and strings). HyperSweep passes it as `false`.', rangeOf(text, 'false')],
    ]);
    assert.ok(result.spec);
  });
});
