import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readJournal } from '../../../src/core/journal/reader';
import { replay } from '../../../src/core/journal/replay';
import { sweepPaths } from '../../../src/core/journal/layout';
import type { SweepState } from '../../../src/core/journal/state';
import { bestSoFarSeries, curvesView } from '../../../src/core/dashboard/curves';
import { describePolicy, headerView, terminationsSince, trialRowView } from '../../../src/core/dashboard/views';
import { runSmallSweep } from './support';

let state: SweepState;

before(async () => {
  const dir = await runSmallSweep();
  state = replay((await readJournal(sweepPaths(dir).journal)).events);
});

describe('dashboard views of a real sweep', () => {
  test('the header counts trials, names the best one and describes sampler and policy', () => {
    const header = headerView(state);
    assert.equal(header.name, 'dash-small');
    assert.equal(header.status, 'Completed');
    assert.equal(header.total, 12);
    assert.equal(header.done, 12);
    assert.equal(header.counts.Completed + header.counts.Canceled + header.counts.Failed, 12);
    assert.equal(header.bestTrialId, state.bestTrialId);
    assert.equal(header.sampler, 'random, seed 7');
    assert.equal(header.policy, 'bandit: slack factor 0.5, every 1 interval after 2');
    assert.deepEqual(header.paramNames, ['lr', 'width']);
    assert.deepEqual(header.metricNames, ['loss', 'acc']);
    assert.equal(header.canStop, false);
  });

  test('rows carry params, best value, interval count and the cancel reason', () => {
    for (const trial of state.trials) {
      const row = trialRowView(trial);
      assert.equal(row.best, trial.bestPrimary ?? null);
      assert.equal(row.intervals, trial.primary.length);
      assert.deepEqual(Object.keys(row.params), ['lr', 'width']);
      if (trial.status === 'Canceled') assert.equal(row.reason, 'early_termination');
    }
  });

  test('terminations are the stop decisions with their sentences', () => {
    const stops = terminationsSince(state, 0);
    const stopped = state.trials.filter((t) => t.reason === 'early_termination');
    assert.equal(stops.length, stopped.length);
    assert.ok(stops.length > 0, 'the fixture sweep stops some trials early');
    for (const stop of stops) {
      assert.match(stop.sentence, new RegExp(`^${stop.trialId} stopped at interval ${stop.interval}: best .* \\(bandit, compared with \\d+ trials?\\)$`));
    }
    assert.deepEqual(terminationsSince(state, state.policyDecisions.length), []);
  });

  test('curves: at most width points per series, stopped trials marked, best emphasised', () => {
    const view = curvesView(state, { metric: 'loss', width: 4, maxLines: 5, bestCount: 2 });
    assert.equal(view.trialsWithData, 12);
    assert.equal(view.series.length, 5);
    for (const s of view.series) assert.ok(s.points.length / 2 <= 50, 'width is clamped to at least 50');
    assert.deepEqual(view.series.filter((s) => s.emphasis === 'best').map((s) => s.trialId).sort(), state.trials
      .filter((t) => t.bestPrimary !== undefined).sort((a, b) => (a.bestPrimary ?? 0) - (b.bestPrimary ?? 0)).slice(0, 2).map((t) => t.id).sort());
    for (const s of view.series) {
      const trial = state.trials.find((t) => t.id === s.trialId);
      assert.equal(s.stoppedAt !== undefined, trial?.reason === 'early_termination');
    }
    assert.ok(view.envelope.length > 0, 'trials not drawn as lines show as a band');
    const all = curvesView(state, { metric: 'acc', width: 600, selectedTrialId: 'dash-small_3' });
    assert.equal(all.series.length, 12);
    assert.equal(all.series.find((s) => s.trialId === 'dash-small_3')?.emphasis, 'selected');
    assert.deepEqual(all.envelope, []);
  });

  test('best so far never gets worse with the trial number', () => {
    const flat = bestSoFarSeries(state, 600);
    for (let i = 3; i < flat.length; i += 2) assert.ok((flat[i] as number) <= (flat[i - 2] as number));
    assert.equal(flat.at(-1), headerView(state).bestValue);
  });

  test('describePolicy covers every policy type', () => {
    assert.equal(describePolicy(null), 'none');
    assert.equal(describePolicy({ type: 'median_stopping', evaluation_interval: 0, delay_evaluation: 0 }), 'median stopping: every 1 interval');
    assert.equal(describePolicy({ type: 'truncation_selection', evaluation_interval: 2, delay_evaluation: 3, truncation_percentage: 20 }), 'truncation selection: cut 20%, every 2 intervals after 3');
    assert.equal(describePolicy({ type: 'bandit', evaluation_interval: 1, delay_evaluation: 0, slack_amount: 0.2 }), 'bandit: slack amount 0.2, every 1 interval');
  });
});
