import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JournalEvent } from '../../../src/core/journal/events';
import { replay } from '../../../src/core/journal/replay';
import { rungViews } from '../../../src/core/dashboard/rungs';
import { headerView } from '../../../src/core/dashboard/views';
import { createPolicy } from '../../../src/core/policies/index';
import type { EarlyTermination } from '../../../src/core/spec/model';

const T0 = 1_700_000_000_000;

/**
 * The journal of a sequential sweep whose trials report `curves` (maximize), with the real policy
 * deciding after each report as the runner does; a stopped trial's later values are after-stop.
 */
function sweepJournal(policy: EarlyTermination, curves: readonly (readonly number[])[]): JournalEvent[] {
  let t = T0;
  const events: JournalEvent[] = [{
    v: 1, t: t++, type: 'sweep-created', name: 's', specPath: '/w/s.yaml', specHash: 'h', sampler: 'random', seed: 1, goal: 'maximize',
    primaryMetric: 'acc', limits: { max_total_trials: curves.length, max_concurrent_trials: 1 }, policy, hypersweepVersion: '0.1.0',
  }];
  const decide = createPolicy(policy);
  const counted: number[][] = [];
  for (const [index, curve] of curves.entries()) {
    const trialId = `s_${index}`;
    events.push({ v: 1, t: t++, type: 'trial-created', trialId, index, sequence: index, params: { x: index } });
    events.push({ v: 1, t: t++, type: 'trial-started', trialId, attempt: 1, pid: 100 + index, processStartTime: null, target: 'local', argv: [], cwd: '/w' });
    const mine: number[] = [];
    counted.push(mine);
    let stopped = false;
    for (const [step, value] of curve.entries()) {
      events.push({ v: 1, t: t++, type: 'metric', trialId, name: 'acc', value, step, timestamp: t, source: 'stdout', ...(stopped ? { afterStop: true as const } : {}) });
      if (stopped) continue;
      mine.push(value);
      const explanation = decide.evaluate({
        trial: { id: trialId, primary: mine },
        others: counted.slice(0, index).map((primary, i) => ({ id: `s_${i}`, primary })),
        goal: 'maximize',
      });
      if (explanation && explanation.outcome !== 'continue') events.push({ v: 1, t: t++, type: 'policy-decision', explanation });
      if (explanation?.outcome === 'stop') stopped = true;
    }
    events.push({
      v: 1, t: t++, type: 'trial-ended', trialId, attempt: 1, status: stopped ? 'Canceled' : 'Completed',
      ...(stopped ? { reason: 'early_termination' as const } : {}), exitCode: stopped ? null : 0, signal: stopped ? 'SIGTERM' : null,
    });
  }
  return events;
}

const ASHA: EarlyTermination = { type: 'asha', min_resource: 1, max_resource: 9, reduction_factor: 3, brackets: 1, evaluation_interval: 1, delay_evaluation: 0 };
const flat = (value: number): number[] => Array.from({ length: 9 }, () => value);

void describe('dashboard rungs', () => {
  void test('per rung: trials that reached it, were stopped there and went on, best first', () => {
    // s_0 first everywhere; s_1 best at rung 1, s_2 worse than both and stopped at 1 (though it
    // prints on); s_3 best; s_4 good enough at 1 (top 1 of 5 is s_3, so it stops).
    const state = replay(sweepJournal(ASHA, [flat(0.5), flat(0.6), flat(0.4), flat(0.9), flat(0.55)]));
    const rungs = rungViews(state);
    assert.deepEqual(rungs, [
      { bracket: 0, brackets: 1, resource: 1, reached: 5, stopped: 2, promoted: 3, promotedIds: ['s_3', 's_1', 's_0'] },
      { bracket: 0, brackets: 1, resource: 3, reached: 3, stopped: 0, promoted: 3, promotedIds: ['s_3', 's_1', 's_0'] },
    ]);
    // The stops the view counts are the journal's.
    const stops = state.policyDecisions.filter((d) => d.outcome === 'stop').map((d) => [d.trialId, d.rung?.resource]);
    assert.deepEqual(stops, [['s_2', 1], ['s_4', 1]]);
    assert.deepEqual(headerView(state).rungs, rungs);
    assert.equal(headerView(state).policy, 'asha: rungs from 1 to 9 reports, top 1/3 promoted, every 1 interval');
  });

  void test('brackets are laid out as the policy assigns them; other policies have no rungs', () => {
    const state = replay(sweepJournal({ ...ASHA, brackets: 2 }, [flat(0.5), flat(0.6), flat(0.4), flat(0.9)]));
    const rungs = rungViews(state) ?? [];
    // Bracket 0 (s_0, s_2; rungs 1, 3): s_2 stops at 1. Bracket 1 (s_1, s_3; rung 3): both reach it.
    assert.deepEqual(rungs.map((r) => [r.bracket, r.resource, r.reached, r.stopped]), [[0, 1, 2, 1], [0, 3, 1, 0], [1, 3, 2, 0]]);
    const median = replay(sweepJournal({ type: 'median_stopping', evaluation_interval: 1, delay_evaluation: 0 }, [flat(0.5), flat(0.6)]));
    assert.equal(rungViews(median), undefined);
    assert.equal(headerView(median).rungs, undefined);
  });
});
