import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createSampler } from '../../../src/core/samplers/index';
import { mixedSpace, discreteSpace } from './helpers';

const context = { space: mixedSpace, seed: 4, goal: 'maximize' as const };

describe('createSampler', () => {
  test('picks the sampler named by sampling_algorithm', () => {
    assert.equal(createSampler({ type: 'random', rule: 'random', form: 'string' }, context).name, 'random');
    assert.equal(createSampler({ type: 'random', rule: 'sobol', form: 'object' }, context).name, 'sobol');
    assert.equal(createSampler({ type: 'grid', form: 'string' }, { ...context, space: discreteSpace }).name, 'grid');
  });
  test('scramble: false gives a different (the standard) Sobol sequence', () => {
    const sobol = { type: 'random', rule: 'sobol', form: 'object' } as const;
    const scrambled = createSampler(sobol, context).propose([], 2).proposals;
    const plain = createSampler(sobol, context, { scramble: false }).propose([], 2).proposals;
    assert.notDeepEqual(plain, scrambled);
    assert.equal(plain[0]?.params.momentum, 0.5);
  });
  test('Bayesian sampling gets the Bayesian sampler', () => {
    const sampler = createSampler({ type: 'bayesian', form: 'string' }, context);
    assert.equal(sampler.name, 'bayesian');
    assert.equal(sampler.propose([], 2).proposals.length, 2);
  });
});
