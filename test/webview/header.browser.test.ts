/**
 * The dashboard header in real Chromium: journal warnings are shown, a sweep whose trials never
 * reported the primary metric is a warning (not the success colour), and a running trial ahead of
 * the best finished one is named as leading, so the header agrees with the leaderboard's first row.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useDashboardPages } from './support';
import { LiveJournal, seededRandom } from './liveJournal';

const pages = useDashboardPages();

describe('dashboard header', () => {
  test('no primary metric reported: a warning status, the journal warning, no green success', async () => {
    const journal = await LiveJournal.create('nometric', seededRandom(2));
    const warning = 'trial nometric_0 finished but its primary metric "val_loss" was never reported; check objective.primary_metric against the names the script logs';
    try {
      for (let i = 0; i < 3; i++) {
        const trial = await journal.addTrial();
        await journal.report(trial, 0.2, 'loss');
        if (i === 0) await journal.write([{ type: 'sweep-warning', trialId: trial.id, message: warning }]);
        await journal.end(trial, 'Completed');
      }
      await journal.write([{ type: 'sweep-ended', status: 'Completed', reason: 'max_total_trials' }]);
      const dash = await pages.open(journal.dir, 'dark');
      try {
        const page = dash.page;
        await page.locator('#row-count', { hasText: '3 of 3 trials' }).waitFor();
        const badge = page.locator('#sweep-status');
        assert.equal(await badge.textContent(), 'Completed, no primary metric reported');
        assert.match((await badge.getAttribute('class')) ?? '', /status-warning/);
        assert.doesNotMatch((await badge.getAttribute('class')) ?? '', /status-completed/);
        assert.equal((await page.locator('#sweep-warnings li').allTextContents()).join('\n'), warning);
        assert.equal(await page.locator('#best-value').textContent(), 'none: no trial reported val_loss');
      } finally {
        await dash.close();
      }
    } finally {
      await journal.close();
    }
  });

  test('a running trial ahead of the best finished one is named as leading; the leaderboard ranks it first', async () => {
    const journal = await LiveJournal.create('lead', seededRandom(1), { goal: 'minimize' });
    try {
      const params = { lr: 0.1, activation: 'relu', width: 16 };
      const a = await journal.addTrial(params);
      const b = await journal.addTrial(params);
      await journal.report(a, 0.5);
      await journal.end(a, 'Completed');
      await journal.report(b, 0.3);
      const dash = await pages.open(journal.dir, 'light');
      try {
        const page = dash.page;
        await page.locator('#row-count', { hasText: '2 of 2 trials' }).waitFor();
        assert.equal(await page.locator('#best-link').textContent(), 'lead_0');
        assert.equal(await page.locator('#leading').isVisible(), true);
        assert.equal(await page.locator('#leading-link').textContent(), 'lead_1 (running)');
        assert.equal(await page.locator('.lb-row:not([hidden])[data-pos="0"]').getAttribute('data-id'), 'lead_1');
        // Once it finishes with that value it is the best, and nothing leads.
        await journal.end(b, 'Completed');
        await dash.session.refresh();
        await page.locator('#best-link', { hasText: 'lead_1' }).waitFor();
        assert.equal(await page.locator('#leading').isVisible(), false);
      } finally {
        await dash.close();
      }
    } finally {
      await journal.close();
    }
  });
});
