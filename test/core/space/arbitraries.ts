/**
 * fast-check generators of distributions and search spaces, and an independent validity oracle
 * (what values each distribution may produce), shared by the space and sampler tests.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Constant, Distribution, NestedEntry, ParamValue, SearchSpace } from '../../../src/core/spec/model';

const qValue = fc.constantFrom(0.1, 0.25, 0.4, 0.05, 1, 2, 3, 0.001);
const finite = (min: number, max: number): fc.Arbitrary<number> => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
/**
 * A spread: 0 (degenerate, allowed) or a real-world width. Tiny widths (1e-9 and below) only test
 * floating-point underflow: mu + sigma*z then rounds so coarsely that AS 241's last-ulp wobble
 * makes fromUnit non-monotone, and no exact inverse exists. No sweep uses such a spread.
 */
const sigmaValue = (max: number): fc.Arbitrary<number> => fc.oneof(fc.constant(0), finite(1e-3, max));

const constant: fc.Arbitrary<Constant> = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.stringMatching(/^[a-z]{1,4}$/), finite(-10, 10));

/** A list of distinct constants (a choice with repeated values cannot round-trip by index). */
const distinctConstants = fc.uniqueArray(constant, { minLength: 1, maxLength: 6, comparator: (a, b) => a === b || (a !== a && b !== b) });

const bounded = finite(-20, 20).chain((min) => finite(1e-3, 20).map((width) => ({ min_value: min, max_value: min + width })));
const logBounded = finite(-8, 3).chain((min) => finite(0, 4).map((width) => ({ min_value: min, max_value: min + width })));

/** One generator per distribution type, so tests can say "for all ten". */
export const leafDistributions: Readonly<Record<Exclude<Distribution['type'], never>, fc.Arbitrary<Distribution>>> = {
  choice: distinctConstants.map((values) => ({ type: 'choice', values })),
  randint: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 2 ** 40 })).map((upper) => ({ type: 'randint', upper })),
  uniform: bounded.map((b) => ({ type: 'uniform', ...b })),
  loguniform: logBounded.map((b) => ({ type: 'loguniform', ...b })),
  quniform: fc.tuple(bounded, qValue).map(([b, q]) => ({ type: 'quniform', ...b, q })),
  qloguniform: fc.tuple(logBounded, qValue).map(([b, q]) => ({ type: 'qloguniform', ...b, q })),
  normal: fc.tuple(finite(-100, 100), sigmaValue(10)).map(([mu, sigma]) => ({ type: 'normal', mu, sigma })),
  lognormal: fc.tuple(finite(-4, 2), sigmaValue(1.5)).map(([mu, sigma]) => ({ type: 'lognormal', mu, sigma })),
  qnormal: fc.tuple(finite(-100, 100), sigmaValue(10), qValue).map(([mu, sigma, q]) => ({ type: 'qnormal', mu, sigma, q })),
  qlognormal: fc.tuple(finite(-4, 2), sigmaValue(1.5), qValue).map(([mu, sigma, q]) => ({ type: 'qlognormal', mu, sigma, q })),
};

export const anyLeaf: fc.Arbitrary<Distribution> = fc.oneof(...Object.values(leafDistributions));

/** A choice whose options may be mappings holding constants and further distributions. */
export const nestedChoice: fc.Arbitrary<Distribution> = fc
  .array(
    fc.oneof(
      constant,
      fc
        .uniqueArray(fc.tuple(fc.stringMatching(/^[a-z]{1,3}$/), fc.oneof(constant, anyLeaf)), { minLength: 1, maxLength: 3, selector: ([name]) => name })
        .map((pairs) => ({ kind: 'nested' as const, entries: pairs.map(([name, value]): NestedEntry => ({ name, value })) })),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((values) => ({ type: 'choice', values }));

/** A search space of 1-4 keys drawn from all ten distributions and nested choices. */
export const anySpace: fc.Arbitrary<SearchSpace> = fc
  .array(fc.oneof(anyLeaf, nestedChoice), { minLength: 1, maxLength: 4 })
  .map((distributions) => ({ parameters: distributions.map((distribution, i) => ({ name: `k${i}`, distribution })) }));

function isMultipleOf(value: number, q: number): boolean {
  const ratio = value / q;
  // Relative: 948807443.8 / 0.1 is 9488074438.000001 in doubles, a multiple all the same.
  return Math.abs(ratio - Math.round(ratio)) < 1e-6 * Math.max(1, Math.abs(ratio));
}

/** Asserts `value` is a value `distribution` can produce (independent of the implementation). */
export function assertValidFor(distribution: Distribution, value: ParamValue | undefined, logbase = Math.E): void {
  const base = Math.log(logbase);
  switch (distribution.type) {
    case 'choice': {
      assert.ok(value !== undefined);
      if (typeof value !== 'object') {
        assert.ok(distribution.values.includes(value), `${String(value)} not in choice`);
        return;
      }
      const fits = distribution.values.some(
        (option) =>
          typeof option === 'object' &&
          option.entries.length === Object.keys(value).length &&
          option.entries.every((entry) => {
            if (typeof entry.value !== 'object') return value[entry.name] === entry.value;
            try {
              assertValidFor(entry.value, value[entry.name], logbase);
              return true;
            } catch {
              return false;
            }
          }),
      );
      assert.ok(fits, `${JSON.stringify(value)} fits no mapping option`);
      return;
    }
    case 'randint':
      assert.ok(typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < distribution.upper);
      return;
    case 'uniform':
      assert.ok(typeof value === 'number' && value >= distribution.min_value && value <= distribution.max_value);
      return;
    case 'loguniform':
      assert.ok(typeof value === 'number');
      assert.ok(Math.log(value) / base >= distribution.min_value - 1e-9 && Math.log(value) / base <= distribution.max_value + 1e-9);
      return;
    case 'quniform':
    case 'qloguniform':
    case 'qnormal':
    case 'qlognormal':
      assert.ok(typeof value === 'number' && Number.isFinite(value) && isMultipleOf(value, distribution.q), `${String(value)} not a multiple of ${distribution.q}`);
      return;
    case 'normal':
      assert.ok(typeof value === 'number' && Math.abs(value - distribution.mu) <= 8.3 * distribution.sigma);
      return;
    case 'lognormal':
      assert.ok(typeof value === 'number' && value > 0);
      return;
  }
}
