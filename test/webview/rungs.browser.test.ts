/**
 * The ASHA rung table in real Chromium: per rung, how many trials reached it, were stopped there
 * and went on, the promoted ones named best first; a name opens its trial.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPolicy } from '../../src/core/policies/index';
import type { EarlyTermination } from '../../src/core/spec/model';
import { useDashboardPages } from './support';
import { LiveJournal, seededRandom } from './liveJournal';

const pages = useDashboardPages();
const ASHA: EarlyTermination = { type: 'asha', min_resource: 1, max_resource: 9, reduction_factor: 3, brackets: 1, evaluation_interval: 1, delay_evaluation: 0 };

describe('dashboard rungs', () => {
  test('an ASHA sweep shows its rungs: reached, stopped, promoted and who', async () => {
    const journal = await LiveJournal.create('rungs', seededRandom(3), { goal: 'minimize', policy: ASHA });
    const policy = createPolicy(ASHA);
    try {
      const counted: number[][] = [];
      // Losses: rungs_3 is the best; rungs_2 and rungs_4 stop at rung 1.
      for (const loss of [0.5, 0.4, 0.6, 0.1, 0.45]) {
        const trial = await journal.addTrial();
        const mine: number[] = [];
        counted.push(mine);
        let stopped = false;
        for (let step = 0; step < 9 && !stopped; step++) {
          await journal.report(trial, loss);
          mine.push(loss);
          const explanation = policy.evaluate({
            trial: { id: trial.id, primary: mine },
            others: counted.slice(0, -1).map((primary, i) => ({ id: `rungs_${i}`, primary })),
            goal: 'minimize',
          });
          if (explanation?.outcome === 'stop') {
            await journal.write([{ type: 'policy-decision', explanation }]);
            stopped = true;
          }
        }
        await journal.end(trial, stopped ? 'Canceled' : 'Completed', stopped ? 'early_termination' : undefined);
      }
      const dash = await pages.open(journal.dir, 'dark');
      try {
        const page = dash.page;
        await page.locator('#row-count', { hasText: '5 of 5 trials' }).waitFor();
        await page.locator('vscode-tab-header[data-tab=events]').click();
        await page.locator('#et-summary', { hasText: '2 stops' }).waitFor();
        const rows = page.locator('#et-rungs tbody tr');
        await rows.first().waitFor();
        const cells = async (i: number): Promise<string[]> => (await rows.nth(i).locator('td').allTextContents()).map((s) => s.trim());
        assert.deepEqual(await cells(0), ['1', '5', '2', '3', 'rungs_3rungs_1rungs_0']);
        assert.deepEqual(await cells(1), ['3', '3', '0', '3', 'rungs_3rungs_1rungs_0']);
        await rows.nth(0).locator('button', { hasText: 'rungs_1' }).click();
        await page.locator('#detail-title', { hasText: 'rungs_1' }).waitFor();
      } finally {
        await dash.close();
      }
    } finally {
      await journal.close();
    }
  });
});
