import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createPolicy, type PolicyExplanation } from '../../../src/core/policies/index';
import { isWorse, isWorseThanCut } from '../../../src/core/policies/schedule';
import type { EarlyTermination, Goal } from '../../../src/core/spec/model';
import { check } from './support';

void describe('createPolicy', () => {
  void test('builds the policy the block names', () => {
    const schedule = { evaluation_interval: 1, delay_evaluation: 0 };
    assert.equal(createPolicy({ type: 'bandit', slack_factor: 0.1, ...schedule }).type, 'bandit');
    assert.equal(createPolicy({ type: 'median_stopping', ...schedule }).type, 'median_stopping');
    assert.equal(createPolicy({ type: 'truncation_selection', truncation_percentage: 10, ...schedule }).type, 'truncation_selection');
  });

  void test('an unknown type (e.g. from JSON) is refused with the supported names', () => {
    const bad = JSON.parse('{"type":"no_termination","evaluation_interval":1,"delay_evaluation":0}') as EarlyTermination;
    assert.throws(() => createPolicy(bad), /"no_termination" is not supported; use bandit, median_stopping, truncation_selection, asha or hyperband/);
  });
});

// Values with ties (quarters), signs, and now and then a non-finite report.
const metric = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -8, max: 8 }).map((q) => q / 4) },
  { weight: 3, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
);
const series = (min: number, max: number): fc.Arbitrary<number[]> => fc.array(metric, { minLength: min, maxLength: max });
const schedule = { evaluation_interval: fc.integer({ min: 0, max: 3 }), delay_evaluation: fc.integer({ min: 0, max: 4 }) };

/** Every kind of policy whose decisions do not depend on the sign of the metric. */
const signFreeConfig: fc.Arbitrary<EarlyTermination> = fc.oneof(
  fc.record({ type: fc.constant('bandit' as const), slack_amount: fc.double({ min: 0, max: 2, noNaN: true }), ...schedule }),
  fc.record({ type: fc.constant('bandit' as const), ...schedule }),
  fc.record({ type: fc.constant('median_stopping' as const), ...schedule }),
  fc.record({ type: fc.constant('truncation_selection' as const), truncation_percentage: fc.integer({ min: 1, max: 99 }), ...schedule }),
  fc.record(
    { type: fc.constant('asha' as const), min_resource: fc.integer({ min: 1, max: 2 }), max_resource: fc.integer({ min: 3, max: 12 }), reduction_factor: fc.integer({ min: 2, max: 4 }), brackets: fc.integer({ min: 1, max: 3 }), ...schedule },
    { requiredKeys: ['type', 'min_resource', 'reduction_factor', 'brackets', 'evaluation_interval', 'delay_evaluation'] },
  ),
  fc.record({ type: fc.constant('hyperband' as const), min_resource: fc.constant(1), max_resource: fc.integer({ min: 2, max: 12 }), reduction_factor: fc.integer({ min: 2, max: 4 }), ...schedule }),
);
const anyConfig: fc.Arbitrary<EarlyTermination> = fc.oneof(
  signFreeConfig,
  fc.record({ type: fc.constant('bandit' as const), slack_factor: fc.double({ min: 0, max: 2, noNaN: true }), ...schedule }),
  fc.record({
    type: fc.constant('bandit' as const),
    slack_factor: fc.double({ min: 0, max: 2, noNaN: true }),
    slack_amount: fc.double({ min: 0, max: 2, noNaN: true }),
    ...schedule,
  }),
);
const goal = fc.constantFrom<Goal>('maximize', 'minimize');

function negated(a: number, b: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(b)) || a === -b;
}

void describe('laws of every policy', () => {
  void test('maximize and minimize of the negated values decide alike (ratio rule aside)', () => {
    fc.assert(
      fc.property(signFreeConfig, series(1, 8), fc.array(series(0, 10), { maxLength: 6 }), (config, trial, others) => {
        const policy = createPolicy(config);
        const up = check(policy, 'maximize', trial, others);
        const down = check(policy, 'minimize', trial.map((v) => -v), others.map((s) => s.map((v) => -v)));
        if (up === undefined || down === undefined) {
          assert.equal(up, down);
          return;
        }
        assert.equal(down.outcome, up.outcome);
        assert.equal(down.populationSize, up.populationSize);
        assert.deepEqual(down.ranking, up.ranking);
        assert.ok(negated(down.value, up.value), `value ${up.value} vs ${down.value}`);
        assert.ok(negated(down.threshold, up.threshold), `threshold ${up.threshold} vs ${down.threshold}`);
        assert.deepEqual(Object.keys(down.reference), Object.keys(up.reference));
        for (const [key, value] of Object.entries(up.reference)) assert.ok(negated(down.reference[key] ?? 0, value), key);
      }),
      { numRuns: 500 },
    );
  });

  void test('a trial that is the best so far is never stopped', () => {
    fc.assert(
      fc.property(anyConfig, goal, series(1, 8), fc.array(series(0, 10), { maxLength: 6 }), fc.nat(), (config, g, trial, others, at) => {
        const n = trial.length;
        const seen = [...trial, ...others.filter((s) => s.length >= n).flatMap((s) => s.slice(0, n))].filter(Number.isFinite);
        const top = seen.length === 0 ? 0 : g === 'maximize' ? Math.max(...seen) : Math.min(...seen);
        const best = [...trial];
        best[at % n] = top;
        const explanation = check(createPolicy(config), g, best, others);
        assert.notEqual(explanation?.outcome, 'stop', explanation?.summary);
      }),
      { numRuns: 500 },
    );
  });

  void test('stop means worse than the threshold, continue means not worse, and the sentence says which', () => {
    const verbs: Record<PolicyExplanation['outcome'], string> = { stop: 'stopped at', continue: 'continues at', skip: 'not checked at' };
    fc.assert(
      fc.property(anyConfig, goal, series(1, 8), fc.array(series(0, 10), { maxLength: 6 }), (config, g, trial, others) => {
        const explanation = check(createPolicy(config), g, trial, others);
        if (explanation === undefined) return;
        assert.ok(explanation.summary.startsWith(`trial_0 ${verbs[explanation.outcome]} interval ${trial.length}: `), explanation.summary);
        assert.ok(explanation.populationSize >= 1);
        if (explanation.outcome === 'stop') assert.ok(isWorse(explanation.value, explanation.threshold, g), explanation.summary);
        // A value on a computed cut (up to rounding) is kept, so continue allows rounding-level gaps.
        if (explanation.outcome === 'continue') assert.ok(!isWorseThanCut(explanation.value, explanation.threshold, g), explanation.summary);
      }),
      { numRuns: 500 },
    );
  });
});
