/**
 * The escape turns' model (escapeModel.ts): lengthscales capped at the width of the unit cube,
 * everything else the fitted model's.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ESCAPE_MAX_LENGTHSCALE, escapeHyperparameters } from '../../../../src/core/samplers/bayesian/escapeModel';
import type { GpHyperparameters } from '../../../../src/core/samplers/bayesian/gp';

describe('escapeHyperparameters', () => {
  test('caps every lengthscale longer than the cube and keeps the others, the variances unchanged', () => {
    const fitted: GpHyperparameters = { lengthscales: Float64Array.of(0.3, 81, 1, 4.2), signalVariance: 1.7, noiseVariance: 2e-6 };
    const capped = escapeHyperparameters(fitted);
    assert.deepEqual(Array.from(capped.lengthscales), [0.3, ESCAPE_MAX_LENGTHSCALE, 1, ESCAPE_MAX_LENGTHSCALE]);
    assert.equal(capped.signalVariance, 1.7);
    assert.equal(capped.noiseVariance, 2e-6);
    // The fitted model is left as it was.
    assert.deepEqual(Array.from(fitted.lengthscales), [0.3, 81, 1, 4.2]);
  });

  test('gives the fitted hyperparameters themselves when none is longer than the cube (no second model)', () => {
    const fitted: GpHyperparameters = { lengthscales: Float64Array.of(0.3, 0.9), signalVariance: 1, noiseVariance: 1e-6 };
    assert.equal(escapeHyperparameters(fitted), fitted);
  });
});
