import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SamplerConfigurationError } from '../../../src/core/samplers/errors';
import { createGridSampler } from '../../../src/core/samplers/grid';
import { paramsKey } from '../../../src/core/space/encoding';
import type { SearchSpace } from '../../../src/core/spec/model';
import { assertValidFor } from '../space/arbitraries';
import { asHistory, discreteSpace, proposeOneByOne, spaceOf } from './helpers';

const context = (space: SearchSpace) => ({ space, seed: 0, goal: 'maximize' as const });
const small = spaceOf({ a: { type: 'choice', values: [1, 2] }, b: { type: 'choice', values: ['x', 'y', 'z'] } });

describe('grid sampler', () => {
  test('lexicographic order, first key slowest, values in list order, then exhausted', () => {
    const all = proposeOneByOne(createGridSampler(context(small)), 100);
    assert.deepEqual(
      all.map((p) => [p.sequence, p.params.a, p.params.b]),
      [[0, 1, 'x'], [1, 1, 'y'], [2, 1, 'z'], [3, 2, 'x'], [4, 2, 'y'], [5, 2, 'z']],
    );
    assert.deepEqual(createGridSampler(context(small)).propose(asHistory(all), 2), { proposals: [], exhausted: true });
  });

  test('batches stop at the end and report exhaustion with the last points', () => {
    const sampler = createGridSampler(context(small));
    const first = sampler.propose([], 4);
    assert.equal(first.exhausted, false);
    const second = sampler.propose(asHistory(first.proposals), 4);
    assert.deepEqual(second.proposals.map((p) => p.sequence), [4, 5]);
    assert.equal(second.exhausted, true);
  });

  test('resume: 4 + replayed history + 6 equals 10 in one go', () => {
    const straight = proposeOneByOne(createGridSampler(context(discreteSpace)), 10);
    const first = proposeOneByOne(createGridSampler(context(discreteSpace)), 4);
    assert.deepEqual([...first, ...proposeOneByOne(createGridSampler(context(discreteSpace)), 6, asHistory(first))], straight);
  });

  test('a 10^12-point grid proposes its first and its last point without listing it', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const huge = spaceOf(Object.fromEntries(['a', 'b', 'c', 'd'].map((k) => [k, { type: 'choice' as const, values }])));
    const sampler = createGridSampler(context(huge));
    assert.deepEqual(sampler.propose([], 1).proposals, [{ sequence: 0, params: { a: 0, b: 0, c: 0, d: 0 } }]);
    const last = sampler.propose([{ sequence: 1e12 - 2, params: {}, state: 'completed', primary: [] }], 5);
    assert.deepEqual(last.proposals, [{ sequence: 1e12 - 1, params: { a: 999, b: 999, c: 999, d: 999 } }]);
    assert.equal(last.exhausted, true);
  });

  test('whole grid of random choice spaces: every point once, each valid (property)', () => {
    const choice = fc.uniqueArray(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 4 }).map((values) => ({ type: 'choice' as const, values }));
    fc.assert(
      fc.property(fc.array(choice, { minLength: 1, maxLength: 4 }), (distributions) => {
        const space = spaceOf(Object.fromEntries(distributions.map((d, i) => [`k${i}`, d])));
        const size = distributions.reduce((n, d) => n * d.values.length, 1);
        const result = createGridSampler(context(space)).propose([], size + 3);
        assert.equal(result.proposals.length, size);
        assert.equal(result.exhausted, true);
        assert.equal(new Set(result.proposals.map((p) => paramsKey(p.params))).size, size);
        for (const p of result.proposals) for (const parameter of space.parameters) assertValidFor(parameter.distribution, p.params[parameter.name]);
      }),
      { numRuns: 60 },
    );
  });

  test('a continuous key is a clear configuration error', () => {
    const space = spaceOf({ a: { type: 'choice', values: [1] }, lr: { type: 'uniform', min_value: 0, max_value: 1 } });
    assert.throws(() => createGridSampler(context(space)), (error: unknown) => error instanceof SamplerConfigurationError && /'lr' is uniform/.test(error.message));
  });
});
