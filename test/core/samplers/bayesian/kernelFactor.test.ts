/**
 * The incrementally extended kernel factor (kernelFactor.ts, linalg.ts extendCholesky): a
 * posterior extended from an earlier one is bit for bit the posterior factored from scratch, and
 * the extension is skipped whenever it could differ (other hyperparameters, other rows, jitter).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { featureLayout } from '../../../../src/core/samplers/bayesian/features';
import { FastRandom } from '../../../../src/core/samplers/bayesian/fastRandom';
import { GpPosterior, type GpHyperparameters } from '../../../../src/core/samplers/bayesian/gp';
import { cholesky, extendCholesky } from '../../../../src/core/samplers/bayesian/linalg';
import { dimensions } from '../../../../src/core/space/encoding';
import { spaceOf } from '../helpers';

const space = spaceOf({
  a: { type: 'uniform', min_value: 0, max_value: 1 },
  b: { type: 'uniform', min_value: 0, max_value: 1 },
  c: { type: 'uniform', min_value: 0, max_value: 1 },
});
const layout = featureLayout(dimensions(space));
const params: GpHyperparameters = { lengthscales: Float64Array.from([0.3, 0.5, 0.8]), signalVariance: 1.3, noiseVariance: 1e-6 };

function randomRows(n: number, seed: number): Float64Array {
  const rng = new FastRandom(seed, 0);
  return Float64Array.from({ length: n * layout.width }, () => rng.next());
}

function targets(n: number, seed: number): Float64Array {
  const rng = new FastRandom(seed, 1);
  return Float64Array.from({ length: n }, () => rng.normal());
}

/** Mean and variance at a few probe points, for exact comparison. */
function probes(posterior: GpPosterior): number[] {
  const points = randomRows(5, 99);
  return Array.from({ length: 5 }, (_, i) => {
    const { mean, variance } = posterior.predict(points, i * layout.width);
    return [mean, variance];
  }).flat();
}

describe('extendCholesky', () => {
  test('adding rows to a leading factor gives exactly the factor of the whole matrix', () => {
    const n = 23;
    const rng = new FastRandom(4, 2);
    const b = Float64Array.from({ length: n * n }, () => rng.normal());
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = i === j ? n : 0;
        for (let k = 0; k < n; k++) sum += (b[i * n + k] ?? 0) * (b[j * n + k] ?? 0);
        a[i * n + j] = sum;
      }
    }
    const whole = cholesky(a, n);
    for (const kept of [0, 1, 10, 22, 23]) {
      const leading = cholesky(Float64Array.from({ length: kept * kept }, (_, p) => a[Math.floor(p / kept) * n + (p % kept)] ?? 0), kept);
      const extended = extendCholesky(leading, kept, a.slice(kept * n), n);
      assert.deepEqual(extended.lower, whole.lower, `kept ${kept}`);
    }
    // A larger earlier factor lends its leading block.
    assert.deepEqual(extendCholesky(whole, 7, a.slice(7 * n), n).lower, whole.lower);
  });
});

describe('GpPosterior extended from an earlier one', () => {
  test('one more observation, and pending rows on top: the same numbers as a fresh posterior', () => {
    const x = randomRows(40, 1);
    const earlier = new GpPosterior(layout, x.slice(0, 39 * layout.width), 39, targets(39, 1), params);
    const fresh = new GpPosterior(layout, x, 40, targets(40, 2), params);
    const extended = new GpPosterior(layout, x, 40, targets(40, 2), params, earlier);
    assert.deepEqual(extended.kernelFactor.factor.lower, fresh.kernelFactor.factor.lower);
    assert.deepEqual(probes(extended), probes(fresh));
    const withPending = randomRows(45, 3);
    withPending.set(x);
    const pendingFresh = new GpPosterior(layout, withPending, 45, targets(45, 4), params);
    const pendingExtended = new GpPosterior(layout, withPending, 45, targets(45, 4), params, extended);
    assert.deepEqual(probes(pendingExtended), probes(pendingFresh));
  });

  test('rows that differ from some point on keep only the shared prefix', () => {
    const x = randomRows(30, 5);
    const earlier = new GpPosterior(layout, x, 30, targets(30, 5), params);
    const changed = x.slice();
    changed[12 * layout.width + 1] = 0.123;
    const fresh = new GpPosterior(layout, changed, 30, targets(30, 6), params);
    const extended = new GpPosterior(layout, changed, 30, targets(30, 6), params, earlier);
    assert.deepEqual(extended.kernelFactor.factor.lower, fresh.kernelFactor.factor.lower);
  });

  test('other hyperparameters, or an earlier factor that needed jitter, start over', () => {
    const x = randomRows(20, 7);
    const earlier = new GpPosterior(layout, x, 20, targets(20, 7), params);
    const refitted = { ...params, lengthscales: Float64Array.from([0.3, 0.5, 0.81]) };
    assert.deepEqual(
      probes(new GpPosterior(layout, x, 20, targets(20, 7), refitted, earlier)),
      probes(new GpPosterior(layout, x, 20, targets(20, 7), refitted)),
    );
    // A repeated row with no noise makes K singular: the factor needs jitter, and so does every
    // matrix that extends it, which only a full factorisation (trying each jitter) gets right.
    const noiseless = { ...params, noiseVariance: 0 };
    const repeated = x.slice(0, 6 * layout.width);
    repeated.set(x.subarray(0, layout.width), 5 * layout.width);
    const singular = new GpPosterior(layout, repeated, 6, targets(6, 8), noiseless);
    assert.ok(singular.kernelFactor.jitter > 0);
    const grown = x.slice(0, 8 * layout.width);
    grown.set(repeated);
    assert.deepEqual(
      probes(new GpPosterior(layout, grown, 8, targets(8, 9), noiseless, singular)),
      probes(new GpPosterior(layout, grown, 8, targets(8, 9), noiseless)),
    );
  });

  test('a row that breaks positive definiteness falls back to the jittered full factorisation', () => {
    const x = randomRows(10, 11);
    // A slightly negative "noise" makes a repeated row's pivot certainly negative (with none it is
    // zero up to rounding), while the distinct rows before it still factor without jitter.
    const negativeNoise = { ...params, noiseVariance: -1e-4 };
    const earlier = new GpPosterior(layout, x.slice(0, 9 * layout.width), 9, targets(9, 11), negativeNoise);
    assert.equal(earlier.kernelFactor.jitter, 0);
    const duplicated = x.slice();
    duplicated.set(x.subarray(2 * layout.width, 3 * layout.width), 9 * layout.width);
    const fresh = new GpPosterior(layout, duplicated, 10, targets(10, 12), negativeNoise);
    const extended = new GpPosterior(layout, duplicated, 10, targets(10, 12), negativeNoise, earlier);
    assert.ok(fresh.kernelFactor.jitter > 0);
    assert.equal(extended.kernelFactor.jitter, fresh.kernelFactor.jitter);
    assert.deepEqual(probes(extended), probes(fresh));
  });
});
