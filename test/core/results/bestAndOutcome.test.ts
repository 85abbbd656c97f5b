/**
 * One definition of best everywhere, and no sweep without a primary value shown as a success:
 * the dashboard header (headerView), the VS Code tree (treeModel) and `hypersweep status` (the
 * real CLI) read the same journal and must say the same thing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { headerView } from '../../../src/core/dashboard/views';
import { readSweepState } from '../../../src/core/journal/record';
import { leaderboard } from '../../../src/core/results/leaderboard';
import { bestAndLeading, sweepOutcome, sweepProgress } from '../../../src/core/results/sweepOutcome';
import { bestValueOf, sweepView } from '../../../src/extension/sweeps/treeModel';
import { ensureCliBuilt, runCli } from '../../cli/support';
import { LiveJournal, seededRandom } from '../../webview/liveJournal';

before(async () => {
  await ensureCliBuilt();
});

describe('best trial and leading trial', () => {
  let journal: LiveJournal;
  before(async () => {
    journal = await LiveJournal.create('lead', seededRandom(1), { goal: 'minimize' });
    const params = { lr: 0.1, activation: 'relu', width: 16 };
    const [a, b, c] = [await journal.addTrial(params), await journal.addTrial(params), await journal.addTrial(params)];
    if (!a || !b || !c) throw new Error('no trials');
    await journal.report(a, 0.5);
    await journal.end(a, 'Completed');
    await journal.report(b, 0.3); // still running, ahead of every finished trial
    await journal.report(c, 0.4);
    await journal.end(c, 'Completed');
  });
  after(async () => journal.close());

  test('the header, the tree, the leaderboard and the CLI name the same best (finished) and leading (running) trial', async () => {
    const state = await readSweepState(journal.dir);
    assert.deepEqual(bestAndLeading(state), { best: { trialId: 'lead_2', value: 0.4 }, leading: { trialId: 'lead_1', value: 0.3, status: 'running' } });
    const header = headerView(state);
    assert.equal(header.bestTrialId, 'lead_2');
    assert.equal(header.bestValue, 0.4);
    assert.deepEqual(header.leading, { trialId: 'lead_1', value: 0.3, status: 'running' });
    // The leaderboard's first row is the leading trial, which the header names as such.
    assert.equal(leaderboard(state)[0]?.trial.id, header.leading?.trialId);
    assert.equal(bestValueOf(state), header.bestValue);
    assert.ok(sweepView({ dir: journal.dir, state, runnerAlive: true }).tooltip.includes('best val_loss 0.4 (lead_2); leading 0.3 (lead_1, running)'));
    const status = await runCli(['status', journal.dir], journal.dir);
    assert.match(status.stdout.split('\n')[0] ?? '', /; best val_loss 0\.4 \(lead_2\); leading 0\.3 \(lead_1, running\);/);
  });
});

describe('a sweep whose trials never reported the primary metric', () => {
  let journal: LiveJournal;
  const warning = 'trial nometric_0 finished but its primary metric "val_loss" was never reported; check objective.primary_metric against the names the script logs';
  before(async () => {
    journal = await LiveJournal.create('nometric', seededRandom(2));
    for (let i = 0; i < 3; i++) {
      const trial = await journal.addTrial();
      await journal.report(trial, 0.2, 'loss');
      if (i === 0) await journal.write([{ type: 'sweep-warning', trialId: trial.id, message: warning }]);
      await journal.end(trial, 'Completed');
    }
    await journal.write([{ type: 'sweep-ended', status: 'Completed', reason: 'max_total_trials' }]);
  });
  after(async () => journal.close());

  test('is not a success: the header and the CLI say no primary metric was reported, and show the warning', async () => {
    const state = await readSweepState(journal.dir);
    assert.deepEqual(sweepOutcome(state), { label: 'Completed, no primary metric reported', warning: true });
    const header = headerView(state);
    assert.equal(header.statusLabel, 'Completed, no primary metric reported');
    assert.equal(header.statusWarning, true);
    assert.deepEqual(header.warnings, [warning]);
    const tree = sweepView({ dir: journal.dir, state, runnerAlive: false });
    assert.equal(tree.icon.id, 'warning');
    assert.match(tree.tooltip, /^nometric: Completed, no primary metric reported \(max_total_trials\)$/m);
    assert.ok(tree.tooltip.includes(`warning: ${warning}`), tree.tooltip);
    const status = await runCli(['status', journal.dir], journal.dir);
    const lines = status.stdout.split('\n');
    assert.match(lines[0] ?? '', /^sweep nometric Completed, no primary metric reported \(max total trials\): 3 trials, .*; no trial reported val_loss; /);
    assert.ok(lines.includes(`warning: ${warning}`), status.stdout);
  });
});

describe('progress with re-runs', () => {
  test('a re-run is counted on its own, never as one more of max_total_trials', async () => {
    const journal = await LiveJournal.create('rerun', seededRandom(3));
    try {
      const a = await journal.addTrial();
      await journal.report(a, 0.4);
      await journal.end(a, 'Completed');
      await journal.write([
        { type: 'trial-created', trialId: 'rerun_9', index: 9, sequence: 9, params: { lr: 0.1, activation: 'relu', width: 16 }, rerunOf: a.id },
        { type: 'trial-started', trialId: 'rerun_9', attempt: 1, pid: 9, processStartTime: null, target: 'local', argv: ['x'], cwd: '/x' },
        { type: 'trial-ended', trialId: 'rerun_9', attempt: 1, status: 'Completed', exitCode: 0, signal: null },
      ]);
      const state = await readSweepState(journal.dir);
      assert.deepEqual(sweepProgress(state), { done: 1, total: 40, reruns: 1, rerunsDone: 1 });
      const header = headerView(state);
      assert.deepEqual([header.done, header.total, header.reruns, header.counts.Completed], [1, 40, { count: 1, done: 1 }, 1]);
    } finally {
      await journal.close();
    }
  });
});
