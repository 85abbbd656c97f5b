import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import type { JournalEvent } from '../../../src/core/journal/events';
import { readJournal } from '../../../src/core/journal/reader';
import { applyEvent, bestFinite, historyForSampler, replay } from '../../../src/core/journal/replay';
import { emptySweepState, type SweepState, type TrialRecord } from '../../../src/core/journal/state';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'journal', 'replay-sweep.jsonl');

function trial(state: SweepState, id: string): TrialRecord {
  const found = state.trials.find((tr) => tr.id === id);
  assert.ok(found, `trial ${id} exists`);
  return found;
}

const values = (tr: TrialRecord, name: string): number[] => (tr.metrics[name] ?? []).map((p) => p.value);

describe('replay of a hand-written journal', () => {
  test('gives the exact final state: statuses, reasons, attempts, metrics, NaN, best trial, problems', async () => {
    const journal = await readJournal(FIXTURE);
    assert.deepEqual(journal.problems.map((p) => p.line), [21], 'the damaged line is reported');
    assert.ok(journal.tornBytes > 0, 'the torn last line is dropped');
    const state = replay(journal.events);

    assert.equal(state.info?.name, 'mnist');
    assert.equal(state.info?.primaryMetric, 'acc');
    assert.equal(state.status, 'Canceled');
    assert.equal(state.endReason, 'user');
    assert.deepEqual([state.createdAt, state.startedAt, state.endedAt], [1000, 1001, 2021]);
    assert.deepEqual(state.runners.map((r) => [r.pid, r.resume]), [[100, false], [101, true]]);
    assert.deepEqual(state.cancelRequested, { by: 'cli', time: 2019 });

    assert.deepEqual(
      state.trials.map((tr) => [tr.id, tr.status, tr.reason ?? null, tr.attempts, tr.bestPrimary ?? null, tr.exitCode, tr.signal]),
      [
        ['mnist_0', 'Completed', null, 1, 0.7, 0, null],
        ['mnist_1', 'Canceled', 'early_termination', 1, 0.9, null, 'SIGTERM'],
        ['mnist_2', 'Failed', null, 1, 0.95, 1, null],
        ['mnist_3', 'Completed', null, 2, 0.2, 0, null],
        ['mnist_4', 'Completed', null, 1, 0.95, 0, null],
        ['mnist_5', 'Failed', null, 1, null, 2, null],
        ['mnist_6', 'Canceled', 'user', 1, null, null, 'SIGTERM'],
        ['mnist_7', 'Queued', null, 0, null, null, null],
      ],
    );
    // Failed with values and Completed tie at 0.95: the earliest wins. The 0.99 of mnist_3's
    // interrupted first attempt is gone with that attempt.
    assert.equal(state.bestTrialId, 'mnist_2');

    const t0 = trial(state, 'mnist_0');
    assert.equal(values(t0, 'acc').length, 3);
    assert.ok(Number.isNaN(values(t0, 'acc')[2]), 'NaN is recorded as NaN');
    assert.deepEqual(values(t0, 'loss'), [0.3]);
    assert.deepEqual(t0.primary.map((p) => [p.step, p.time, p.source]), [[0, 1004, 'stdout'], [1, 1005, 'stdout'], [2, 1006, 'stdout']]);
    assert.deepEqual([t0.createdAt, t0.startedAt, t0.endedAt, t0.pid, t0.target], [1002, 1003, 1008, 200, 'local']);
    assert.deepEqual(t0.launch, { argv: ['python', 'train.py'], cwd: '/w', processStartTime: 1003 });

    assert.deepEqual(values(trial(state, 'mnist_1'), 'acc'), [Number.POSITIVE_INFINITY, 0.9]);
    assert.equal(trial(state, 'mnist_1').lastPolicy?.outcome, 'stop');
    const t3 = trial(state, 'mnist_3');
    assert.deepEqual(values(t3, 'acc'), [0.2]);
    assert.deepEqual([t3.loggedParams, t3.tags, t3.startedAt], [{ batch: '64' }, { note: 'second try' }, 2002]);
    assert.equal(trial(state, 'mnist_5').note, 'primary metric never reported');
    assert.equal(trial(state, 'mnist_7').rerunOf, 'mnist_0');

    assert.deepEqual(state.skipped, [{ sequence: 2, params: { lr: 0.1 }, reason: 'duplicate', duplicateOf: 'mnist_0', time: 1016 }]);
    assert.equal(state.policyDecisions.length, 1);
    assert.deepEqual(state.warnings, [{ message: 'mnist_5 never reported the primary metric acc', trialId: 'mnist_5', time: 2014 }]);
    assert.equal(state.problems.length, 1);
    assert.match(state.problems[0]!.message, /unknown trial mnist_9/);
  });

  test('intermediate states: running trials are not best, interruption, resume', async () => {
    const { events } = await readJournal(FIXTURE);
    const upTo = (pred: (e: JournalEvent) => boolean): SweepState => replay(events.slice(0, events.findIndex(pred) + 1));

    const afterCancel = upTo((e) => e.type === 'trial-ended' && e.trialId === 'mnist_1');
    assert.equal(afterCancel.bestTrialId, 'mnist_1', 'a canceled trial counts');
    const beforeEnd = upTo((e) => e.type === 'metric' && e.trialId === 'mnist_1' && e.value === 0.9);
    assert.equal(beforeEnd.bestTrialId, 'mnist_0', 'a running trial does not count');

    const crashed = upTo((e) => e.type === 'metric' && e.trialId === 'mnist_3');
    assert.equal(trial(crashed, 'mnist_3').status, 'Running');
    assert.equal(crashed.bestTrialId, 'mnist_2', 'a Failed trial that reported values counts');
    assert.equal(crashed.status, 'Running');

    const interrupted = upTo((e) => e.type === 'trial-interrupted');
    assert.equal(trial(interrupted, 'mnist_3').status, 'Interrupted');
    assert.equal(historyForSampler(interrupted).find((h) => h.sequence === 4)?.state, 'pending');
  });

  test('historyForSampler lists every proposal in sequence order, skipped ones included, re-runs left out', async () => {
    const state = replay((await readJournal(FIXTURE)).events);
    const history = historyForSampler(state);
    assert.deepEqual(
      history.map((h) => [h.sequence, h.state, h.primary.length]),
      [[0, 'completed', 3], [1, 'canceled', 2], [2, 'skipped', 0], [3, 'failed', 1], [4, 'completed', 1], [5, 'completed', 1], [6, 'failed', 0], [7, 'canceled', 0]],
    );
    assert.deepEqual(history[2]?.params, { lr: 0.1 });
  });

  test('applying events one at a time to a copied state equals a full replay', async () => {
    const { events } = await readJournal(FIXTURE);
    let state = emptySweepState();
    for (const event of events) state = applyEvent(structuredClone(state), event);
    assert.deepEqual(state, replay(events));
  });
});

