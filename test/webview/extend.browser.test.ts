/**
 * The dashboard of an ended sweep in real Chromium: an Extend… button that asks the host for Extend
 * Sweep, the prior trials of a warm start told apart from the sweep's own, and after an extension
 * the raised total with the earlier outcome in its own line.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useDashboardPages } from './support';
import { LiveJournal, seededRandom } from './liveJournal';

const pages = useDashboardPages();

describe('dashboard: warm start and extend', () => {
  test('an ended sweep offers Extend…; priors and the extension are shown as such, the total is the extended one', async () => {
    const journal = await LiveJournal.create('ext', seededRandom(4));
    try {
      await journal.write([{
        type: 'priors-loaded', source: 'old-sweep', summary: 'warm start from sweep folder old-sweep: 1 trial, 1 kept as prior',
        trials: [{ id: 'old_0', params: { lr: 0.1, activation: 'relu', width: 16 }, status: 'Completed', value: 0.05 }],
      }]);
      for (let i = 0; i < 2; i++) {
        const trial = await journal.addTrial();
        await journal.report(trial, 0.3 + i / 10);
        await journal.end(trial, 'Completed');
      }
      await journal.write([{ type: 'cancel-requested', by: 'cli' }, { type: 'sweep-ended', status: 'Canceled', reason: 'user' }]);
      const dash = await pages.open(journal.dir, 'dark');
      try {
        const page = dash.page;
        await page.locator('#row-count', { hasText: '2 of 2 trials' }).waitFor();
        assert.equal(await page.locator('#extend-button').isVisible(), true);
        const origins = await page.locator('#sweep-origins li').allTextContents();
        assert.equal(origins.length, 1);
        assert.match(origins[0] ?? '', /^prior: 1 trial from old-sweep \(warm start\): best val_loss 0\.05 \(old_0\)/);
        assert.equal(await page.locator('#best-link').textContent(), 'ext_0', 'a prior is never the best');
        await page.locator('#extend-button').click();
        await waitFor(() => dash.commands.some((c) => c.command === 'extendSweep'));
        assert.deepEqual(dash.commands.find((c) => c.command === 'extendSweep')?.ref, { sweepDir: journal.dir });

        await journal.write([
          { type: 'sweep-extended', addTrials: 1, maxTotalTrials: 3 },
          { type: 'runner-started', pid: process.pid, host: 'test', resume: true },
        ]);
        const third = await journal.addTrial();
        await journal.report(third, 0.2);
        await journal.end(third, 'Completed');
        await journal.write([{ type: 'sweep-ended', status: 'Completed', reason: 'max_total_trials' }]);
        await dash.session.refresh();
        await page.locator('#progress-text', { hasText: 'of 3' }).waitFor();
        assert.match((await page.locator('#progress-text').textContent()) ?? '', /^3 done .* of 3$/);
        const after = await page.locator('#sweep-origins li').allTextContents();
        assert.match(after[1] ?? '', /extended at \d\d:\d\d:\d\d UTC: \+1 trial \(max_total_trials 40 → 3\) after Canceled \(user\) with 2 trials/);
        assert.equal(await page.locator('#sweep-status').textContent(), 'Completed');
      } finally {
        await dash.close();
      }
    } finally {
      await journal.close();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(condition(), 'the condition never held');
}
