/**
 * UI check: the HyperSweep view container in the activity bar shows a sweep the CLI finished
 * before the window opened (ui/explorer.sweep.yaml: 4 trials, best accuracy 0.9928), with its
 * progress and, expanded, its trials with their best values.
 */
import type { UiCheck } from './workbench';
import { openWorkbench, screenshot, textOf } from './workbench';

/** The finished sweep's folder name (the spec's `name`) and the best trial's value. */
const SWEEP_NAME = 'ui-explorer';
const BEST_VALUE = '0.9928';

export const explorerCheck: UiCheck = {
  name: 'the explorer shows a finished sweep with its trials',
  async run(ui) {
    await openWorkbench(ui);
    const { page } = ui;
    const container = page.locator('.part.activitybar [aria-label*="HyperSweep" i]').first();
    await container.waitFor({ state: 'visible', timeout: 60_000 }).catch(() => {
      throw new Error('no HyperSweep view container in the activity bar');
    });
    await container.click();

    const sweepRow = page.locator('.part.sidebar .monaco-list-row', { hasText: SWEEP_NAME }).first();
    const sweepText = await textOf(sweepRow, `a tree row for the sweep ${SWEEP_NAME}`);
    if (!/4\s*\/\s*4/.test(sweepText)) throw new Error(`the sweep row shows no 4/4 progress: "${sweepText}"`);

    if ((await sweepRow.getAttribute('aria-expanded')) !== 'true') await sweepRow.click();
    // Level 2 only: the sweep row itself shows the best value too, and matching it would not wait
    // for the expansion to draw the trials.
    const bestTrial = page.locator('.part.sidebar .monaco-list-row[aria-level="2"]', { hasText: BEST_VALUE });
    await textOf(bestTrial, `a trial row with the best value ${BEST_VALUE}`);
    const trialRows = await page.locator('.part.sidebar .monaco-list-row[aria-level="2"]').count();
    if (trialRows !== 4) throw new Error(`expected the 4 trials under the sweep, saw ${trialRows} rows at level 2`);
    await page.mouse.move(700, 450); // away from the activity bar, so no tooltip covers the view
    await screenshot(ui, 'explorer-finished-sweep');
  },
};
