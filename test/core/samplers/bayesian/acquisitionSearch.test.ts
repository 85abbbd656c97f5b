/**
 * The acquisition search's early stop: a point whose log EI cannot reach a threshold skips the
 * rest of its variance solve. Everything the search decides must stay as with exact scores, so
 * a point is either scored exactly or given an upper bound below the threshold.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AcquisitionScorer, searchAcquisition } from '../../../../src/core/samplers/bayesian/acquisitionSearch';
import { featureLayout, featuresOf } from '../../../../src/core/samplers/bayesian/features';
import { FastRandom } from '../../../../src/core/samplers/bayesian/fastRandom';
import { fitHyperparameters, GpPosterior } from '../../../../src/core/samplers/bayesian/gp';
import { dimensions } from '../../../../src/core/space/encoding';
import { spaceOf } from '../helpers';

const space = spaceOf({
  a: { type: 'uniform', min_value: 0, max_value: 1 },
  b: { type: 'uniform', min_value: 0, max_value: 1 },
  kind: { type: 'choice', values: ['x', 'y', 'z'] },
  depth: { type: 'randint', upper: 6 },
});
const layout = featureLayout(dimensions(space));
const d = layout.dimensions.length;
const n = 70;
const rng = new FastRandom(3, 0);
const points = Array.from({ length: n }, () => Float64Array.from({ length: d }, () => rng.next()));
const x = new Float64Array(n * layout.width);
points.forEach((u, i) => x.set(featuresOf(layout, u), i * layout.width));
const raw = points.map((u) => 4 * ((u[0] ?? 0) - 0.3) ** 2 + ((u[1] ?? 0) - 0.6) ** 2 + 0.2 * (u[2] ?? 0));
const mean = raw.reduce((s, v) => s + v, 0) / n;
const sd = Math.sqrt(raw.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
const y = Float64Array.from(raw, (v) => (v - mean) / sd);
const posterior = new GpPosterior(layout, x, n, y, fitHyperparameters(layout, x, y, n));
const incumbent = Math.min(...y);
const unitPoint = fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: d, maxLength: d }).map((u) => Float64Array.from(u));

describe('acquisition early stop', () => {
  const scorer = new AcquisitionScorer({ layout, posterior, incumbent });

  test('a point is scored exactly, or below the threshold by an upper bound of its score', () => {
    let bounded = 0;
    fc.assert(fc.property(unitPoint, fc.double({ min: -30, max: 2, noNaN: true }), (u, threshold) => {
      const exact = scorer.score(u);
      const fast = scorer.scoreAbove(u, threshold);
      if (fast === exact) return;
      bounded += 1;
      assert.ok(fast < threshold, `bound ${fast} not below threshold ${threshold}`);
      assert.ok(fast >= exact, `bound ${fast} below the exact score ${exact}`);
      assert.ok(exact < threshold, `exact ${exact} would have beaten ${threshold}`);
    }), { numRuns: 400 });
    assert.ok(bounded > 40, `only ${bounded} of 400 points stopped early`);
  });

  test('the variance of an unfinished solve bounds the exact one from above', () => {
    const star = featuresOf(layout, Float64Array.from([0.9, 0.1, 0.5, 0.5]));
    const exact = posterior.predict(star);
    const stopped = posterior.predictUnless(star, 0, () => true);
    assert.equal(stopped.complete, false);
    assert.equal(stopped.mean, exact.mean);
    assert.ok(stopped.variance >= exact.variance);
    assert.deepEqual(posterior.predictUnless(star, 0, () => false), { ...exact, complete: true });
  });

  test('the search is deterministic per seed and ranks its candidates best first', () => {
    const anchors = [...points].sort((a, b) => (y[points.indexOf(a)] ?? 0) - (y[points.indexOf(b)] ?? 0)).slice(0, 5);
    const problem = { layout, posterior, incumbent, anchors, evaluations: 1500 };
    const first = searchAcquisition(problem, d, new FastRandom(9, 1));
    const again = searchAcquisition(problem, d, new FastRandom(9, 1));
    assert.deepEqual(again, first);
    for (let i = 1; i < first.length; i++) assert.ok((first[i - 1]?.score ?? 0) >= (first[i]?.score ?? 0));
    // The best candidates carry exact scores.
    for (const candidate of first.slice(0, 8)) assert.equal(candidate.score, scorer.score(candidate.u));
  });
});
