import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decode, dimensions, encode, paramsKey } from '../../../src/core/space/encoding';
import { SpaceValueError } from '../../../src/core/space/distributions';
import type { SearchSpace } from '../../../src/core/spec/model';
import { anySpace, assertValidFor } from './arbitraries';

const nestedSpace: SearchSpace = {
  parameters: [
    { name: 'lr', distribution: { type: 'loguniform', min_value: -6, max_value: -1 } },
    {
      name: 'model',
      distribution: {
        type: 'choice',
        values: [
          'linear',
          { kind: 'nested', entries: [{ name: 'kind', value: 'svm' }, { name: 'c', value: { type: 'uniform', min_value: 0, max_value: 10 } }] },
          {
            kind: 'nested',
            entries: [
              { name: 'kind', value: 'tree' },
              { name: 'depth', value: { type: 'randint', upper: 8 } },
              { name: 'split', value: { type: 'choice', values: ['gini', 'entropy'] } },
            ],
          },
        ],
      },
    },
    { name: 'batch', distribution: { type: 'choice', values: [16, 32] } },
  ],
};

describe('dimensions', () => {
  test('leaves in YAML order, depth first, with paths and labels', () => {
    const dims = dimensions(nestedSpace);
    assert.deepEqual(dims.map((d) => d.label), ['lr', 'model', 'model[1].c', 'model[2].depth', 'model[2].split', 'batch']);
    assert.deepEqual(dims[3]?.path, ['model', 2, 'depth']);
    assert.deepEqual(dims.map((d) => d.cardinality), [Infinity, 3, Infinity, 8, 2, 2]);
  });
});

describe('decode', () => {
  test('nested choice gives the chosen mapping with constants kept and entries sampled', () => {
    const params = decode(nestedSpace, [0, 0.9, 0.5, 0.5, 0.75, 0.1]);
    assert.deepEqual(params, { lr: Math.exp(-6), model: { kind: 'tree', depth: 4, split: 'entropy' }, batch: 16 });
    const svm = decode(nestedSpace, [0, 0.5, 0.5, 0.5, 0.75, 0.9]);
    assert.deepEqual(svm.model, { kind: 'svm', c: 5 });
    assert.equal(decode(nestedSpace, [0, 0.1, 0.5, 0.5, 0.75, 0.9]).model, 'linear');
  });
  test('too few coordinates is a clear error', () => {
    assert.throws(() => decode(nestedSpace, [0.5, 0.5]), /needs 6 coordinates/);
  });
});

describe('encode', () => {
  test('marks the dimensions of unchosen options inactive', () => {
    const point = encode(nestedSpace, { lr: 0.01, model: { kind: 'svm', c: 2.5 }, batch: 32 });
    assert.deepEqual(point.active, [true, true, true, false, false, true]);
    assert.equal(point.u[1], 0.5);
    assert.ok(Math.abs((point.u[2] ?? 0) - 0.25) < 1e-12);
  });
  test('a missing key or unknown mapping is a SpaceValueError', () => {
    assert.throws(() => encode(nestedSpace, { lr: 0.01, batch: 16 }), /no value for search-space key 'model'/);
    assert.throws(() => encode(nestedSpace, { lr: 0.01, model: { kind: 'forest' }, batch: 16 }), SpaceValueError);
  });
  test('decode(encode(p)) == p and every value valid, for random spaces and points (property)', () => {
    fc.assert(
      fc.property(anySpace, fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 40, maxLength: 40 }), (space, cube) => {
        const dims = dimensions(space);
        const u = dims.map((_, i) => cube[i % cube.length] ?? 0);
        const params = decode(space, u);
        for (const parameter of space.parameters) assertValidFor(parameter.distribution, params[parameter.name]);
        const point = encode(space, params);
        assert.equal(point.u.length, dims.length);
        assert.deepEqual(decode(space, point.u), params);
      }),
      { numRuns: 150 },
    );
  });
});

describe('paramsKey', () => {
  test('ignores key order, distinguishes values and types', () => {
    assert.equal(paramsKey({ a: 1, b: { y: 'x', x: 2 } }), paramsKey({ b: { x: 2, y: 'x' }, a: 1 }));
    assert.notEqual(paramsKey({ a: 1 }), paramsKey({ a: '1' }));
    assert.equal(paramsKey({ a: 0.1, b: -0 }), '{"a":0.1,"b":0}');
  });
});
