import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { SobolSequence } from '../../../src/core/samplers/sobolSequence';
import { SOBOL_DIRECTION_ROWS } from '../../../src/core/samplers/sobolDirections';

const TWO_TO_32 = 2 ** 32;
const fixtures = join(__dirname, '..', '..', 'fixtures', 'sobol');

interface FirstPointsFixture {
  readonly dimensions: number;
  readonly points: readonly (readonly number[])[];
}
interface HighDimensionsFixture {
  readonly dimensions: readonly number[];
  readonly points: readonly (readonly number[])[];
  readonly farPoints: { readonly points: readonly { readonly index: number; readonly point: readonly number[] }[] };
  readonly farIndexes: {
    readonly dimensions: number;
    readonly points: readonly { readonly index: number; readonly point: readonly number[] }[];
  };
}

function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as T;
}

/** A point's coordinates as the integers x * 2^32 (exact: every coordinate is a multiple of 2^-32). */
function asIntegers(point: Float64Array): number[] {
  return Array.from(point, (x) => x * TWO_TO_32);
}

const unscrambled = { seed: 0, scramble: false } as const;

/** Inverse of the Gray code g = i ^ (i >> 1), on unsigned 32-bit integers. */
function fromGray(gray: number): number {
  let index = gray >>> 0;
  for (let shift = 1; shift < 32; shift *= 2) index = (index ^ (index >>> shift)) >>> 0;
  return index;
}

describe('SobolSequence unscrambled: the standard Joe-Kuo sequence, bit for bit', () => {
  // Worked by hand: dimension 1 has V_k = 2^-k; dimension 2 (x + 1, m_1 = 1) has V_1 = .1, V_2 = .11,
  // V_3 = .101 in binary. Point i is the XOR of the V_k for the set bits of gray(i) = i ^ (i >> 1):
  // gray(0..7) = 0, 1, 3, 2, 6, 7, 5, 4, so dimension 2 at i = 5 is V_1 ^ V_2 ^ V_3 = .111 = 0.875.
  test('the first eight points of dimensions 1 and 2 are the textbook values, starting at the origin', () => {
    const sobol = new SobolSequence(2, unscrambled);
    const points = Array.from({ length: 8 }, (_, i) => Array.from(sobol.point(i)));
    assert.deepEqual(points.map((p) => p[0]), [0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125]);
    assert.deepEqual(points.map((p) => p[1]), [0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625]);
  });

  test('the first 256 points in 10 dimensions equal those SciPy produces', () => {
    const fixture = readFixture<FirstPointsFixture>('first-256-points-10d.json');
    assert.equal(fixture.points.length, 256);
    const sobol = new SobolSequence(fixture.dimensions, unscrambled);
    fixture.points.forEach((expected, index) => {
      assert.deepEqual(asIntegers(sobol.point(index)), expected, `point ${index}`);
    });
  });

  test('dimensions 1000, 1001, 1111, 1112, 2047 and 2048 equal those SciPy produces', () => {
    const fixture = readFixture<HighDimensionsFixture>('high-dimensions-and-far-indexes.json');
    const sobol = new SobolSequence(SobolSequence.maxDimensions, unscrambled);
    fixture.points.forEach((expected, index) => {
      const point = sobol.point(index);
      const picked = fixture.dimensions.map((dimension) => (point[dimension - 1] ?? NaN) * TWO_TO_32);
      assert.deepEqual(picked, expected, `point ${index}`);
    });
  });

  test('the high dimensions far along the sequence (where the polynomial recurrence matters) equal SciPy\'s', () => {
    const fixture = readFixture<HighDimensionsFixture>('high-dimensions-and-far-indexes.json');
    const sobol = new SobolSequence(SobolSequence.maxDimensions, unscrambled);
    for (const { index, point } of fixture.farPoints.points) {
      const all = sobol.point(index);
      const picked = fixture.dimensions.map((dimension) => (all[dimension - 1] ?? NaN) * TWO_TO_32);
      assert.deepEqual(picked, point, `point ${index}`);
    }
  });

  test('points far along the sequence (up to index 2^32 - 2) equal SciPy fast-forwarded there', () => {
    const { farIndexes } = readFixture<HighDimensionsFixture>('high-dimensions-and-far-indexes.json');
    const sobol = new SobolSequence(farIndexes.dimensions, unscrambled);
    assert.ok(farIndexes.points.some(({ index }) => index >= 2 ** 31), 'the fixture reaches past 2^31');
    for (const { index, point } of farIndexes.points) {
      assert.deepEqual(asIntegers(sobol.point(index)), point, `point ${index}`);
    }
  });

  test('the seed does not matter when scrambling is off', () => {
    const a = new SobolSequence(5, { seed: 1, scramble: false });
    const b = new SobolSequence(5, { seed: 4242, scramble: false });
    for (const index of [0, 1, 17, 1023, 2 ** 32 - 1]) assert.deepEqual(a.point(index), b.point(index));
  });

  test('embeds at least 1,111 dimensions, one more than the table rows (dimension 1 has no row)', () => {
    assert.equal(SobolSequence.maxDimensions, SOBOL_DIRECTION_ROWS.length + 1);
    assert.ok(SobolSequence.maxDimensions >= 1111);
  });
});

