import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { inverseNormalCdf } from '../../../src/core/space/normal';

// Reference quantiles of the standard normal distribution (tables and high-precision values).
const KNOWN: readonly (readonly [number, number])[] = [
  [0.5, 0],
  [0.975, 1.959963984540054],
  [0.025, -1.959963984540054],
  [0.9, 1.2815515655446004],
  [0.99, 2.3263478740408408],
  [0.999, 3.090232306167813],
  [0.8413447460685429, 1],
  [0.3, -0.5244005127080407],
  [0.075, -1.4395314709384564],
  [1e-10, -6.361340902404056],
  [1e-20, -9.262340089798408],
  [1e-300, -37.04709629936120],
];

describe('inverseNormalCdf (AS 241)', () => {
  test('matches known quantiles to 1e-9', () => {
    for (const [p, z] of KNOWN) {
      const got = inverseNormalCdf(p);
      assert.ok(Math.abs(got - z) <= 1e-9 * Math.max(1, Math.abs(z)), `p=${p}: got ${got}, want ${z}`);
    }
  });
  test('edges and invalid input', () => {
    assert.equal(inverseNormalCdf(0), -Infinity);
    assert.equal(inverseNormalCdf(1), Infinity);
    assert.ok(Number.isNaN(inverseNormalCdf(-0.1)));
    assert.ok(Number.isNaN(inverseNormalCdf(NaN)));
  });
  test('is antisymmetric and increasing (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 0.5, noNaN: true }), fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p, other) => {
        // 1 - p is rounded; compare with the exact complement of that rounded value instead.
        const upper = 1 - p;
        const lower = 1 - upper;
        assert.ok(Math.abs(inverseNormalCdf(lower) + inverseNormalCdf(upper)) < 1e-9);
        if (p < other) assert.ok(inverseNormalCdf(p) <= inverseNormalCdf(other));
      }),
    );
  });
});
