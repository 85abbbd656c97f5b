/** The Bayesian sampler's numeric core against known results: linear algebra, GP, log EI, L-BFGS. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { featureLayout, featuresOf } from '../../../src/core/samplers/bayesian/features';
import { logExpectedImprovement, logH, normalCdf } from '../../../src/core/samplers/bayesian/gaussian';
import { GpPosterior, fitHyperparameters } from '../../../src/core/samplers/bayesian/gp';
import { matern52 } from '../../../src/core/samplers/bayesian/kernel';
import { minimizeBox, type LazyObjective } from '../../../src/core/samplers/bayesian/lbfgs';
import {
  cholesky, choleskyInverse, choleskySolve, choleskyWithJitter, dot, logDeterminant, NotPositiveDefiniteError,
} from '../../../src/core/samplers/bayesian/linalg';
import { logTargets } from '../../../src/core/samplers/bayesian/observations';
import { dimensions } from '../../../src/core/space/encoding';
import { spaceOf } from './helpers';

function close(actual: number, expected: number, tolerance: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} is not within ${tolerance} of ${expected}`);
}

/** B·Bᵀ + n·I for a random B: symmetric positive definite. */
const spdMatrix = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n * n, maxLength: n * n }).map((b) => {
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = i === j ? n : 0;
        for (let k = 0; k < n; k++) s += (b[i * n + k] ?? 0) * (b[j * n + k] ?? 0);
        a[i * n + j] = s;
      }
    }
    return { n, a };
  }));

describe('linear algebra', () => {
  test('Cholesky of the textbook 3×3 example gives its known factor', () => {
    const a = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    const { lower } = cholesky(a, 3);
    assert.deepEqual(Array.from(lower), [2, 0, 0, 6, 1, 0, -8, 5, 3]);
    close(logDeterminant(cholesky(a, 3)), Math.log(36), 1e-12, 'log det');
  });

  test('a matrix that is not positive definite is refused, and a singular one factors with jitter', () => {
    assert.throws(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2), NotPositiveDefiniteError);
    const { jitter } = choleskyWithJitter(Float64Array.from([1, 1, 1, 1]), 2);
    assert.ok(jitter > 0);
  });

  test('dot: Σ a[i + k]·b[j + k] at any offsets and lengths (the four partial sums and the tail)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 24, maxLength: 24 }), fc.nat(6), fc.nat(6), fc.nat(17), (values, i, j, count) => {
      const a = Float64Array.from(values);
      const b = Float64Array.from(values, (v) => v * 0.5 - 1);
      let expected = 0;
      for (let k = 0; k < count; k++) expected += (a[i + k] ?? 0) * (b[j + k] ?? 0);
      close(dot(a, i, b, j, count), expected, 1e-9, `dot of ${count}`);
    }));
    assert.equal(dot(new Float64Array(4), 0, new Float64Array(4), 0, 0), 0);
  });

  test('solve and inverse: A·x = b and A·A⁻¹ = I for random SPD matrices', () => {
    fc.assert(fc.property(spdMatrix, fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 8, maxLength: 8 }), ({ n, a }, b) => {
      const factor = cholesky(a, n);
      const x = choleskySolve(factor, b);
      const inverse = choleskyInverse(factor);
      for (let i = 0; i < n; i++) {
        let ax = 0;
        for (let k = 0; k < n; k++) ax += (a[i * n + k] ?? 0) * (x[k] ?? 0);
        close(ax, b[i] ?? 0, 1e-8, 'A·x');
        for (let j = 0; j < n; j++) {
          let product = 0;
          for (let k = 0; k < n; k++) product += (a[i * n + k] ?? 0) * (inverse[k * n + j] ?? 0);
          close(product, i === j ? 1 : 0, 1e-8, 'A·A⁻¹');
        }
      }
    }), { numRuns: 60 });
  });
});

