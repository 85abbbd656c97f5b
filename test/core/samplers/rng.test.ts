import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GAMMA, mix64, RandomStream } from '../../../src/core/samplers/rng';

describe('RandomStream (counter-based SplitMix64)', () => {
  test('mix64 reproduces the reference SplitMix64 outputs for seed 0', () => {
    // splitmix64.c seeded with 0 yields 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f.
    assert.equal(mix64(GAMMA), 0xe220a8397b1dcdafn);
    assert.equal(mix64(2n * GAMMA), 0x6e789e6aa1b965f4n);
    assert.equal(mix64(3n * GAMMA), 0x06c45d188009454fn);
  });
  test('a number depends only on (seed, stream, index)', () => {
    fc.assert(
      fc.property(fc.nat(2 ** 32 - 1), fc.nat(1e9), fc.nat(1000), (seed, stream, k) => {
        const u = new RandomStream(seed, stream).uniform(k);
        assert.ok(u >= 0 && u < 1);
        assert.equal(new RandomStream(seed, stream).uniforms(k + 1)[k], u);
      }),
    );
  });
  test('different seeds and streams give different numbers', () => {
    const a = new RandomStream(1, 0).uniforms(8);
    assert.notDeepEqual(new RandomStream(2, 0).uniforms(8), a);
    assert.notDeepEqual(new RandomStream(1, 1).uniforms(8), a);
  });
  test('uniforms are spread evenly over 10 buckets (chi-square, 20000 draws)', () => {
    const counts = new Array<number>(10).fill(0);
    const stream = new RandomStream(12345, 7);
    for (let k = 0; k < 20000; k++) counts[Math.floor(stream.uniform(k) * 10)]! += 1;
    const chiSquare = counts.reduce((sum, c) => sum + (c - 2000) ** 2 / 2000, 0);
    assert.ok(chiSquare < 27.9, `chi-square ${chiSquare}`); // 99.9% quantile with 9 degrees of freedom
  });
  test('bad counters are RangeErrors', () => {
    assert.throws(() => new RandomStream(-1, 0), RangeError);
    assert.throws(() => new RandomStream(0, 0).uniform(0.5), RangeError);
  });
});
