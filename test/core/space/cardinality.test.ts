import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { discreteSize, gridSize, isAllDiscrete } from '../../../src/core/space/cardinality';
import type { Distribution, SearchSpace } from '../../../src/core/spec/model';

function space(...distributions: Distribution[]): SearchSpace {
  return { parameters: distributions.map((distribution, i) => ({ name: `p${i}`, distribution })) };
}
const choice = (...values: (number | string)[]): Distribution => ({ type: 'choice', values });

describe('gridSize', () => {
  test('is the product of the choice lengths', () => {
    assert.equal(gridSize(space(choice(1, 2, 3), choice('a', 'b'), choice(0.1))), 6);
  });
  test('empty space has one point, an empty choice none', () => {
    assert.equal(gridSize(space()), 1);
    assert.equal(gridSize(space(choice(1, 2), { type: 'choice', values: [] })), 0);
  });
  test('exceeding 2^53 gives Infinity, never throws', () => {
    const big = Array.from({ length: 1000 }, (_, i) => i);
    const s = space(...Array.from({ length: 6 }, () => choice(...big)));
    assert.equal(gridSize(s), Infinity);
    assert.equal(gridSize(space(...Array.from({ length: 4 }, () => choice(...big)))), 1e12);
  });
  test('continuous distributions make it Infinity', () => {
    assert.equal(gridSize(space(choice(1), { type: 'uniform', min_value: 0, max_value: 1 })), Infinity);
  });
});

describe('isAllDiscrete and discreteSize', () => {
  const nested: Distribution = {
    type: 'choice',
    values: [
      { kind: 'nested', entries: [{ name: 'kind', value: 'svm' }, { name: 'c', value: { type: 'choice', values: [1, 10, 100] } }] },
      { kind: 'nested', entries: [{ name: 'kind', value: 'tree' }, { name: 'depth', value: { type: 'randint', upper: 4 } }, { name: 'leaf', value: choice(1, 2) }] },
      'none',
    ],
  };
  test('nested choice sums its options (3 + 4*2 + 1)', () => {
    const s = space(nested, { type: 'randint', upper: 5 });
    assert.equal(isAllDiscrete(s), true);
    assert.equal(discreteSize(s), 12 * 5);
  });
  test('a continuous leaf anywhere makes the space not discrete', () => {
    const inner: Distribution = {
      type: 'choice',
      values: [{ kind: 'nested', entries: [{ name: 'lr', value: { type: 'normal', mu: 0, sigma: 1 } }] }],
    };
    assert.equal(isAllDiscrete(space(inner)), false);
    assert.equal(discreteSize(space(inner)), Infinity);
    assert.equal(isAllDiscrete(space(choice(1), { type: 'quniform', min_value: 0, max_value: 4, q: 1 })), false);
  });
});
