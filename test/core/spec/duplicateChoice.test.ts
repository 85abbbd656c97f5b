/**
 * A `choice` that lists a value twice (`[1, 1]`) once crashed Bayesian sampling (`sample` and
 * `run` ended with an internal error) while `validate` said nothing: the space looked bigger than
 * it was. Now validate warns at the repeated value, the model keeps each value once, and every
 * sampler proposes each configuration once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSpec } from '../../../src/core/spec';
import type { ChoiceDistribution } from '../../../src/core/spec/model';
import { createSampler } from '../../../src/core/samplers';
import { paramsKey } from '../../../src/core/space';
import { withCode } from './specTestHelpers';

const SPEC = `type: sweep
sampling_algorithm: bayesian
search_space:
  x:
    type: choice
    values: [1, 1, -0, 0]
  y:
    type: choice
    values: [a, b, a, {k: 1}, {k: 1}]
objective:
  goal: minimize
  primary_metric: loss
limits:
  max_total_trials: 40
trial:
  command: python train.py --x \${{search_space.x}} --y \${{search_space.y}}
`;

test('validate warns at each repeated choice value and says it is ignored', () => {
  const { diagnostics } = loadSpec(SPEC);
  const found = withCode(diagnostics, 'duplicate-choice');
  // Line 6 is `    values: [1, 1, -0, 0]`, line 9 `    values: [a, b, a, {k: 1}, {k: 1}]`.
  assert.deepEqual(found.map((d) => [d.severity, d.range.start.line, d.range.start.column, SPEC.slice(d.range.start.offset, d.range.end.offset)]), [
    ['warning', 6, 17, '1'],
    ['warning', 6, 24, '0'],
    ['warning', 9, 20, 'a'],
    ['warning', 9, 31, '{k: 1}'],
  ]);
  assert.match(found[0]?.message ?? '', /^`1` repeats value 1 of `search_space\.x`: the duplicate is ignored/);
  assert.match(found[1]?.message ?? '', /^`0` repeats value 3 of `search_space\.x`/);
  assert.match(found[3]?.message ?? '', /^this mapping repeats value 4 of `search_space\.y`/);
  assert.equal(diagnostics.filter((d) => d.severity === 'error').length, 0);
});

test('the model keeps each value once, in first-seen order', () => {
  const { spec } = loadSpec(SPEC);
  const [x, y] = spec?.search_space.parameters.map((p) => p.distribution as ChoiceDistribution) ?? [];
  assert.deepEqual(x?.values, [1, -0]);
  assert.equal(Object.is(x?.values[1], -0), true);
  assert.equal(y?.values.length, 3);
});

for (const type of ['bayesian', 'random', 'grid'] as const) {
  test(`${type} sampling proposes each of the 6 configurations once and then stops, without crashing`, () => {
    // Grid takes constants only: the mapping option becomes the string `c` there.
    const text = SPEC.replace('sampling_algorithm: bayesian', `sampling_algorithm: ${type}`);
    const { spec } = loadSpec(type === 'grid' ? text.replace('{k: 1}, {k: 1}', 'c, c') : text);
    assert.ok(spec);
    const sampler = createSampler(spec.sampling, { space: spec.search_space, seed: 3, goal: 'minimize' });
    const { proposals } = sampler.propose([], 40);
    assert.equal(proposals.length, 6);
    assert.equal(new Set(proposals.map((p) => paramsKey(p.params))).size, 6);
  });
}
