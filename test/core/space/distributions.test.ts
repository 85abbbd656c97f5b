import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { choiceIndex, fromUnit, SpaceValueError, toUnit } from '../../../src/core/space/distributions';
import type { Distribution } from '../../../src/core/spec/model';
import { assertValidFor, leafDistributions } from './arbitraries';

const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('fromUnit: the exact maths of decisions.md', () => {
  test('uniform and loguniform', () => {
    assert.equal(fromUnit({ type: 'uniform', min_value: 2, max_value: 6 }, 0.25), 3);
    assert.equal(fromUnit({ type: 'loguniform', min_value: 0, max_value: 2 }, 0.5), Math.E);
    assert.equal(fromUnit({ type: 'loguniform', min_value: 0, max_value: 4 }, 0.5, { logbase: 10 }), 100);
  });
  test('q-distributions round half to even with no clipping, and clean float noise', () => {
    // quniform(1, 3, q=4): x in [1,3) -> x/4 in [0.25, 0.75) -> 0 or 4, outside [1, 3].
    assert.equal(fromUnit({ type: 'quniform', min_value: 1, max_value: 3, q: 4 }, 0.4), 0);
    assert.equal(fromUnit({ type: 'quniform', min_value: 1, max_value: 3, q: 4 }, 0.6), 4);
    assert.equal(fromUnit({ type: 'quniform', min_value: 0, max_value: 1, q: 0.1 }, 0.3), 0.3);
    assert.equal(fromUnit({ type: 'qnormal', mu: 10, sigma: 0, q: 4 }, 0.7), 8); // 2.5 -> 2
    assert.equal(fromUnit({ type: 'qlognormal', mu: 0, sigma: 0, q: 0.5 }, 0.1), 1);
  });
  test('normal uses the inverse CDF', () => {
    const value = fromUnit({ type: 'normal', mu: 1, sigma: 2 }, 0.975);
    assert.ok(Math.abs(Number(value) - (1 + 2 * 1.959963984540054)) < 1e-9);
    assert.equal(fromUnit({ type: 'lognormal', mu: 0, sigma: 1 }, 0.5), 1);
  });
  test('normal stays finite at u = 0 (an unscrambled Sobol origin)', () => {
    assert.ok(Number.isFinite(fromUnit({ type: 'normal', mu: 0, sigma: 1 }, 0) as number));
  });
  test('choice and randint take floor(u*n) and stay below n', () => {
    const choice: Distribution = { type: 'choice', values: ['a', 'b', 'c'] };
    assert.deepEqual([0, 0.33, 0.34, 0.999, 1].map((u) => fromUnit(choice, u)), ['a', 'a', 'b', 'c', 'c']);
    assert.equal(fromUnit({ type: 'randint', upper: 10 }, 0.95), 9);
    assert.equal(fromUnit({ type: 'randint', upper: 2 ** 53 }, 1), 2 ** 53 - 1);
    assert.equal(choiceIndex(3, 1), 2);
  });
  test('bad input gives a SpaceValueError, not a crash', () => {
    assert.throws(() => fromUnit({ type: 'uniform', min_value: 0, max_value: 1 }, NaN), SpaceValueError);
    assert.throws(() => fromUnit({ type: 'choice', values: [] }, 0.5), /at least one value/);
    assert.throws(() => toUnit({ type: 'choice', values: [1, 2] }, 3), SpaceValueError);
    assert.throws(() => toUnit({ type: 'randint', upper: 3 }, 3), /randint/);
    assert.throws(() => toUnit({ type: 'uniform', min_value: 0, max_value: 1 }, 'x'), /must be a number/);
  });
});

describe('toUnit inverts fromUnit', () => {
  for (const [type, arbitrary] of Object.entries(leafDistributions)) {
    test(`${type}: fromUnit(toUnit(v)) == v, toUnit in [0,1), values valid (property)`, () => {
      fc.assert(
        fc.property(arbitrary, unit, fc.constantFrom<number | 'e'>('e', 10, 2), (distribution, u, logbase) => {
          const value = fromUnit(distribution, u, { logbase });
          assertValidFor(distribution, value, logbase === 'e' ? Math.E : logbase);
          const back = toUnit(distribution, value, { logbase });
          assert.ok(back >= 0 && back < 1);
          // -0 and 0 are the same parameter value (a q-rounding of a tiny negative gives -0).
          assert.ok(fromUnit(distribution, back, { logbase }) === value, `round trip of ${String(value)}`);
        }),
        { numRuns: 60 },
      );
    });
  }
  test('toUnit is the CDF for continuous distributions', () => {
    assert.ok(Math.abs(toUnit({ type: 'uniform', min_value: 0, max_value: 4 }, 1) - 0.25) < 1e-15);
    assert.ok(Math.abs(toUnit({ type: 'normal', mu: 0, sigma: 1 }, 1.959963984540054) - 0.975) < 1e-12);
    assert.equal(toUnit({ type: 'randint', upper: 4 }, 1), 0.375);
  });
  test('a number the distribution cannot reach lands at its CDF position, clamped', () => {
    assert.equal(toUnit({ type: 'uniform', min_value: 0, max_value: 1 }, -5), 0);
    assert.ok(toUnit({ type: 'uniform', min_value: 0, max_value: 1 }, 5) < 1);
  });
});
