/** The explorer's labels, context values and status bar text, from states built by real journal replay. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { makeEvent, type EventBody, type JournalEvent } from '../../../src/core/journal/events';
import { replay } from '../../../src/core/journal/replay';
import {
  endNotification, formatElapsed, formatValue, progressLine, progressOf, progressText, sortTrials, statusBarText, sweepView, trialDetails, trialEndLine, trialTaskExitCode, trialView,
} from '../../../src/extension/sweeps/treeModel';

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
  assert.deepEqual([trialView(done, state).description, trialView(done, state).contextValue], ['★ best trial · best 0.101 · lr=0.01, opt=adam', 'trial.ended']);
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

void test('re-runs are counted on their own, never as more done than the sweep has', () => {
  const state = stateOf([...base, { type: 'trial-created', trialId: 'demo_2', index: 2, sequence: 0, params: { lr: 0.01, opt: 'adam' }, rerunOf: 'demo_0' }]);
  assert.match(sweepView({ dir: 'd', state, runnerAlive: true }).description, /^1\/16 \+ 1 re-run /);
  // A sweep that ended 2/2 and then re-ran one trial: `2/2 + 1 re-run`, not `3/2`.
  const ended = stateOf([
    { ...base[0] as Extract<EventBody, { type: 'sweep-created' }>, limits: { max_total_trials: 2 } },
    ...base.slice(1),
    { type: 'metric', trialId: 'demo_1', name: 'loss', value: 0.5, step: 1, timestamp: 1, source: 'stdout' },
    { type: 'trial-ended', trialId: 'demo_1', attempt: 1, status: 'Completed', exitCode: 0, signal: null },
    { type: 'sweep-ended', status: 'Completed', reason: 'max_total_trials' },
    { type: 'runner-started', pid: 9, host: 'h', resume: true },
    { type: 'trial-created', trialId: 'demo_2', index: 2, sequence: 0, params: { lr: 0.01, opt: 'adam' }, rerunOf: 'demo_0' },
    { type: 'trial-started', trialId: 'demo_2', attempt: 1, pid: 10, processStartTime: null, target: 'local', argv: ['python'], cwd: '/x' },
    { type: 'trial-ended', trialId: 'demo_2', attempt: 1, status: 'Completed', exitCode: 0, signal: null },
    { type: 'sweep-ended', status: 'Completed', reason: 'max_total_trials' },
  ]);
  assert.deepEqual(progressOf(ended), { done: 2, total: 2, reruns: 1, rerunsDone: 1 });
  assert.equal(progressText(ended), '2/2 + 1 re-run');
  assert.match(sweepView({ dir: 'd', state: ended, runnerAlive: false }).tooltip, /2 of 2 trials finished\n1 of 1 re-run finished/);
  assert.equal(endNotification(ended).text, 'Sweep demo completed (max total trials): 2 trials + 1 re-run; best loss 0.101 (demo_0).');
});

void test('an ended sweep in which a trial could not start is announced as a warning, never a plain success', () => {
  const state = stateOf([
    ...base,
    { type: 'trial-ended', trialId: 'demo_1', attempt: 1, status: 'Completed', exitCode: 0, signal: null },
    { type: 'trial-created', trialId: 'demo_2', index: 2, sequence: 2, params: { lr: 0.5, opt: 'sgd' } },
    { type: 'trial-ended', trialId: 'demo_2', attempt: 1, status: 'Failed', exitCode: null, signal: null, note: 'could not start "python": spawn python EMFILE' },
    { type: 'sweep-ended', status: 'Completed', reason: 'max_total_trials' },
  ]);
  assert.deepEqual(endNotification(state), {
    severity: 'warning',
    text: 'Sweep demo completed (max total trials): 3 trials; best loss 0.101 (demo_0). 1 trial could not start.',
  });
  const view = sweepView({ dir: 'd', state, runnerAlive: false });
  assert.equal(view.icon.id, 'warning');
  assert.match(view.tooltip, /^demo: Completed, 1 of 3 trials could not start/m);
});

void test("a trial terminal's last line says how the trial ended; only a failure is an error exit", () => {
  const summary = 'demo_1 stopped at interval 1: best 0.9 > 0.5 (bandit, compared with 1 trials)';
  const ends: [EventBody[], string, number][] = [
    [[{ type: 'metric', trialId: 'demo_1', name: 'loss', value: 0.9, step: 1, timestamp: 1, source: 'stdout' },
      { type: 'policy-decision', explanation: { policy: 'bandit', trialId: 'demo_1', interval: 1, goal: 'minimize', outcome: 'stop', value: 0.9, reference: { best: 0.101 }, threshold: 0.5, populationSize: 1, summary } },
      { type: 'trial-ended', trialId: 'demo_1', attempt: 1, status: 'Canceled', reason: 'early_termination', exitCode: null, signal: 'SIGTERM' }],
    `stopped early by the policy: ${summary} · best loss 0.9`, 0],
    [[{ type: 'trial-ended', trialId: 'demo_1', attempt: 1, status: 'Canceled', reason: 'user', exitCode: null, signal: 'SIGTERM' }], 'demo_1 was stopped by the user', 0],
    [[{ type: 'trial-ended', trialId: 'demo_1', attempt: 1, status: 'Canceled', reason: 'trial_timeout', exitCode: null, signal: 'SIGTERM' }], 'demo_1 was stopped: it reached the trial timeout (limits.trial_timeout)', 0],
    [[{ type: 'trial-ended', trialId: 'demo_1', attempt: 1, status: 'Canceled', reason: 'sweep_timeout', exitCode: null, signal: 'SIGTERM' }], 'demo_1 was stopped: the sweep reached its timeout (limits.timeout)', 0],
    [[{ type: 'trial-ended', trialId: 'demo_1', attempt: 1, status: 'Failed', exitCode: 2, signal: null }], 'demo_1 failed with exit code 2', 1],
    [[{ type: 'trial-ended', trialId: 'demo_1', attempt: 1, status: 'Completed', exitCode: 0, signal: null }], 'demo_1 completed', 0],
  ];
  for (const [events, line, code] of ends) {
    const state = stateOf([...base, ...events]);
    const trial = state.trials[1];
    assert.ok(trial);
    assert.equal(trialEndLine(trial, state), line);
    assert.equal(trialTaskExitCode(trial), code, line);
  }
});

void test('the best trial wears a star, and best-first order follows the goal', () => {
  const bodies: EventBody[] = [...base,
    { type: 'metric', trialId: 'demo_1', name: 'loss', value: 0.05, step: 1, timestamp: 1, source: 'stdout' },
    { type: 'trial-ended', trialId: 'demo_1', attempt: 1, status: 'Completed', exitCode: 0, signal: null },
    { type: 'trial-created', trialId: 'demo_2', index: 2, sequence: 2, params: { lr: 0.2, opt: 'sgd' } },
  ];
  const state = stateOf(bodies);
  assert.equal(state.bestTrialId, 'demo_1');
  const [first, best] = state.trials;
  assert.ok(first && best);
  assert.equal(trialView(best, state).icon.id, 'star-full');
  assert.match(trialView(best, state).description, /^★ best trial · best 0\.05/);
  assert.notEqual(trialView(first, state).icon.id, 'star-full');
  assert.deepEqual(sortTrials(state, 'order').map((t) => t.id), ['demo_0', 'demo_1', 'demo_2']);
  assert.deepEqual(sortTrials(state, 'best').map((t) => t.id), ['demo_1', 'demo_0', 'demo_2']);
  const maximize = stateOf([{ ...base[0] as Extract<EventBody, { type: 'sweep-created' }>, goal: 'maximize' }, ...bodies.slice(1)]);
  assert.deepEqual(sortTrials(maximize, 'best').map((t) => t.id), ['demo_0', 'demo_1', 'demo_2']);
});

void test('the end notification: Completed informs, Canceled warns, Failed is an error', () => {
  const failed = stateOf([...base,
    { type: 'trial-ended', trialId: 'demo_1', attempt: 1, status: 'Failed', exitCode: 1, signal: null },
    { type: 'sweep-ended', status: 'Canceled', reason: 'user' },
  ]);
  assert.deepEqual(endNotification(failed), { severity: 'warning', text: 'Sweep demo was canceled (user): 2 trials; best loss 0.101 (demo_0).' });
  const allFailed = stateOf([base[0] as EventBody, base[1] as EventBody,
    { type: 'trial-created', trialId: 'demo_0', index: 0, sequence: 0, params: { lr: 0.01 } },
    { type: 'trial-ended', trialId: 'demo_0', attempt: 0, status: 'Failed', exitCode: null, signal: null, note: 'could not start' },
    { type: 'sweep-ended', status: 'Failed', reason: 'all_trials_failed' },
  ]);
  assert.equal(endNotification(allFailed).severity, 'error');
  assert.match(endNotification(allFailed).text, /^Sweep demo failed \(all trials failed\): 1 trial; no loss value was reported\./);
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
