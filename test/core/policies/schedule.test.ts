import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bestOf,
  bestSoFar,
  comparisonFor,
  isBetter,
  isEvaluationPoint,
  isWorse,
  isWorseThanCut,
  nearlyEqual,
  scheduleOf,
  worstFirst,
} from '../../../src/core/policies/schedule';

void describe('schedule', () => {
  const points = (interval: number, delay: number, last: number): number[] => {
    const schedule = scheduleOf({ evaluation_interval: interval, delay_evaluation: delay });
    return Array.from({ length: last }, (_, i) => i + 1).filter((n) => isEvaluationPoint(n, schedule));
  };

  void test('the documented examples', () => {
    assert.deepEqual(points(1, 5, 8), [5, 6, 7, 8]);
    assert.deepEqual(points(2, 5, 10), [6, 8, 10]);
    assert.deepEqual(points(100, 200, 400), [200, 300, 400]);
  });

  void test('interval 0 or absent means 1, delay absent means 0, interval 0 is never checked', () => {
    assert.deepEqual(scheduleOf({}), { interval: 1, delay: 0 });
    assert.deepEqual(scheduleOf({ evaluation_interval: 0, delay_evaluation: 3 }), { interval: 1, delay: 3 });
    assert.equal(isEvaluationPoint(0, scheduleOf({})), false);
  });

  void test('non-whole numbers are refused with the key named', () => {
    assert.throws(() => scheduleOf({ evaluation_interval: 0.5 }), RangeError);
    assert.throws(() => scheduleOf({ delay_evaluation: Number.POSITIVE_INFINITY }), /delay_evaluation/);
  });

  void test('law: checks happen exactly at multiples of the interval from the delay on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 500 }), (interval, delay, n) => {
        const schedule = scheduleOf({ evaluation_interval: interval, delay_evaluation: delay });
        assert.equal(isEvaluationPoint(n, schedule), n % interval === 0 && n >= delay);
      }),
    );
  });
});

void describe('best so far and worse than', () => {
  void test('best so far looks at the first n values and skips non-finite ones', () => {
    assert.equal(bestSoFar([0.2, 0.9, 0.1, 1.5], 3, 'maximize'), 0.9);
    assert.equal(bestSoFar([0.2, 0.9, 0.1, -5], 3, 'minimize'), 0.1);
    assert.equal(bestOf([Number.NaN, Number.POSITIVE_INFINITY, 0.3], 'maximize'), 0.3);
    assert.equal(bestOf([Number.NEGATIVE_INFINITY, 0.3], 'minimize'), 0.3);
    assert.ok(Number.isNaN(bestOf([Number.NaN, Number.NEGATIVE_INFINITY], 'maximize')));
  });

  void test('NaN is worse than any number and never better', () => {
    for (const goal of ['maximize', 'minimize'] as const) {
      assert.equal(isWorse(Number.NaN, -1e300, goal), true);
      assert.equal(isWorse(Number.NaN, Number.NaN, goal), false);
      assert.equal(isBetter(Number.NaN, 0, goal), false);
      assert.equal(isWorseThanCut(Number.NaN, 0.5, goal), true);
    }
    assert.deepEqual([0.3, Number.NaN, 0.1].sort(worstFirst('maximize')), [Number.NaN, 0.1, 0.3]);
    assert.deepEqual([0.3, Number.NaN, 0.1].sort(worstFirst('minimize')), [Number.NaN, 0.3, 0.1]);
  });

  void test('a value on a computed cut is not worse than it', () => {
    assert.equal(isWorse(0.6, 0.8 - 0.2, 'maximize'), true); // the floating-point trap
    assert.equal(isWorseThanCut(0.6, 0.8 - 0.2, 'maximize'), false);
    assert.equal(isWorseThanCut(0.5999, 0.8 - 0.2, 'maximize'), true);
    assert.equal(nearlyEqual(0, 1e-300), false);
  });

  void test('law: worse for maximize is worse for minimize of the negated values', () => {
    const value = fc.oneof(fc.double({ noNaN: true }), fc.constant(Number.NaN));
    fc.assert(
      fc.property(value, value, (a, b) => {
        assert.equal(isWorse(a, b, 'maximize'), isWorse(-a, -b, 'minimize'));
        assert.equal(isWorseThanCut(a, b, 'maximize'), isWorseThanCut(-a, -b, 'minimize'));
      }),
    );
  });

  void test('law: the best of a list is never worse than any of its finite values', () => {
    fc.assert(
      fc.property(fc.array(fc.double()), fc.constantFrom('maximize' as const, 'minimize' as const), (values, goal) => {
        const best = bestOf(values, goal);
        for (const value of values.filter(Number.isFinite)) assert.equal(isWorse(best, value, goal), false);
        assert.equal(Number.isNaN(best), !values.some(Number.isFinite));
      }),
    );
  });
});

void describe('comparison population', () => {
  void test('others that reached n, cut to n values, without the trial itself', () => {
    const comparison = comparisonFor(
      {
        trial: { id: 'a', primary: [1, 2] },
        others: [
          { id: 'a', primary: [9, 9, 9] },
          { id: 'b', primary: [3] },
          { id: 'c', primary: [4, 5, 6] },
          { id: 'd', primary: [7, 8] },
        ],
        goal: 'maximize',
      },
      scheduleOf({}),
    );
    assert.deepEqual(comparison, {
      trial: { id: 'a', primary: [1, 2] },
      n: 2,
      population: [
        { id: 'c', primary: [4, 5] },
        { id: 'd', primary: [7, 8] },
      ],
      goal: 'maximize',
      value: 2,
    });
  });
});
