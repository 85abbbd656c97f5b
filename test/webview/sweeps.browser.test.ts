/**
 * The Sweeps tab in real Chromium: the sweeps next to this one (same parent folder) with the same
 * objective are listed with their sampler, trial count and best value, and their best-so-far curves
 * overlaid; a sweep of another objective is named as left out; trials that end later show up.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeEvent, type EventBody, type JournalEvent } from '../../src/core/journal/events';
import { sweepPaths } from '../../src/core/journal/layout';
import { JournalWriter } from '../../src/core/journal/writer';
import { useDashboardPages } from './support';
import { LiveJournal, seededRandom } from './liveJournal';

const pages = useDashboardPages();

/** A finished sibling sweep in `parent`: one completed trial per value of its primary metric. */
async function siblingSweep(parent: string, name: string, sampler: string, goal: 'minimize' | 'maximize', metric: string, values: readonly number[]): Promise<void> {
  const dir = join(parent, name);
  mkdirSync(dir);
  const writer = await JournalWriter.open(sweepPaths(dir).journal);
  const bodies: EventBody[] = [
    {
      type: 'sweep-created', name, specPath: `/specs/${name}.yaml`, specHash: '0'.repeat(64), sampler, seed: 3, goal, primaryMetric: metric,
      limits: { max_total_trials: values.length, max_concurrent_trials: 1 }, policy: null, hypersweepVersion: '0.0.0-test',
    },
    ...values.flatMap((value, index): EventBody[] => [
      { type: 'trial-created', trialId: `${name}_${index}`, index, sequence: index, params: { lr: 0.01 } },
      { type: 'trial-started', trialId: `${name}_${index}`, attempt: 1, pid: 1, processStartTime: 1, target: 'local', argv: ['train'], cwd: '/' },
      { type: 'metric', trialId: `${name}_${index}`, name: metric, value, step: 0, timestamp: 1, source: 'stdout' },
      { type: 'trial-ended', trialId: `${name}_${index}`, attempt: 1, status: 'Completed', exitCode: 0, signal: null },
    ]),
    { type: 'sweep-ended', status: 'Completed', reason: 'max_total_trials' },
  ];
  await writer.appendMany(bodies.map((body) => makeEvent(body, Date.UTC(2025, 0, 1)) as JournalEvent));
  await writer.close();
}

describe('sweeps of the same objective', () => {
  test('listed with sampler, trials and best, curves overlaid; another objective left out; live', async () => {
    const journal = await LiveJournal.create('random_run', seededRandom(8));
    const parent = dirname(journal.dir);
    try {
      for (const value of [0.5, 0.4, 0.45]) {
        const trial = await journal.addTrial();
        await journal.report(trial, value);
        await journal.end(trial, 'Completed');
      }
      await siblingSweep(parent, 'bayes_run', 'bayesian', 'minimize', 'val_loss', [0.6, 0.3, 0.35, 0.2]);
      await siblingSweep(parent, 'accuracy_run', 'random', 'maximize', 'accuracy', [0.9]);
      const dash = await pages.open(journal.dir, 'dark', 60);
      const page = dash.page;
      try {
        await page.locator('#row-count', { hasText: '3 of 3 trials' }).waitFor();
        await page.locator('vscode-tab-header[data-tab=sweeps]').click();
        await page.locator('#sweeps-hint', { hasText: '2 sweeps of minimize val_loss' }).waitFor();
        const rows = await page.locator('#sweeps-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
        assert.deepEqual(rows, [
          ['', 'bayes_run', 'bayesian, seed 3', '4', '0.2', 'bayes_run_3'],
          ['', 'random_run (this sweep)', 'random, seed 1', '3', '0.4', 'random_run_1'],
          ['left out: accuracy_run: another objective (maximize accuracy)'],
        ]);
        assert.equal(await page.locator('#sweeps-canvas').getAttribute('data-lines'), '2');

        // A trial of this sweep that ends later shows in the table once the tab asks again.
        const late = await journal.addTrial();
        await journal.report(late, 0.1);
        await journal.end(late, 'Completed');
        await dash.session.refresh();
        await page.locator('#sweeps-table tbody tr', { hasText: 'random_run_3' }).waitFor({ timeout: 15_000 });
      } finally {
        await dash.close();
      }
    } finally {
      await journal.close();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
