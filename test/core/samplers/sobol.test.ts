import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSobolSampler } from '../../../src/core/samplers/sobol';
import { SobolSequence } from '../../../src/core/samplers/sobolSequence';
import { decode, dimensions, paramsKey } from '../../../src/core/space/encoding';
import { anySpace, assertValidFor } from '../space/arbitraries';
import { asHistory, discreteSpace, mixedSpace, proposeOneByOne, spaceOf } from './helpers';

const context = (seed: number, space = mixedSpace) => ({ space, seed, goal: 'maximize' as const });

describe('sobol sampler', () => {
  test('proposal i is decode(space, Sobol point i); unscrambled starts at the origin', () => {
    const sampler = createSobolSampler(context(0), { scramble: false });
    const proposals = proposeOneByOne(sampler, 8);
    const reference = new SobolSequence(dimensions(mixedSpace).length, { seed: 0, scramble: false });
    proposals.forEach((p, i) => assert.deepEqual(p.params, decode(mixedSpace, Array.from(reference.point(i)))));
    assert.equal(proposals[0]?.params.momentum, 0.5);
    assert.equal(proposals[0]?.params.batch, 16);
    assert.ok(Number.isFinite(proposals[0]?.params.init));
  });

  test('same seed, same proposals; another seed, other proposals', () => {
    const a = proposeOneByOne(createSobolSampler(context(21)), 10);
    assert.deepEqual(proposeOneByOne(createSobolSampler(context(21)), 10), a);
    assert.notDeepEqual(proposeOneByOne(createSobolSampler(context(22)), 10).map((p) => p.params), a.map((p) => p.params));
  });

  test('resume: 4 + replayed history + 6 equals 10 in one go', () => {
    for (const space of [mixedSpace, discreteSpace]) {
      const straight = proposeOneByOne(createSobolSampler(context(5, space)), 10);
      const first = proposeOneByOne(createSobolSampler(context(5, space)), 4);
      assert.deepEqual([...first, ...proposeOneByOne(createSobolSampler(context(5, space)), 6, asHistory(first))], straight);
    }
  });

  test('all-discrete space: no duplicates, batch equals one by one, then exhausted', () => {
    const sampler = createSobolSampler(context(9, discreteSpace));
    const all = proposeOneByOne(sampler, 100);
    assert.equal(all.length, 36);
    assert.equal(new Set(all.map((p) => paramsKey(p.params))).size, 36);
    const sequences = all.map((p) => p.sequence);
    assert.deepEqual(sequences, [...sequences].sort((x, y) => x - y));
    assert.deepEqual(sampler.propose([], 100).proposals, all);
    assert.deepEqual(sampler.propose(asHistory(all), 1), { proposals: [], exhausted: true });
  });

  test('a one-value space gives one proposal and is exhausted', () => {
    const result = createSobolSampler(context(1, spaceOf({ a: { type: 'choice', values: ['only'] } }))).propose([], 3);
    assert.deepEqual(result, { proposals: [{ sequence: 0, params: { a: 'only' } }], exhausted: true });
  });

  test('every proposal is valid for its distribution, all ten and nested choice (property)', () => {
    fc.assert(
      fc.property(anySpace, fc.nat(2 ** 32 - 1), fc.boolean(), (space, seed, scramble) => {
        const proposals = createSobolSampler({ space, seed, goal: 'minimize' }, { scramble }).propose([], 4).proposals;
        assert.ok(proposals.length >= 1);
        for (const proposal of proposals) {
          for (const parameter of space.parameters) assertValidFor(parameter.distribution, proposal.params[parameter.name]);
        }
      }),
      { numRuns: 60 },
    );
  });
});
