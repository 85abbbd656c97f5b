import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { camelToSnake, loadSpec } from '../../../src/core/spec';
import { MINIMAL, edit } from './specTestHelpers';

describe('case rules (azureml-sweep.md §1.9)', () => {
  test('camel_to_snake reproduces the table', () => {
    const table: [string, string][] = [
      ['bandit', 'bandit'], ['Bandit', 'bandit'], ['BANDIT', 'bandit'],
      ['median_stopping', 'median_stopping'], ['MedianStopping', 'median_stopping'], ['MEDIAN_STOPPING', 'median_stopping'],
      ['medianstopping', 'medianstopping'], ['Median_Stopping', 'median__stopping'],
      ['truncation_selection', 'truncation_selection'], ['TruncationSelection', 'truncation_selection'], ['truncationSelection', 'truncation_selection'],
      ['maximize', 'maximize'], ['Maximize', 'maximize'], ['MAXIMIZE', 'maximize'], ['MaXimize', 'ma_ximize'],
      ['Random', 'random'], ['RANDOM', 'random'], ['Sobol', 'sobol'], ['SOBOL', 'sobol'],
    ];
    for (const [input, expected] of table) assert.equal(camelToSnake(input), expected, input);
  });

  const policy = (type: string) => loadSpec(`${MINIMAL}early_termination:\n  type: ${type}\n  truncation_percentage: 10\n`);
  for (const accepted of ['truncation_selection', 'TruncationSelection', 'truncationSelection', 'TRUNCATION_SELECTION']) {
    test(`early_termination type ${accepted} is accepted`, () => {
      assert.equal(policy(accepted).spec?.early_termination?.type, 'truncation_selection');
    });
  }
  for (const rejected of ['truncationselection', 'Truncation_Selection']) {
    test(`early_termination type ${rejected} is rejected`, () => {
      assert.deepEqual(policy(rejected).diagnostics.map((d) => d.code), ['invalid-value']);
    });
  }

  test('goal: Maximize and MAXIMIZE accepted, MaXimize rejected', () => {
    for (const goal of ['Maximize', 'MAXIMIZE']) assert.equal(loadSpec(edit(MINIMAL, 'goal: maximize', `goal: ${goal}`)).spec?.objective.goal, 'maximize');
    assert.deepEqual(loadSpec(edit(MINIMAL, 'goal: maximize', 'goal: MaXimize')).diagnostics.map((d) => d.code), ['invalid-value']);
  });

  test('plain lower(): type Sweep, sampling_algorithm RANDOM, distribution LogUniform / QLogNormal; log_uniform rejected', () => {
    const text = edit(edit(edit(MINIMAL, 'type: sweep', 'type: SWEEP'), 'sampling_algorithm: random', 'sampling_algorithm: RANDOM'), 'type: uniform', 'type: Uniform');
    assert.equal(loadSpec(text).spec?.sampling.type, 'random');
    const log = loadSpec(edit(MINIMAL, 'type: uniform\n    min_value: 0.001\n    max_value: 0.1', 'type: LogUniform\n    min_value: -3\n    max_value: -1'));
    assert.equal(log.spec?.search_space.parameters[0]?.distribution.type, 'loguniform');
    const qlog = loadSpec(edit(MINIMAL, 'type: uniform\n    min_value: 0.001\n    max_value: 0.1', 'type: QLogNormal\n    mu: 0\n    sigma: 1\n    q: 1'));
    assert.equal(qlog.spec?.search_space.parameters[0]?.distribution.type, 'qlognormal');
    const bad = loadSpec(edit(MINIMAL, 'type: uniform', 'type: log_uniform'));
    assert.deepEqual(bad.diagnostics.map((d) => d.code), ['invalid-value']);
  });

  test('sampling object: type and rule use camel_to_snake (Random, SOBOL)', () => {
    const text = edit(MINIMAL, 'sampling_algorithm: random', 'sampling_algorithm:\n  type: Random\n  rule: SOBOL\n  seed: 7');
    assert.deepEqual(loadSpec(text).spec?.sampling, { type: 'random', rule: 'sobol', seed: 7, form: 'object' });
  });

  test('keys themselves are case-sensitive', () => {
    const text = edit(MINIMAL, 'max_total_trials', 'Max_Total_Trials');
    assert.deepEqual(loadSpec(text).diagnostics.map((d) => [d.code, d.message]), [
      ['limits-missing', '`max_total_trials` is missing in `limits`: HyperSweep runs at most 1000 trials (the documented default), but the Azure ML CLI requires it.'],
      ['unknown-key', 'Unknown key `Max_Total_Trials` in `limits`; did you mean `max_total_trials`?'],
    ]);
  });
});
