/**
 * Values a trial reports after the decision to stop it (by the policy, the user or a limit) are
 * kept in the journal and the curve, but count nowhere: not the trial's best, not the best trial,
 * not the leaderboard, not export, not the sampler's history, not a policy's population. Older
 * journals (no `afterStop` flag) get the same reading from their journaled stop decisions.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEventLine, encodeEventLine } from '../../../src/core/journal/codec';
import type { JournalEvent, MetricEvent } from '../../../src/core/journal/events';
import { countedPrimary, historyForSampler, replay } from '../../../src/core/journal/replay';
import { leaderboard } from '../../../src/core/results/leaderboard';
import { resultsJson } from '../../../src/core/results/exportResults';
import { curvesView } from '../../../src/core/dashboard/curves';

const created: JournalEvent = {
  v: 1, t: 0, type: 'sweep-created', name: 's', specPath: '/s.yaml', specHash: 'h', sampler: 'random', seed: 1, goal: 'minimize',
  primaryMetric: 'loss', limits: { max_total_trials: 2, max_concurrent_trials: 1 },
  policy: { type: 'bandit', evaluation_interval: 1, delay_evaluation: 0, slack_factor: 0.1 }, hypersweepVersion: '0',
};

function trial(id: string, index: number): JournalEvent[] {
  return [
    { v: 1, t: 1, type: 'trial-created', trialId: id, index, sequence: index, params: { x: index } },
    { v: 1, t: 2, type: 'trial-started', trialId: id, attempt: 1, pid: 100 + index, processStartTime: null, target: 'local', argv: [], cwd: '/' },
  ];
}

function loss(id: string, step: number, value: number, afterStop = false): MetricEvent {
  return { v: 1, t: 3, type: 'metric', trialId: id, name: 'loss', value, step, timestamp: 3, source: 'stdout', ...(afterStop ? { afterStop: true as const } : {}) };
}

const stopDecision: JournalEvent = {
  v: 1, t: 4, type: 'policy-decision',
  explanation: { policy: 'bandit', trialId: 's_1', interval: 2, goal: 'minimize', outcome: 'stop', value: 0.8, reference: { best: 0.5 }, threshold: 0.55, populationSize: 1, summary: 'stop' },
};

/** s_0 completes with best 0.5; s_1 is stopped at interval 2, then reports 0.1 and 0.05 before the kill lands. */
function sweep(flagged: boolean): JournalEvent[] {
  return [
    created,
    { v: 1, t: 1, type: 'runner-started', pid: 1, host: 'h', resume: false },
    ...trial('s_0', 0), loss('s_0', 0, 0.9), loss('s_0', 1, 0.5),
    { v: 1, t: 5, type: 'trial-ended', trialId: 's_0', attempt: 1, status: 'Completed', exitCode: 0, signal: null },
    ...trial('s_1', 1), loss('s_1', 0, 0.9), loss('s_1', 1, 0.8), stopDecision,
    loss('s_1', 2, 0.1, flagged), loss('s_1', 3, 0.05, flagged),
    { v: 1, t: 6, type: 'trial-ended', trialId: 's_1', attempt: 1, status: 'Canceled', reason: 'early_termination', exitCode: null, signal: 'SIGTERM' },
  ];
}

describe('values reported after a stop decision', () => {
  for (const flagged of [true, false]) {
    test(`are kept but not counted (${flagged ? 'flagged events' : 'an older journal without the flag'})`, () => {
      const state = replay(sweep(flagged));
      const stopped = state.trials[1]!;
      assert.deepEqual(stopped.primary.map((p) => [p.value, p.afterStop ?? false]), [[0.9, false], [0.8, false], [0.1, true], [0.05, true]]);
      assert.deepEqual(stopped.metrics['loss']?.map((p) => p.afterStop ?? false), [false, false, true, true]);
      assert.equal(stopped.bestPrimary, 0.8);
      assert.deepEqual(countedPrimary(stopped), [0.9, 0.8]);
      assert.equal(state.bestTrialId, 's_0');
      assert.deepEqual(leaderboard(state).map((row) => row.trial.id), ['s_0', 's_1']);
      assert.equal(resultsJson(state).best_trial, 's_0');
      assert.deepEqual(historyForSampler(state).map((h) => h.primary), [[0.9, 0.5], [0.9, 0.8]]);
      // The dashboard draws all four points and greys those from interval 3 on.
      const curve = curvesView(state, { metric: 'loss', width: 400 }).series.find((s) => s.trialId === 's_1');
      assert.equal(curve?.points.length, 8);
      assert.equal(curve?.afterStopFrom, 3);
    });
  }

  test('a user or limit stop leaves only the flag: the first flagged value ends counting for the attempt', () => {
    const events = sweep(true).filter((e) => e !== stopDecision);
    const state = replay(events);
    assert.equal(state.trials[1]!.bestPrimary, 0.8);
    assert.deepEqual(countedPrimary(state.trials[1]!), [0.9, 0.8]);
  });

  test('a cancel request makes later values of running trials after-stop, and a new attempt counts again', () => {
    const events: JournalEvent[] = [
      created, { v: 1, t: 1, type: 'runner-started', pid: 1, host: 'h', resume: false },
      ...trial('s_0', 0), loss('s_0', 0, 0.9),
      { v: 1, t: 4, type: 'cancel-requested', by: 'cli' },
      loss('s_0', 1, 0.2),
      { v: 1, t: 5, type: 'trial-interrupted', trialId: 's_0', attempt: 1 },
      { v: 1, t: 6, type: 'trial-started', trialId: 's_0', attempt: 2, pid: 7, processStartTime: null, target: 'local', argv: [], cwd: '/' },
      loss('s_0', 0, 0.3),
    ];
    const state = replay(events.slice(0, 7));
    assert.equal(state.trials[0]!.bestPrimary, 0.9);
    const resumed = replay(events);
    assert.equal(resumed.trials[0]!.bestPrimary, 0.3);
    assert.deepEqual(countedPrimary(resumed.trials[0]!), [0.3]);
  });

  test('the flag survives a journal round trip and is absent when not set', () => {
    const flagged = loss('s_1', 2, 0.1, true);
    assert.deepEqual(decodeEventLine(encodeEventLine(flagged).trimEnd()), { ok: true, event: flagged });
    const plain = loss('s_1', 2, 0.1);
    const back = decodeEventLine(encodeEventLine(plain).trimEnd());
    assert.ok(back.ok && !('afterStop' in back.event));
  });
});
