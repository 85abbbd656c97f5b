/** Curves mark an early-terminated trial where the policy stopped it, not where its output ended. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { curvesView } from '../../../src/core/dashboard/curves';
import { makeEvent, type EventBody, type JournalEvent } from '../../../src/core/journal/events';
import { replay } from '../../../src/core/journal/replay';
import type { PolicyExplanation } from '../../../src/core/policies/explanation';

function events(): JournalEvent[] {
  const bodies: EventBody[] = [
    {
      type: 'sweep-created', name: 's', specPath: '/x/s.yaml', specHash: 'h', sampler: 'random', seed: 1, goal: 'minimize',
      primaryMetric: 'loss', limits: { max_total_trials: 2 }, policy: null, hypersweepVersion: 'test',
    },
    { type: 'runner-started', pid: 1, host: 'h', resume: false },
    { type: 'trial-created', trialId: 's_0', index: 0, sequence: 0, params: { lr: 0.1 } },
    { type: 'trial-started', trialId: 's_0', attempt: 1, pid: 2, processStartTime: null, target: 'local', argv: ['x'], cwd: '/x' },
  ];
  // Eight reports; the policy stops the trial at interval 5, the process reports three more before it dies.
  for (let step = 0; step < 8; step++) {
    bodies.push({ type: 'metric', trialId: 's_0', name: 'loss', value: 1 - step / 10, step, timestamp: step, source: 'stdout' });
    bodies.push({ type: 'metric', trialId: 's_0', name: 'acc', value: step / 10, step, timestamp: step, source: 'stdout' });
    if (step === 4) {
      const explanation: PolicyExplanation = {
        policy: 'bandit', trialId: 's_0', interval: 5, goal: 'minimize', outcome: 'stop', value: 0.6, reference: { best: 0.2 },
        threshold: 0.24, populationSize: 1, summary: 's_0 stopped at interval 5',
      };
      bodies.push({ type: 'policy-decision', explanation });
    }
  }
  bodies.push({ type: 'trial-ended', trialId: 's_0', attempt: 1, status: 'Canceled', reason: 'early_termination', exitCode: null, signal: 'SIGTERM' });
  return bodies.map((b, i) => makeEvent(b, 1000 + i) as JournalEvent);
}

// Curves are drawn against intervals (the n-th report at x = n): the mark sits at x = 5, where the
// sentence says "interval 5", although stdout numbered that report step 4.
test('the primary curve is marked at the stop interval; other metrics at their last point', () => {
  const state = replay(events());
  const loss = curvesView(state, { metric: 'loss', width: 400 }).series.find((s) => s.trialId === 's_0');
  assert.deepEqual(loss?.stoppedAt, [5, 0.6]);
  assert.deepEqual(loss?.points.slice(0, 4), [1, 1, 2, 0.9]);
  const acc = curvesView(state, { metric: 'acc', width: 400 }).series.find((s) => s.trialId === 's_0');
  assert.deepEqual(acc?.stoppedAt, [8, 0.7]);
});
