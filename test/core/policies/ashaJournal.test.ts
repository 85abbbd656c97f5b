import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEventLine, encodeEventLine } from '../../../src/core/journal/codec';
import type { JournalEvent } from '../../../src/core/journal/events';
import { createPolicy } from '../../../src/core/policies/index';

const T0 = 1_700_000_000_000;

void describe('ASHA and Hyperband in the journal', () => {
  void test('a sweep-created policy and a rung decision read back exactly as written', () => {
    const policy = createPolicy({ type: 'asha', min_resource: 1, max_resource: 9, reduction_factor: 3, brackets: 2, evaluation_interval: 1, delay_evaluation: 0 });
    const explanation = policy.evaluate({
      trial: { id: 'demo_0', primary: [0.1] },
      others: [{ id: 'demo_2', primary: [0.5] }],
      goal: 'maximize',
    });
    assert.ok(explanation?.rung);
    const events: JournalEvent[] = [
      {
        v: 1, t: T0, type: 'sweep-created', name: 'demo', specPath: '/w/s.yaml', specHash: 'ab', sampler: 'random', seed: 1, goal: 'maximize',
        primaryMetric: 'accuracy', limits: { max_total_trials: 4 }, hypersweepVersion: '0.1.0',
        policy: { type: 'asha', min_resource: 1, max_resource: 9, reduction_factor: 3, brackets: 2, evaluation_interval: 1, delay_evaluation: 0 },
      },
      {
        v: 1, t: T0, type: 'sweep-created', name: 'demo', specPath: '/w/s.yaml', specHash: 'ab', sampler: 'random', seed: 1, goal: 'maximize',
        primaryMetric: 'accuracy', limits: { max_total_trials: 4 }, hypersweepVersion: '0.1.0',
        policy: { type: 'hyperband', min_resource: 2, reduction_factor: 2, evaluation_interval: 0, delay_evaluation: 0 },
      },
      { v: 1, t: T0 + 1, type: 'policy-decision', explanation },
    ];
    for (const event of events) {
      const decoded = decodeEventLine(encodeEventLine(event).trimEnd());
      assert.ok(decoded.ok, JSON.stringify(decoded));
      assert.deepEqual(decoded.event, event);
    }
  });

  void test('a damaged rung (a rank of 0) is refused with the field named', () => {
    const line = JSON.stringify({
      v: 1, t: T0, type: 'policy-decision',
      explanation: {
        policy: 'asha', trialId: 'demo_0', interval: 1, goal: 'maximize', outcome: 'stop', value: 0.1, reference: { cutoff: 0.5 }, threshold: 0.5,
        populationSize: 1, summary: 's', rung: { resource: 1, bracket: 0, brackets: 1, rungs: [1, 3], rank: 0, count: 2, promoted: 1 },
      },
    });
    const decoded = decodeEventLine(line);
    assert.equal(decoded.ok, false);
    assert.match(JSON.stringify(decoded), /rank/);
  });
});