describe('Gaussian process', () => {
  const layout = featureLayout(dimensions(spaceOf({ x: { type: 'uniform', min_value: 0, max_value: 1 } })));

  test('posterior on one observation matches the hand-computed formulas', () => {
    // One point at x = 0 with y = 1; ℓ = 0.5, s² = 2, σ² = 0.1. At x* = 0.25, r = 0.5:
    // k* = 2·(1 + √5/2 + 5/12)·e^(−√5/2), mean = k*·1/(2.1), variance = 2 − k*²/2.1.
    const params = { lengthscales: Float64Array.from([0.5]), signalVariance: 2, noiseVariance: 0.1 };
    const gp = new GpPosterior(layout, Float64Array.from([0]), 1, Float64Array.from([1]), params);
    const kStar = 2 * (1 + Math.sqrt(5) / 2 + 5 / 12) * Math.exp(-Math.sqrt(5) / 2);
    close(kStar, matern52(0.5, 2), 1e-12, 'kernel');
    const { mean, variance } = gp.predict(Float64Array.from([0.25]));
    close(mean, kStar / 2.1, 1e-12, 'mean');
    close(variance, 2 - (kStar * kStar) / 2.1, 1e-12, 'variance');
  });

  test('fitted hyperparameters interpolate a smooth function and predict between the points', () => {
    const xs = Array.from({ length: 12 }, (_, i) => i / 11);
    const f = (x: number): number => Math.sin(6 * x);
    const params = fitHyperparameters(layout, Float64Array.from(xs), Float64Array.from(xs, f), xs.length);
    const gp = new GpPosterior(layout, Float64Array.from(xs), xs.length, Float64Array.from(xs, f), params);
    for (const x of [0.13, 0.5, 0.77]) close(gp.predict(Float64Array.from([x])).mean, f(x), 0.05, `mean at ${x}`);
    assert.ok(gp.predict(Float64Array.from([0.5])).variance < 0.01);
  });

  test('choice features put every pair of options at distance 1, and inactive dimensions at a fixed value', () => {
    const space = spaceOf({
      c: { type: 'choice', values: ['a', 'b', 'c'] },
      m: { type: 'choice', values: [
        { kind: 'nested', entries: [{ name: 'lr', value: { type: 'uniform', min_value: 0, max_value: 1 } }] },
        { kind: 'nested', entries: [{ name: 'depth', value: { type: 'randint', upper: 4 } }] },
      ] },
    });
    const nested = featureLayout(dimensions(space));
    const a = featuresOf(nested, [0.1, 0.1, 0.3, 0.9]);
    const c = featuresOf(nested, [0.9, 0.1, 0.7, 0.1]);
    let squared = 0;
    for (let i = 0; i < 3; i++) squared += ((a[i] ?? 0) - (c[i] ?? 0)) ** 2;
    close(squared, 1, 1e-12, 'one-hot distance');
    // Option 0 chosen in both: the depth dimension (inactive) is the same fixed 0.5.
    assert.equal(a[a.length - 1], 0.5);
    assert.equal(c[c.length - 1], 0.5);
  });
});

describe('log expected improvement', () => {
  test('equals log(σ·(zΦ(z) + φ(z))) in the ordinary range', () => {
    for (const [mean, variance, best] of [[0, 1, 0], [1, 0.25, 0.5], [-1, 4, 0.3]] as const) {
      const sigma = Math.sqrt(variance);
      const z = (best - mean) / sigma;
      const direct = Math.log(sigma * (z * normalCdf(z) + Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI)));
      close(logExpectedImprovement(mean, variance, best), direct, 1e-6);
    }
  });

  test('stays finite and accurate far in the tail (h(−10) = 7.4746e-25)', () => {
    close(logH(-10), Math.log(7.47456e-25), 2e-3, 'log h(-10)');
    assert.ok(Number.isFinite(logH(-40)));
    assert.ok(logH(-40) < logH(-20) && logH(-20) < logH(-10));
  });
});

describe('L-BFGS in a box', () => {
  const rosenbrock = (x: Float64Array): { value: number; gradient: Float64Array } => {
    const a = x[0] ?? 0;
    const b = x[1] ?? 0;
    return {
      value: 100 * (b - a * a) ** 2 + (1 - a) ** 2,
      gradient: Float64Array.from([-400 * a * (b - a * a) - 2 * (1 - a), 200 * (b - a * a)]),
    };
  };

  test('finds the minimum of Rosenbrock at (1, 1)', () => {
    const result = minimizeBox(rosenbrock, Float64Array.from([-1.2, 1]), { lower: Float64Array.from([-5, -5]), upper: Float64Array.from([5, 5]), maxIterations: 200 });
    close(result.x[0] ?? 0, 1, 1e-3, 'x');
    close(result.x[1] ?? 0, 1, 1e-3, 'y');
  });

  test('with the gradient on demand: the same path, and no gradient at rejected trial steps', () => {
    let values = 0;
    let gradients = 0;
    let last: Float64Array = new Float64Array(2);
    const onDemand: LazyObjective = {
      value: (x) => {
        values += 1;
        const result = rosenbrock(x);
        last = result.gradient;
        return result.value;
      },
      gradient: () => {
        gradients += 1;
        return last;
      },
    };
    const options = { lower: Float64Array.from([-5, -5]), upper: Float64Array.from([5, 5]), maxIterations: 200 };
    const eager = minimizeBox(rosenbrock, Float64Array.from([-1.2, 1]), options);
    const lazy = minimizeBox(onDemand, Float64Array.from([-1.2, 1]), options);
    assert.deepEqual(Array.from(lazy.x), Array.from(eager.x));
    assert.equal(lazy.value, eager.value);
    // Rosenbrock's curved valley makes the line search reject steps; those get no gradient.
    assert.ok(gradients < values, `${gradients} gradients for ${values} values`);
  });

  test('stops on the boundary when the minimum lies outside the box', () => {
    const result = minimizeBox(rosenbrock, Float64Array.from([0, 0]), { lower: Float64Array.from([-2, -2]), upper: Float64Array.from([0.5, 2]), maxIterations: 200 });
    close(result.x[0] ?? 0, 0.5, 1e-6, 'x on its bound');
    close(result.x[1] ?? 0, 0.25, 1e-3, 'y = x²');
  });
});

describe('model targets', () => {
  test('are monotone in the metric and standardised', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 40 }), (values) => {
      const targets = logTargets(values);
      for (let i = 0; i < values.length; i++) {
        for (let j = 0; j < values.length; j++) {
          if ((values[i] ?? 0) < (values[j] ?? 0)) assert.ok((targets[i] ?? 0) <= (targets[j] ?? 0));
        }
      }
      const mean = targets.reduce((s, t) => s + t, 0) / targets.length;
      close(mean, 0, 1e-6, 'mean');
    }));
  });
});
