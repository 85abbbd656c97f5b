import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeDistribution, hoverAt } from '../../../../src/core/spec/assist';

const SPEC = `type: sweep
sampling_algorithm: grid
search_space:
  lr:
    type: loguniform
    min_value: -6.9078
    max_value: -2.3026
  bs:
    type: choice
    values: [16, 32, 64]
  depth:
    type: randint
    upper: 4
objective:
  goal: maximize
  primary_metric: acc
limits:
  max_total_trials: 5
trial:
  command: python train.py
`;

/** SPEC without its continuous parameter: a finite grid of 3 × 4 points. */
const DISCRETE = SPEC.replace(/  lr:\n(    .*\n){3}/, '');

function inside(text: string, needle: string, delta = 1): number {
  const index = text.indexOf(needle);
  assert.ok(index >= 0);
  return index + delta;
}

describe('hoverAt', () => {
  test('a top-level key shows its schema doc and the hovered key range', () => {
    const hover = hoverAt(SPEC, inside(SPEC, 'objective'));
    assert.match(hover?.markdown ?? '', /^\*\*objective\*\* \(mapping, required\)/);
    assert.match(hover?.markdown ?? '', /ranks trials/);
    const start = SPEC.indexOf('objective');
    assert.deepEqual(hover?.range, { start, end: start + 'objective'.length });
  });

  test('a loguniform hover shows the real range e^min..e^max in numbers', () => {
    const hover = hoverAt(SPEC, inside(SPEC, 'loguniform', 3));
    assert.match(hover?.markdown ?? '', /\*\*loguniform\*\* \(distribution\)/);
    assert.match(hover?.markdown ?? '', /e\^-6\.908\.\.e\^-2\.303 = \*\*0\.001\.\.0\.1\*\*/);
  });

  test('hovering a bound of a loguniform explains the exponent and shows the range', () => {
    const hover = hoverAt(SPEC, inside(SPEC, 'min_value'));
    assert.match(hover?.markdown ?? '', /natural-log exponent/);
    assert.match(hover?.markdown ?? '', /0\.001\.\.0\.1/);
  });

  test('a grid sampling_algorithm hover shows the grid size and what max_total_trials keeps', () => {
    const hover = hoverAt(DISCRETE, inside(DISCRETE, 'grid'));
    assert.match(hover?.markdown ?? '', /\*\*Grid size: 12\*\* \(3 × 4\)/);
    assert.match(hover?.markdown ?? '', /Only the first 5 run/);
  });

  test('a grid over a continuous parameter is called infinite', () => {
    assert.match(hoverAt(SPEC, inside(SPEC, 'grid'))?.markdown ?? '', /grid is infinite/);
    const continuous = 'sampling_algorithm: grid\nsearch_space:\n  x:\n    type: uniform\n    min_value: 0\n    max_value: 1\n';
    assert.match(hoverAt(continuous, inside(continuous, 'grid'))?.markdown ?? '', /grid is infinite/);
  });

  test('a parameter name shows the search-space entry doc and its values', () => {
    const hover = hoverAt(SPEC, inside(SPEC, '  bs:', 3));
    assert.match(hover?.markdown ?? '', /\*\*bs\*\* in `search_space`/);
    assert.match(hover?.markdown ?? '', /One of 3 values, uniformly: 16, 32, 64/);
    assert.match(hoverAt(SPEC, inside(SPEC, 'upper'))?.markdown ?? '', /An integer in 0\.\.3 \(4 values\)/);
  });

  test('nothing on blank lines, comments, or free values', () => {
    assert.equal(hoverAt('# note\n', 2), undefined);
    assert.equal(hoverAt('\n\n', 1), undefined);
    assert.equal(hoverAt('name: x\n', 6)?.markdown.includes('**name**'), true);
  });

  test('distribution summaries: uniform previews show five non-decreasing quantiles', () => {
    fc.assert(fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0.001, max: 100, noNaN: true }), (min, width) => {
      const text = describeDistribution({ type: 'uniform', min_value: min, max_value: min + width });
      const numbers = [...text.matchAll(/\d+%: (-?[\d.e+-]*\d)/g)].map((m) => Number(m[1]));
      assert.equal(numbers.length, 5);
      for (let i = 1; i < numbers.length; i += 1) assert.ok((numbers[i] ?? 0) >= (numbers[i - 1] ?? 0));
    }));
  });

  test('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.nat(), (text, n) => {
      hoverAt(text, n % (text.length + 1));
    }), { numRuns: 300 });
  });
});
