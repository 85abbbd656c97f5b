import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanFloat, decimalsOf, formatNumber, quantize, roundHalfEven } from '../../../src/core/space/numbers';

describe('roundHalfEven', () => {
  test('ties go to the even neighbour, like numpy', () => {
    assert.deepEqual([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5].map(roundHalfEven), [0, 2, 2, 4, 0, -2, -2]);
  });
  test('non-ties round to nearest and -0 never comes out', () => {
    assert.deepEqual([0.49, 0.51, -0.3, -0.7, 2.0000001].map(roundHalfEven), [0, 1, 0, -1, 2]);
    assert.ok(Object.is(roundHalfEven(-0.2), 0));
  });
  test('is within 1/2 of x and an integer (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), (x) => {
        const r = roundHalfEven(x);
        assert.ok(Number.isInteger(r));
        assert.ok(Math.abs(r - x) <= 0.5);
        if (Math.abs(r - x) === 0.5) assert.equal(Math.abs(r % 2), 0);
      }),
    );
  });
});

describe('decimalsOf, cleanFloat, quantize', () => {
  test('decimals of q', () => {
    assert.deepEqual([0.1, 0.25, 1, 5, 1e-7, 1.5e-7, 0.4, 1e21].map(decimalsOf), [1, 2, 0, 0, 7, 8, 1, 0]);
  });
  test('float noise is cleaned', () => {
    assert.equal(3 * 0.1, 0.30000000000000004);
    assert.equal(cleanFloat(3 * 0.1, 1), 0.3);
    assert.equal(quantize(0.29, 0.1), 0.3);
    assert.equal(quantize(0.7, 0.1), 0.7);
  });
  test('q rounding is half-to-even and not clipped', () => {
    assert.equal(quantize(2, 4), 0); // 0.5 -> 0
    assert.equal(quantize(6, 4), 8); // 1.5 -> 2
    assert.equal(quantize(10, 4), 8); // 2.5 -> 2
    assert.equal(quantize(0.125, 0.25), 0); // 0.5 -> 0
    assert.equal(quantize(33.7, 2), 34);
  });
  test('integer q gives integers', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 50 }), (x, q) => {
        const v = quantize(x, q);
        assert.ok(Number.isInteger(v));
        assert.equal(Math.abs(v % q), 0);
      }),
    );
  });
});

describe('formatNumber', () => {
  test('shortest round-trip text', () => {
    assert.equal(formatNumber(0.1), '0.1');
    assert.equal(formatNumber(32), '32');
    assert.equal(formatNumber(-0), '0');
    assert.equal(formatNumber(1e-7), '1e-7');
    assert.equal(formatNumber(0.30000000000000004), '0.30000000000000004');
    assert.deepEqual([Infinity, -Infinity, NaN].map(formatNumber), ['inf', '-inf', 'nan']);
  });
  test('reads back to the same double (property)', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => assert.equal(Number(formatNumber(x)), x + 0)));
  });
});
