/**
 * Comparing trials in real Chromium: Ctrl-click and Shift-click in the leaderboard pick trials, the
 * Compare tab shows their parameters side by side (differences marked) and their curves overlaid,
 * and the curves grow as the trials report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDashboardPages } from './support';
import { CHARTS_SPEC, LiveJournal, seededRandom } from './liveJournal';

const pages = useDashboardPages();

test('pick trials with Ctrl/Shift-click: parameters side by side, curves overlaid and live', async () => {
  const journal = await LiveJournal.create('cmp', seededRandom(4), { spec: CHARTS_SPEC });
  try {
    const trials = [];
    for (let i = 0; i < 4; i++) {
      const trial = await journal.addTrial({ lr: 0.001 * (i + 1), activation: i === 3 ? 'tanh' : 'relu', model: { arch: 'mlp', depth: i } });
      for (let r = 0; r <= i; r++) await journal.report(trial, 1 - 0.1 * r - 0.01 * i);
      trials.push(trial);
    }
    const dash = await pages.open(journal.dir, 'light', 60);
    const page = dash.page;
    try {
      await page.locator('#row-count', { hasText: '4 of 4 trials' }).waitFor();
      await page.locator('.lb-sort[data-key="id"]').click(); // cmp_0 .. cmp_3, top to bottom
      await page.locator('.lb-row:not([hidden])[data-pos="0"][data-id="cmp_0"]').waitFor();
      await page.locator('.lb-row:not([hidden])[data-pos="3"][data-id="cmp_3"]').waitFor();
      await page.locator('.lb-row[data-id="cmp_0"]').click({ modifiers: ['Control'] });
      assert.equal(await page.locator('#compare-button').isVisible(), false, 'one trial is nothing to compare');
      await page.locator('.lb-row[data-id="cmp_1"]').click({ modifiers: ['Control'] });
      await page.locator('.lb-row[data-id="cmp_3"]').click({ modifiers: ['Shift'] }); // cmp_1 .. cmp_3
      await page.locator('#compare-button', { hasText: 'Compare (4)' }).waitFor();
      assert.equal(await page.locator('.lb-row.compared').count(), 4);
      await page.locator('.lb-row[data-id="cmp_2"]').click({ modifiers: ['Control'] }); // take one out again
      await page.locator('#compare-button', { hasText: 'Compare (3)' }).click();

      const heads = await page.locator('#compare-table thead th').allTextContents();
      assert.deepEqual(heads, ['', 'cmp_0', 'cmp_1', 'cmp_3']);
      const rowOf = async (name: string): Promise<string[]> => page.locator('#compare-table tbody tr', { has: page.locator(`th:text-is("${name}")`) }).locator('td').allTextContents();
      assert.deepEqual(await rowOf('lr'), ['0.001', '0.002', '0.004']);
      assert.deepEqual(await rowOf('activation'), ['relu', 'relu', 'tanh']);
      assert.deepEqual(await rowOf('model.depth'), ['0', '1', '3']);
      assert.equal(await page.locator('#compare-table tbody tr.differs', { has: page.locator('th:text-is("activation")') }).count(), 1);
      assert.equal(await page.locator('#compare-table tbody tr.differs', { has: page.locator('th:text-is("model.arch")') }).count(), 0);

      const canvas = page.locator('#compare-canvas');
      const series = async (): Promise<string> => (await canvas.getAttribute('data-series')) ?? '';
      await page.waitForFunction(() => true);
      for (let i = 0; i < 100 && (await series()) !== JSON.stringify([['cmp_0', 1], ['cmp_1', 2], ['cmp_3', 4]]); i++) await page.waitForTimeout(30);
      assert.equal(await series(), JSON.stringify([['cmp_0', 1], ['cmp_1', 2], ['cmp_3', 4]]));
      // Live: a new report of a compared trial extends its curve.
      const first = trials[0];
      if (!first) throw new Error('no trial');
      await journal.report(first, 0.5);
      await dash.session.refresh();
      for (let i = 0; i < 150 && !(await series()).startsWith('[["cmp_0",2]'); i++) await page.waitForTimeout(30);
      assert.ok((await series()).startsWith('[["cmp_0",2]'), await series());
      await page.screenshot({ path: 'out/screenshots/dashboard-compare-light.png', fullPage: true });
    } finally {
      await dash.close();
    }
  } finally {
    await journal.close();
  }
});
