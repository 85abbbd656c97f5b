/** The HyperSweep view's rows for enqueued trials, prior trials and extensions, from real journal replay. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEvent, type EventBody, type JournalEvent } from '../../../src/core/journal/events';
import { replay } from '../../../src/core/journal/replay';
import { sweepView, trialView } from '../../../src/extension/sweeps/treeModel';

const bodies: EventBody[] = [
  { type: 'sweep-created', name: 'w', specPath: '/x/w.sweep.yaml', specHash: 'h', sampler: 'random', seed: 1, goal: 'minimize', primaryMetric: 'loss', limits: { max_total_trials: 2 }, policy: null, hypersweepVersion: '0' },
  { type: 'configs-enqueued', source: 'c.jsonl', configs: [{ lr: 0.01 }] },
  { type: 'priors-loaded', source: 'old', summary: 's', trials: [{ id: 'old_0', params: { lr: 0.02 }, status: 'Completed', value: 0.001 }] },
  { type: 'runner-started', pid: 1, host: 'h', resume: false },
  { type: 'trial-created', trialId: 'w_0', index: 0, sequence: 0, params: { lr: 0.01 }, origin: 'enqueued' },
  { type: 'trial-ended', trialId: 'w_0', attempt: 0, status: 'Completed', exitCode: 0, signal: null },
  { type: 'trial-created', trialId: 'w_1', index: 1, sequence: 0, params: { lr: 0.5 } },
  { type: 'trial-ended', trialId: 'w_1', attempt: 0, status: 'Completed', exitCode: 0, signal: null },
  { type: 'sweep-ended', status: 'Completed', reason: 'max_total_trials' },
  { type: 'sweep-extended', addTrials: 2, maxTotalTrials: 4 },
];

void test('the sweep row counts its own trials against the extended limit and names priors and the extension apart', () => {
  const state = replay(bodies.map((b, i) => makeEvent(b, 1000 + i * 1000) as JournalEvent));
  const view = sweepView({ dir: '/w', state, runnerAlive: false }, 20_000);
  assert.match(view.description, /^2\/4 · .* · 1 prior · extended$/);
  assert.match(view.tooltip, /prior: 1 trial from old \(warm start\)/);
  assert.match(view.tooltip, /\+2 trials \(max_total_trials 2 → 4\) after Completed \(max_total_trials\) with 2 trials/);
  assert.match(trialView(state.trials[0]!, state).description, /^enqueued · /);
  assert.doesNotMatch(trialView(state.trials[1]!, state).description, /enqueued/);
});
