/**
 * Parameter names come from the user's spec (or from another sweep's trials, with warm start), so
 * `constructor` or `toString` are ordinary names. A trial that lacks such a parameter must show an
 * empty cell, never Object's inherited member (`function Object() { [native code] }`), in the
 * leaderboard, the Compare table and when sorting by that column. The trial detail lists what the
 * trial logged itself (MLflow params and tags).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDashboardPages } from './support';
import { LiveJournal, seededRandom } from './liveJournal';

const pages = useDashboardPages();

test('a trial without a parameter named like an Object member shows an empty cell', async () => {
  const journal = await LiveJournal.create('names', seededRandom(7));
  try {
    const with1 = await journal.addTrial({ constructor: 3, lr: 0.1 });
    await journal.report(with1, 0.5);
    const without = await journal.addTrial({ lr: 0.2 });
    await journal.report(without, 0.4);
    // What the trial logged itself over MLflow, under outside names too.
    await journal.write([
      { type: 'param', trialId: with1.id, key: 'toString', value: '7' },
      { type: 'tag', trialId: with1.id, key: 'phase', value: 'train' },
    ]);
    const dash = await pages.open(journal.dir, 'light', 60);
    const page = dash.page;
    try {
      await page.locator('#row-count', { hasText: '2 of 2 trials' }).waitFor();
      const texts = await page.locator('#leaderboard').innerText();
      assert.doesNotMatch(texts, /native code|function/, texts);
      // Sorting by the column puts the trial without the value last, without throwing.
      await page.locator('.lb-sort[data-key="param:constructor"]').click();
      await page.locator('.lb-row:not([hidden])[data-pos="0"][data-id="names_0"]').waitFor();
      await page.locator('.lb-row[data-id="names_0"]').click({ modifiers: ['Control'] });
      await page.locator('.lb-row[data-id="names_1"]').click({ modifiers: ['Control'] });
      await page.locator('#compare-button', { hasText: 'Compare (2)' }).click();
      const row = await page.locator('#compare-table tbody tr', { has: page.locator('th:text-is("constructor")') }).locator('td').allTextContents();
      assert.deepEqual(row, ['3', '']);
      // The trial detail lists its logged params and its tags.
      await page.locator('.lb-row[data-id="names_0"]').click();
      await page.locator('#detail-title', { hasText: 'names_0' }).waitFor();
      const facts = await page.locator('dl.facts').innerText();
      assert.match(facts, /toString \(logged\)\s+7/, facts);
      assert.match(facts, /phase \(tag\)\s+train/, facts);
    } finally {
      await dash.close();
    }
  } finally {
    await journal.close();
  }
});
