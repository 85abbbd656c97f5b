import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bestPhrase, formatNumbers, sentence, trialCount } from '../../../src/core/policies/describe';
import { nearlyEqual } from '../../../src/core/policies/schedule';

void describe('formatNumbers', () => {
  void test('up to 4 significant digits, without trailing zeros', () => {
    assert.deepEqual(formatNumbers({ a: 0.8, b: 0.8 / 1.2, c: 12345.678, d: -0.000123456 }), {
      a: '0.8',
      b: '0.6667',
      c: '12350',
      d: '-0.0001235',
    });
  });

  void test('more digits when different numbers would print alike', () => {
    assert.deepEqual(formatNumbers({ value: 0.66666, cut: 0.8 / 1.2 }), { value: '0.66666', cut: '0.66667' });
    assert.deepEqual(formatNumbers({ value: 1.00001, cut: 1 }), { value: '1.00001', cut: '1' });
  });

  void test('numbers equal up to rounding print alike, not as 0.6000000000000001', () => {
    assert.deepEqual(formatNumbers({ value: 0.6, cut: 0.8 - 0.2 }), { value: '0.6', cut: '0.6' });
  });

  void test('non-finite numbers print as such', () => {
    assert.deepEqual(formatNumbers({ a: Number.NaN, b: Number.NEGATIVE_INFINITY }), { a: 'NaN', b: '-Infinity' });
  });

  void test('law: different numbers print differently and in the same order', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        fc.pre(!nearlyEqual(a, b));
        const f = formatNumbers({ a, b });
        assert.notEqual(f.a, f.b);
        assert.equal(Number(f.a) < Number(f.b), a < b);
      }),
    );
  });
});

void describe('sentence parts', () => {
  void test('plural, best phrase and the whole sentence', () => {
    assert.equal(trialCount(1), '1 trial');
    assert.equal(trialCount(3), '3 trials');
    assert.equal(bestPhrase(0.5, '0.5'), 'best 0.5');
    assert.match(bestPhrase(Number.NaN, 'NaN'), /counted as worst/);
    assert.equal(
      sentence({ trialId: 't', outcome: 'skip', interval: 3, populationSize: 2 }, 'bandit', 'why'),
      't not checked at interval 3: why (bandit, compared with 2 trials)',
    );
  });
});
