/** The explorer's labels, context values and status bar text, from states built by real journal replay. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { makeEvent, type EventBody, type JournalEvent } from '../../../src/core/journal/events';
import { replay } from '../../../src/core/journal/replay';
import { formatElapsed, formatValue, progressLine, statusBarText, sweepView, trialDetails, trialView } from '../../../src/extension/sweeps/treeModel';

function stateOf(bodies: EventBody[]) {
  return replay(bodies.map((b, i) => makeEvent(b, 1000 + i * 1000) as JournalEvent));
}

const base: EventBody[] = [
  { type: 'sweep-created', name: 'demo', specPath: '/x/demo.sweep.yaml', specHash: 'h', sampler: 'random', seed: 1, goal: 'minimize', primaryMetric: 'loss', limits: { max_total_trials: 16 }, policy: null, hypersweepVersion: '0' },
  { type: 'runner-started', pid: 1, host: 'h', resume: false },
  { type: 'trial-created', trialId: 'demo_0', index: 0, sequence: 0, params: { lr: 0.01, opt: 'adam' } },
  { type: 'trial-started', trialId: 'demo_0', attempt: 1, pid: 2, processStartTime: null, target: 'local', argv: ['python'], cwd: '/x' },
  { type: 'metric', trialId: 'demo_0', name: 'loss', value: 0.101, step: 1, timestamp: 1, source: 'stdout' },
  { type: 'trial-ended', trialId: 'demo_0', attempt: 1, status: 'Completed', exitCode: 0, signal: null },
  { type: 'trial-created', trialId: 'demo_1', index: 1, sequence: 1, params: { lr: 0.1, opt: 'sgd' } },
  { type: 'trial-started', trialId: 'demo_1', attempt: 1, pid: 3, processStartTime: null, target: 'local', argv: ['python'], cwd: '/x' },
];

void test('a running sweep shows progress, best value and elapsed time, and is stoppable', () => {
  const state = stateOf(base);
  const view = sweepView({ dir: '/w/.hypersweep/demo', state, runnerAlive: true }, 1000 + 65_000);
  assert.equal(view.label, 'demo');
  assert.equal(view.description, '1/16 · best 0.101 · 1m 04s');
  assert.equal(view.contextValue, 'sweep.running');
  assert.equal(view.icon.id, 'sync~spin');
  assert.equal(statusBarText([{ dir: 'd', state, runnerAlive: true }]), '$(beaker) 1/16 · best 0.101');
});

void test('a Running sweep whose runner died is offered for resume, not stop', () => {
  const view = sweepView({ dir: 'd', state: stateOf(base), runnerAlive: false });
  assert.equal(view.contextValue, 'sweep.ended');
  assert.match(view.tooltip, /resume/);
  assert.equal(statusBarText([]), undefined);
});

void test('trials show best value and parameters; running ones can be canceled, ended ones rerun', () => {
  const state = stateOf(base);
  const [done, running] = state.trials;
  assert.ok(done && running);
  assert.deepEqual([trialView(done, state).description, trialView(done, state).contextValue], ['best 0.101 · lr=0.01, opt=adam', 'trial.ended']);
  assert.equal(trialView(running, state).contextValue, 'trial.running');
  assert.match(trialView(done, state).tooltip, /lr = 0\.01/);
  assert.deepEqual(trialDetails(done).map((d) => [d.label, d.description]), [['lr', '0.01'], ['opt', 'adam'], ['loss', '0.101 (step 1, 1 reported)']]);
});

void test('an early-terminated trial explains why with the policy sentence', () => {
  const summary = 'demo_1 stopped at interval 1: best 0.9 > 0.5 (bandit, compared with 1 trials)';
  const state = stateOf([...base,
    { type: 'metric', trialId: 'demo_1', name: 'loss', value: 0.9, step: 1, timestamp: 1, source: 'stdout' },
    { type: 'policy-decision', explanation: { policy: 'bandit', trialId: 'demo_1', interval: 1, goal: 'minimize', outcome: 'stop', value: 0.9, reference: { best: 0.101 }, threshold: 0.5, populationSize: 1, summary } },
    { type: 'trial-ended', trialId: 'demo_1', attempt: 1, status: 'Canceled', reason: 'early_termination', exitCode: null, signal: 'SIGTERM' },
  ]);
  const trial = state.trials[1];
  assert.ok(trial);
  assert.ok(trialDetails(trial).some((d) => d.description === summary));
  assert.match(trialView(trial, state).tooltip, /bandit/);
  const ended = makeEvent({ type: 'trial-ended', trialId: 'demo_1', attempt: 1, status: 'Canceled', reason: 'early_termination', exitCode: null, signal: 'SIGTERM' }) as JournalEvent;
  assert.equal(progressLine(ended, state), 'demo_1 Canceled (early_termination) · best 0.9 · 2/16 done');
});

void test('re-runs add to the total instead of hiding a sampled trial', () => {
  const state = stateOf([...base, { type: 'trial-created', trialId: 'demo_2', index: 2, sequence: 0, params: { lr: 0.01, opt: 'adam' }, rerunOf: 'demo_0' }]);
  assert.match(sweepView({ dir: 'd', state, runnerAlive: true }).description, /^1\/17 /);
});

void test('formatValue keeps 4 significant digits and round-trips to within that precision', () => {
  assert.equal(formatValue(0.1234567), '0.1235');
  assert.equal(formatValue(Number.NaN), 'NaN');
  assert.equal(formatValue(1e-7), '1e-7');
  fc.assert(fc.property(fc.double({ min: -1e5, max: 1e5, noNaN: true }).filter((v) => v === 0 || Math.abs(v) >= 1e-4), (v) => {
    const back = Number(formatValue(v));
    return Math.abs(back - v) <= Math.abs(v) * 1e-3 + 1e-12;
  }));
  assert.equal(formatElapsed(7_325_000), '2h 02m');
});
