import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { grouped, median, medianTimeSync, perSecond, resultsFor } from '../../bench/harness';

describe('harness', () => {
  test('median of odd and even counts', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]), RangeError);
  });

  test('law: the median lies between min and max and ignores order', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1 }), (values) => {
      const m = median(values);
      assert.ok(m >= Math.min(...values) && m <= Math.max(...values));
      assert.equal(median([...values].reverse()), m);
    }));
  });

  test('medianTimeSync runs the work once to warm up plus once per run', () => {
    let calls = 0;
    const ms = medianTimeSync(5, () => void calls++);
    assert.equal(calls, 6);
    assert.ok(ms >= 0);
  });

  test('perSecond and grouped', () => {
    assert.equal(perSecond(500, 250), 2000);
    assert.equal(perSecond(1, 0), Number.POSITIVE_INFINITY);
    assert.equal(grouped(1234567.4), '1,234,567');
  });

  test('resultsFor stamps the group', () => {
    assert.deepEqual(resultsFor('grid')('x', 1, 'ms'), { group: 'grid', name: 'x', value: 1, unit: 'ms', notes: '' });
  });
});