describe('best trial law (fast-check)', () => {
  const value = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  );
  const trialPlan = fc.record({
    values: fc.array(value, { maxLength: 4 }),
    end: fc.constantFrom('Completed', 'Failed', 'Canceled', 'running', 'interrupted'),
    late: fc.array(value, { maxLength: 2 }),
  });

  test('bestTrialId is the earliest finished trial with the best finite primary value', () => {
    fc.assert(
      fc.property(fc.constantFrom('maximize', 'minimize' as const), fc.array(trialPlan, { maxLength: 8 }), (goal, plans) => {
        const events: JournalEvent[] = [{
          v: 1, t: 0, type: 'sweep-created', name: 's', specPath: 'x', specHash: 'h', sampler: 'random', seed: 1, goal,
          primaryMetric: 'm', limits: { max_total_trials: 10 }, policy: null, hypersweepVersion: '0',
        }];
        const metric = (trialId: string, v: number): JournalEvent => ({ v: 1, t: 1, type: 'metric', trialId, name: 'm', value: v, step: 0, timestamp: 1, source: 'stdout' });
        plans.forEach((plan, i) => {
          const trialId = `s_${i}`;
          events.push({ v: 1, t: 1, type: 'trial-created', trialId, index: i, sequence: i, params: {} });
          events.push({ v: 1, t: 1, type: 'trial-started', trialId, attempt: 1, pid: 1, processStartTime: null, target: 'local', argv: [], cwd: '.' });
          for (const v of plan.values) events.push(metric(trialId, v));
          if (plan.end === 'interrupted') events.push({ v: 1, t: 1, type: 'trial-interrupted', trialId, attempt: 1 });
          else if (plan.end !== 'running') events.push({ v: 1, t: 1, type: 'trial-ended', trialId, attempt: 1, status: plan.end, exitCode: 0, signal: null });
          for (const v of plan.late) events.push(metric(trialId, v)); // late MLflow reports
        });
        const state = replay(events);

        let expected: string | undefined;
        let expectedValue = 0;
        plans.forEach((plan, i) => {
          if (plan.end === 'running' || plan.end === 'interrupted') return;
          const best = bestFinite([...plan.values, ...plan.late], goal);
          if (best === undefined) return;
          if (expected === undefined || (goal === 'maximize' ? best > expectedValue : best < expectedValue)) {
            expected = `s_${i}`;
            expectedValue = best;
          }
        });
        assert.equal(state.bestTrialId, expected);
        if (state.bestTrialId !== undefined) assert.ok(Number.isFinite(trial(state, state.bestTrialId).bestPrimary));
      }),
    );
  });
});
