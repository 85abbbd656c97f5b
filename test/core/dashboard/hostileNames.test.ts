/**
 * The dashboard's curves and the results export read metric series by name; a name like
 * `constructor` that one trial reported and another did not must read as "no series" for the
 * other, also on a state that went through JSON (as the webview and `status --json` get it),
 * where records have Object's prototype again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { curvesView, compareView } from '../../../src/core/dashboard/curves';
import { makeEvent, type EventBody, type JournalEvent } from '../../../src/core/journal/events';
import { replay } from '../../../src/core/journal/replay';
import type { SweepState } from '../../../src/core/journal/state';
import { resultsCsv } from '../../../src/core/results/exportResults';

const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

function events(): JournalEvent[] {
  const bodies: EventBody[] = [
    {
      type: 'sweep-created', name: 's', specPath: '/x/s.yaml', specHash: 'h', sampler: 'random', seed: 1, goal: 'minimize',
      primaryMetric: 'loss', limits: { max_total_trials: 2 }, policy: null, hypersweepVersion: 'test',
    },
    { type: 'runner-started', pid: 1, host: 'h', resume: false },
  ];
  for (const [index, trialId] of ['s_0', 's_1'].entries()) {
    bodies.push({ type: 'trial-created', trialId, index, sequence: index, params: { lr: 0.1 } });
    bodies.push({ type: 'trial-started', trialId, attempt: 1, pid: 2 + index, processStartTime: null, target: 'local', argv: ['x'], cwd: '/x' });
    bodies.push({ type: 'metric', trialId, name: 'loss', value: 0.5, step: 0, timestamp: 1, source: 'stdout' });
    // Only the first trial reports the Object-member names.
    if (index === 0) for (const name of NAMES) bodies.push({ type: 'metric', trialId, name, value: 7, step: 0, timestamp: 1, source: 'stdout' });
    bodies.push({ type: 'trial-ended', trialId, attempt: 1, status: 'Completed', exitCode: 0, signal: null });
  }
  return bodies.map((b, i) => makeEvent(b, 1000 + i) as JournalEvent);
}

const viaJson = (state: SweepState): SweepState => JSON.parse(JSON.stringify(state)) as SweepState;

for (const [label, state] of [['replayed', replay(events())], ['through JSON', viaJson(replay(events()))]] as const) {
  test(`curves of Object-member metric names show only the trial that reported them (${label})`, () => {
    for (const name of NAMES) {
      const view = curvesView(state, { metric: name, width: 200 });
      assert.equal(view.trialsWithData, 1, name);
      assert.deepEqual(view.series.map((s) => s.trialId), ['s_0'], name);
      assert.deepEqual(compareView(state, ['s_0', 's_1'], name, 200).series.map((s) => s.points.length > 0), [true, false], name);
    }
  });

  test(`the CSV export leaves Object-member metrics empty for the trial without them (${label})`, () => {
    const [header, first, second] = resultsCsv(state).split('\n').map((line) => line.split(','));
    for (const name of NAMES) {
      const column = header?.indexOf(`last.${name}`) ?? -1;
      assert.ok(column >= 0, name);
      assert.equal(first?.[column], '7', name);
      assert.equal(second?.[column], '', name);
    }
  });
}