describe('SobolSequence scrambled (linear matrix scramble plus digital shift)', () => {
  const seed = fc.integer({ min: 0, max: TWO_TO_32 - 1 });

  test('the same seed gives the same points; building a sequence twice changes nothing', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: TWO_TO_32 - 1 }), (s, d, index) => {
        const a = new SobolSequence(d, { seed: s, scramble: true });
        const b = new SobolSequence(d, { seed: s, scramble: true });
        assert.deepEqual(a.point(index), b.point(index));
      }),
      { numRuns: 50 },
    );
  });

  test('different seeds give different points', () => {
    fc.assert(
      fc.property(seed, seed, fc.integer({ min: 1, max: 10 }), (s1, s2, d) => {
        fc.pre(s1 !== s2);
        const a = new SobolSequence(d, { seed: s1, scramble: true });
        const b = new SobolSequence(d, { seed: s2, scramble: true });
        const differs = [0, 1, 2, 3].some((i) => a.point(i).some((x, j) => x !== b.point(i)[j]));
        assert.ok(differs, `seeds ${s1} and ${s2} gave the same first points`);
      }),
      { numRuns: 50 },
    );
  });

  test('a scrambled sequence is not the unscrambled one', () => {
    const plain = new SobolSequence(4, unscrambled);
    const scrambled = new SobolSequence(4, { seed: 12345, scramble: true });
    assert.notDeepEqual(scrambled.point(0), plain.point(0));
    assert.notDeepEqual(scrambled.point(5), plain.point(5));
  });

  test('adding dimensions keeps the earlier dimensions\' values', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 100_000 }), (s, d, index) => {
        const small = new SobolSequence(d, { seed: s, scramble: true });
        const large = new SobolSequence(d + 7, { seed: s, scramble: true });
        assert.deepEqual(small.point(index), large.point(index).subarray(0, d));
      }),
      { numRuns: 30 },
    );
  });

  test('for m = 1..10 the first 2^m points fall one per interval of width 2^-m in every dimension', () => {
    const checkDimension = (sobol: SobolSequence, points: Float64Array[], j: number): void => {
      for (let m = 1; m <= 10; m++) {
        const cells = new Set(points.slice(0, 2 ** m).map((p) => Math.floor((p[j] ?? NaN) * 2 ** m)));
        assert.equal(cells.size, 2 ** m, `dimension ${j + 1} of ${sobol.dimensions}, m = ${m}`);
      }
    };
    fc.assert(
      fc.property(seed, fc.integer({ min: 1, max: 12 }), (s, d) => {
        const sobol = new SobolSequence(d, { seed: s, scramble: true });
        const points = Array.from({ length: 1024 }, (_, i) => sobol.point(i));
        for (let j = 0; j < d; j++) checkDimension(sobol, points, j);
      }),
      { numRuns: 25 },
    );
    // High dimensions too: the last one the table supports, and one past 1,111.
    fc.assert(
      fc.property(seed, fc.constantFrom(1112, SobolSequence.maxDimensions), (s, d) => {
        const sobol = new SobolSequence(d, { seed: s, scramble: true });
        const points = Array.from({ length: 1024 }, (_, i) => sobol.point(i));
        checkDimension(sobol, points, d - 1);
      }),
      { numRuns: 4 },
    );
  });

  test('dimensions 1 and 2 stay a (0, m, 2)-net: every 2^-a x 2^-b box with a + b = m holds one point', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const sobol = new SobolSequence(2, { seed: s, scramble: true });
        const points = Array.from({ length: 256 }, (_, i) => sobol.point(i));
        for (let m = 1; m <= 8; m++) {
          for (let a = 0; a <= m; a++) {
            const boxes = new Set(
              points.slice(0, 2 ** m).map((p) => `${Math.floor((p[0] ?? NaN) * 2 ** a)},${Math.floor((p[1] ?? NaN) * 2 ** (m - a))}`),
            );
            assert.equal(boxes.size, 2 ** m, `m = ${m}, boxes 2^-${a} x 2^-${m - a}`);
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  test('random access is consistent with the digital structure: X(i) ^ X(j) ^ X(0) = X(k), gray(k) = gray(i) ^ gray(j)', () => {
    const index = fc.integer({ min: 0, max: TWO_TO_32 - 1 });
    fc.assert(
      fc.property(seed, index, index, (s, i, j) => {
        const sobol = new SobolSequence(6, { seed: s, scramble: true });
        const k = fromGray(((i ^ (i >>> 1)) ^ (j ^ (j >>> 1))) >>> 0);
        const [xi, xj, x0, xk] = [i, j, 0, k].map((n) => asIntegers(sobol.point(n)));
        const combined = (xi ?? []).map((v, d) => ((v ^ (xj?.[d] ?? 0) ^ (x0?.[d] ?? 0)) >>> 0));
        assert.deepEqual(combined, xk);
      }),
      { numRuns: 100 },
    );
  });
});

describe('SobolSequence points and errors', () => {
  test('every coordinate is in [0, 1), scrambled or not, at any index', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: TWO_TO_32 - 1 }),
        fc.boolean(),
        fc.integer({ min: 1, max: SobolSequence.maxDimensions }),
        fc.integer({ min: 0, max: TWO_TO_32 - 1 }),
        (s, scramble, d, index) => {
          const point = new SobolSequence(d, { seed: s, scramble }).point(index);
          assert.equal(point.length, d);
          for (const x of point) assert.ok(x >= 0 && x < 1, `coordinate ${x}`);
        },
      ),
      { numRuns: 40 },
    );
    const last = new SobolSequence(3, { seed: 0xffffffff, scramble: true }).point(SobolSequence.maxIndex);
    for (const x of last) assert.ok(x >= 0 && x < 1);
  });

  test('too many, too few or fractional dimensions are refused with the limit in the message', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, SobolSequence.maxDimensions + 1]) {
      assert.throws(() => new SobolSequence(bad, unscrambled), (error: unknown) => {
        assert.ok(error instanceof RangeError);
        assert.match(error.message, new RegExp(`1 to ${SobolSequence.maxDimensions} dimensions`));
        return true;
      });
    }
  });

  test('a seed that is not an unsigned 32-bit integer is refused', () => {
    for (const bad of [-1, 2 ** 32, 0.5, Number.NaN]) {
      assert.throws(() => new SobolSequence(2, { seed: bad, scramble: true }), /seed must be an integer from 0 to 4294967295/);
    }
  });

  test('an index that is negative, fractional or past 2^32 - 1 is refused', () => {
    const sobol = new SobolSequence(2, { seed: 3, scramble: true });
    for (const bad of [-1, 0.5, 2 ** 32, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => sobol.point(bad), /index must be an integer from 0 to 4294967295/);
    }
  });
});
