/**
 * The GP's marginal likelihood (the function the hyperparameter fit minimises) against the
 * textbook formula built from the plain linear algebra, and its gradient against finite
 * differences, on a space with a one-hot choice group and an integer.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { featureLayout, featuresOf } from '../../../../src/core/samplers/bayesian/features';
import { FastRandom } from '../../../../src/core/samplers/bayesian/fastRandom';
import { matern52 } from '../../../../src/core/samplers/bayesian/kernel';
import { choleskySolve, choleskyWithJitter, logDeterminant } from '../../../../src/core/samplers/bayesian/linalg';
import { MarginalLikelihood } from '../../../../src/core/samplers/bayesian/marginalLikelihood';
import { dimensions } from '../../../../src/core/space/encoding';
import { spaceOf } from '../helpers';

const space = spaceOf({
  a: { type: 'uniform', min_value: 0, max_value: 1 },
  kind: { type: 'choice', values: ['x', 'y', 'z'] },
  depth: { type: 'randint', upper: 6 },
});
const layout = featureLayout(dimensions(space));
const n = 23;
const rng = new FastRandom(7, 0);
const x = new Float64Array(n * layout.width);
for (let i = 0; i < n; i++) x.set(featuresOf(layout, Float64Array.from(layout.dimensions, () => rng.next())), i * layout.width);
const y = Float64Array.from({ length: n }, () => rng.normal());
const theta = Float64Array.from([Math.log(0.4), Math.log(1.3), Math.log(0.7), Math.log(1.5), Math.log(2e-3)]);

/** ½yᵀK⁻¹y + ½log det K + ½n·log 2π, with K built entry by entry. */
function reference(t: Float64Array): number {
  const groups = layout.dimensions.length;
  const signal = Math.exp(t[groups] ?? 0);
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let r2 = 0;
      for (let f = 0; f < layout.width; f++) {
        const l = Math.exp(t[layout.groupOf[f] ?? 0] ?? 0);
        r2 += (((x[i * layout.width + f] ?? 0) - (x[j * layout.width + f] ?? 0)) / l) ** 2;
      }
      k[i * n + j] = matern52(Math.sqrt(r2), signal) + (i === j ? Math.exp(t[groups + 1] ?? 0) : 0);
    }
  }
  const factor = choleskyWithJitter(k, n, [0]).factor;
  const alpha = choleskySolve(factor, y);
  let fit = 0;
  for (let i = 0; i < n; i++) fit += (y[i] ?? 0) * (alpha[i] ?? 0);
  return 0.5 * fit + 0.5 * logDeterminant(factor) + 0.5 * n * Math.log(2 * Math.PI);
}

describe('marginal likelihood', () => {
  const likelihood = new MarginalLikelihood(layout, x, y, n);

  test('equals the textbook formula, and stays the same when evaluated again (reused buffers)', () => {
    const expected = reference(theta);
    const first = likelihood.evaluate(theta).value;
    likelihood.evaluate(Float64Array.from(theta, (v) => v + 0.3));
    const again = likelihood.evaluate(theta).value;
    assert.ok(Math.abs(first - expected) < 1e-9 * Math.abs(expected), `${first} vs ${expected}`);
    assert.equal(again, first);
  });

  test('its gradient matches central finite differences in every hyperparameter', () => {
    const { gradient } = likelihood.evaluate(theta);
    const h = 1e-5;
    theta.forEach((_, index) => {
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[index] = (up[index] ?? 0) + h;
      down[index] = (down[index] ?? 0) - h;
      const numeric = (reference(up) - reference(down)) / (2 * h);
      const analytic = gradient[index] ?? NaN;
      assert.ok(Math.abs(analytic - numeric) < 1e-5 * Math.max(1, Math.abs(numeric)), `θ${index}: ${analytic} vs ${numeric}`);
    });
  });

});
