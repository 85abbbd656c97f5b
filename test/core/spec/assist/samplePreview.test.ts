import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { previewSamplesText } from '../../../../src/core/spec/assist';
import { createSampler } from '../../../../src/core/samplers';
import { loadSpec } from '../../../../src/core/spec';

const GRID = `type: sweep
sampling_algorithm: grid
search_space:
  a:
    type: choice
    values: [1, 2]
  b:
    type: choice
    values: [x, y]
objective:
  goal: minimize
  primary_metric: loss
limits:
  max_total_trials: 10
trial:
  command: run \${{search_space.a}} \${{search_space.b}}
`;

describe('previewSamplesText', () => {
  test('a grid preview lists the points in order and says when the space is smaller than N', () => {
    assert.equal(previewSamplesText(GRID, 10, { fileName: 'g.sweep.yaml' }), [
      '# First 10 configurations of g.sweep.yaml',
      '# Sampler: grid.',
      '',
      '#  a  b',
      '0  1  x',
      '1  1  y',
      '2  2  x',
      '3  2  y',
      '',
      'The search space holds only 4 configurations.',
      '',
    ].join('\n'));
  });

  test('a random preview with the spec seed shows exactly what the sampler proposes', () => {
    const text = GRID.replace('sampling_algorithm: grid', 'sampling_algorithm:\n  type: random\n  seed: 42')
      .replace('values: [1, 2]', 'values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]');
    const spec = loadSpec(text).spec;
    assert.ok(spec);
    const expected = createSampler(spec.sampling, { space: spec.search_space, seed: 42, goal: 'minimize' }).propose([], 3).proposals;
    const preview = previewSamplesText(text, 3);
    assert.match(preview, /seed 42 \(from the spec\)/);
    const rows = preview.trim().split('\n').slice(-3).map((r) => r.split(/\s+/));
    assert.deepEqual(rows.map((r) => [Number(r[1]), r[2]]), expected.map((p) => [p.params.a, p.params.b]));
  });

  test('without a seed the preview says a run will differ', () => {
    assert.match(previewSamplesText(GRID.replace('grid', 'random'), 2), /sets no seed/);
  });

  test('a spec with errors explains what to fix instead of a table', () => {
    const preview = previewSamplesText(GRID.replace('goal: minimize', 'goal: sideways'), 5);
    assert.match(preview, /The spec has 1 error; fix them to preview samples:\n {2}line 11: Invalid value `sideways`/);
  });

  test('Bayesian sampling previews its first proposals or explains why it cannot, never throws', () => {
    assert.match(previewSamplesText(GRID.replace('grid', 'bayesian'), 5), /# Sampler: bayesian\.\n\n(#  a  b|No preview: )/);
  });
});
