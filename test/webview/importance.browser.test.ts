/**
 * The Importance and Contour tabs in real Chromium, against a journal written as a runner writes
 * it, with the spec copy (loguniform lr, a choice, a nested choice): bars in the order the known
 * objective implies, a sentence per parameter, a slice per parameter on its scale (log for lr), a
 * contour of the two most important parameters, all following trials that arrive while the page is
 * open, and every text readable in the light, dark and high-contrast themes (the Contour and
 * Sweeps tabs too).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Params } from '../../src/core/spec/model';
import { useDashboardPages, worstContrast, type ThemeName } from './support';
import { CHARTS_SPEC, LiveJournal, seededRandom } from './liveJournal';

const pages = useDashboardPages();

async function waitFor(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/**
 * val_loss rises with lr on its log scale (variance 1/3) and by 0.6 for tanh (variance 0.09); the
 * model does not matter.
 */
async function addKnownTrials(journal: LiveJournal, random: () => number, count: number): Promise<number[]> {
  const lrs: number[] = [];
  for (let i = 0; i < count; i++) {
    const lr = Math.exp(-9.2 + 8.7 * random());
    lrs.push(lr);
    const activation = random() < 0.5 ? 'relu' : 'tanh';
    const model: Params = random() < 0.5 ? { arch: 'cnn', kernel: random() < 0.5 ? 3 : 5 } : { arch: 'mlp', depth: Math.floor(random() * 6) };
    const trial = await journal.addTrial({ lr, activation, model });
    await journal.report(trial, (2 * (Math.log10(lr) + 4)) / 3.8 + (activation === 'tanh' ? 0.6 : 0));
    await journal.end(trial, 'Completed');
  }
  return lrs;
}


async function barOrder(page: Page): Promise<string[]> {
  return page.locator('#importance-bars .imp-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-param') ?? ''));
}

describe('importance, slices and contour', () => {
  test('bars in the known order with a sentence each, slices on each scale, a contour, following live trials', async () => {
    const random = seededRandom(14);
    const journal = await LiveJournal.create('importance', random, { spec: CHARTS_SPEC });
    try {
      const lrs = await addKnownTrials(journal, random, 40);
      const dash = await pages.open(journal.dir, 'light', 60);
      const page = dash.page;
      try {
        await page.locator('#row-count', { hasText: '40 of 40 trials' }).waitFor();
        await page.locator('vscode-tab-header[data-tab=importance]').click();
        await page.locator('#importance-summary', { hasText: 'over 40 completed' }).waitFor();
        const order = await barOrder(page);
        assert.deepEqual(order.slice(0, 2), ['lr', 'activation'], order.join(', '));
        assert.deepEqual([...order].sort(), ['activation', 'lr', 'model', 'model.depth', 'model.kernel']);
        const advice = await page.locator('#importance-advice li').allTextContents();
        assert.equal(advice.length, order.length);
        assert.match(advice[0] ?? '', /^lr matters most \(\d+%\); the top 10% lie in /);
        // One slice per parameter, in importance order; lr's on a log axis.
        await waitFor(async () => (await page.locator('#slice-grid canvas').count()) === order.length, 'a slice per parameter');
        const slices = await page.locator('#slice-grid canvas').evaluateAll((cs) => cs.map((c) => [c.getAttribute('data-param'), c.getAttribute('data-x-scale'), c.getAttribute('data-points')]));
        assert.deepEqual(slices[0], ['lr', 'log', '40']);
        assert.deepEqual(slices.find((s) => s[0] === 'activation'), ['activation', 'categorical', '40']);
        // Every trial inside the drawn axis, whatever order the trials came in (Chart.js, told the
        // data is normalized, takes the range from the first and last point).
        const [min, max] = JSON.parse((await page.locator('#slice-grid canvas').first().getAttribute('data-x-range')) ?? '[]') as [number, number];
        assert.ok(min <= Math.min(...lrs) && max >= Math.max(...lrs), `lr axis ${min}..${max} leaves out trials (${Math.min(...lrs)}..${Math.max(...lrs)})`);

        // Trials that end while the tab is open are learnt from (the tab asks the host again).
        lrs.push(...(await addKnownTrials(journal, random, 10)));
        await dash.session.refresh();
        await page.locator('#importance-summary', { hasText: 'over 50 completed' }).waitFor({ timeout: 10_000 });
        await waitFor(async () => (await page.locator('#slice-grid canvas').first().getAttribute('data-points')) === '50', 'the slices with 50 trials');

        // The contour: the two most important parameters by default, every trial in a cell.
        await page.locator('vscode-tab-header[data-tab=contour]').click();
        const canvas = page.locator('#contour-canvas');
        await waitFor(async () => (await canvas.getAttribute('data-trials')) === '50', 'the contour');
        assert.equal(await canvas.getAttribute('data-axes'), JSON.stringify(['lr (log)', 'activation']));
        assert.ok(Number(await canvas.getAttribute('data-cells')) > 5);
        assert.match((await page.locator('#contour-legend').textContent()) ?? '', /green is better \(.+\), red is worse/);

        // The Scatter tab draws with the same points: lr's whole range too.
        await page.locator('vscode-tab-header[data-tab=scatter]').click();
        const scatter = page.locator('#scatter-canvas');
        await waitFor(async () => (await scatter.getAttribute('data-points')) === '50', 'the scatter');
        const [low, high] = JSON.parse((await scatter.getAttribute('data-x-range')) ?? '[]') as [number, number];
        assert.ok(low <= Math.min(...lrs) && high >= Math.max(...lrs), `scatter lr axis ${low}..${high} leaves out trials`);
      } finally {
        await dash.close();
      }
    } finally {
      await journal.close();
    }
  });

  for (const theme of ['light', 'dark', 'highContrast'] as const satisfies readonly ThemeName[]) {
    test(`${theme}: the Importance, Contour and Sweeps tabs' text reads against its background (contrast >= 4.5)`, async () => {
      const random = seededRandom(3);
      const journal = await LiveJournal.create('themes', random, { spec: CHARTS_SPEC });
      try {
        await addKnownTrials(journal, random, 12);
        const dash = await pages.open(journal.dir, theme);
        try {
          await dash.page.locator('vscode-tab-header[data-tab=importance]').click();
          await dash.page.locator('#importance-advice li').first().waitFor();
          const worst = await worstContrast(dash.page);
          assert.ok(worst.ratio >= 4.5, `"${worst.text}" has contrast ${worst.ratio.toFixed(2)} in ${theme}`);
          // The Contour and Sweeps tabs' text too.
          for (const [tab, ready] of [['contour', '#contour-legend'], ['sweeps', '#sweeps-table tbody tr']] as const) {
            await dash.page.locator(`vscode-tab-header[data-tab=${tab}]`).click();
            await dash.page.locator(ready).first().waitFor();
            const worstHere = await worstContrast(dash.page);
            assert.ok(worstHere.ratio >= 4.5, `${tab}: "${worstHere.text}" has contrast ${worstHere.ratio.toFixed(2)} in ${theme}`);
          }
        } finally {
          await dash.close();
        }
      } finally {
        await journal.close();
      }
    });
  }
});
