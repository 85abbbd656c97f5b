import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRandomSampler } from '../../../src/core/samplers/random';
import { discreteSize } from '../../../src/core/space/cardinality';
import { paramsKey } from '../../../src/core/space/encoding';
import { discretePointAt } from '../../../src/core/space/enumerate';
import { anySpace, assertValidFor } from '../space/arbitraries';
import { asHistory, discreteSpace, mixedSpace, proposeOneByOne, spaceOf } from './helpers';

const context = (seed: number, space = mixedSpace) => ({ space, seed, goal: 'maximize' as const });

describe('random sampler', () => {
  test('same seed, same proposals; another seed, other proposals', () => {
    const a = proposeOneByOne(createRandomSampler(context(7)), 10);
    const b = proposeOneByOne(createRandomSampler(context(7)), 10);
    const c = proposeOneByOne(createRandomSampler(context(8)), 10);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.map((p) => p.params), c.map((p) => p.params));
    assert.deepEqual(a.map((p) => p.sequence), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('resume: 4 + replayed history + 6 equals 10 in one go', () => {
    for (const space of [mixedSpace, discreteSpace]) {
      const straight = proposeOneByOne(createRandomSampler(context(42, space)), 10);
      const first = proposeOneByOne(createRandomSampler(context(42, space)), 4);
      const rest = proposeOneByOne(createRandomSampler(context(42, space)), 6, asHistory(first));
      assert.deepEqual([...first, ...rest], straight);
    }
  });

  test('a batch for concurrent slots equals one-by-one proposals and holds no duplicates', () => {
    const sampler = createRandomSampler(context(3, discreteSpace));
    const batch = sampler.propose([], 8).proposals;
    assert.deepEqual(batch, proposeOneByOne(sampler, 8));
    assert.equal(new Set(batch.map((p) => paramsKey(p.params))).size, 8);
  });

  test('all-discrete space: without replacement, then exhausted', () => {
    const size = discreteSize(discreteSpace);
    assert.equal(size, 36);
    const sampler = createRandomSampler(context(11, discreteSpace));
    const all = proposeOneByOne(sampler, 100);
    assert.equal(all.length, 36);
    assert.equal(new Set(all.map((p) => paramsKey(p.params))).size, 36);
    const after = sampler.propose(asHistory(all), 5);
    assert.deepEqual(after, { proposals: [], exhausted: true });
    const big = sampler.propose([], 50);
    assert.equal(big.proposals.length, 36);
    assert.equal(big.exhausted, true);
  });

  test('a nearly full space finds its last point deterministically', () => {
    const space = spaceOf({ a: { type: 'randint', upper: 1000 } });
    const missing = 617;
    const history = asHistory(
      Array.from({ length: 1000 }, (_, i) => i)
        .filter((i) => i !== missing)
        .map((i, sequence) => ({ sequence, params: discretePointAt(space, i) })),
    );
    const result = createRandomSampler(context(5, space)).propose(history, 3);
    assert.deepEqual(result.proposals, [{ sequence: 999, params: { a: missing } }]);
    assert.equal(result.exhausted, true);
  });

  test('continuous spaces never report exhaustion', () => {
    const result = createRandomSampler(context(1)).propose([], 3);
    assert.equal(result.proposals.length, 3);
    assert.equal(result.exhausted, false);
  });

  test('logbase changes the base of log distributions', () => {
    const space = spaceOf({ x: { type: 'loguniform', min_value: 1, max_value: 2 } });
    const [p] = createRandomSampler(context(9, space), { logbase: 10 }).propose([], 1).proposals;
    const x = Number(p?.params.x);
    assert.ok(x >= 10 && x <= 100, String(x));
  });

  test('every proposal is valid for its distribution, all ten and nested choice (property)', () => {
    fc.assert(
      fc.property(anySpace, fc.nat(2 ** 32 - 1), (space, seed) => {
        const proposals = createRandomSampler({ space, seed, goal: 'minimize' }).propose([], 5).proposals;
        assert.ok(proposals.length >= 1);
        for (const proposal of proposals) {
          for (const parameter of space.parameters) assertValidFor(parameter.distribution, proposal.params[parameter.name]);
        }
      }),
      { numRuns: 80 },
    );
  });

  test('bad count is a RangeError', () => {
    assert.throws(() => createRandomSampler(context(1)).propose([], -1), RangeError);
  });
});
