/**
 * The dashboard in real Chromium against real journals: a small sweep run by the real CLI and a
 * generated 10,000-trial journal, served through the real host (DashboardSession). Asserts what
 * is shown and saves screenshots in out/screenshots/ (light and dark) for a person to look at.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { writeLargeJournal } from '../../bench/journalFixture';
import { sweepPaths } from '../../src/core/journal/layout';
import { runSmallSweep } from '../core/dashboard/support';
import { launchBrowser, openDashboard, ROOT, startPageServer, worstContrast, type OpenedDashboard } from './support';

const SHOTS = join(ROOT, 'out', 'screenshots');
let server: Server;
let origin: string;
let browser: BrowserContext;
let smallDir: string;
let bigDir: string;

async function rowIds(page: Page): Promise<string[]> {
  // Rows in view, top to bottom (recycled row elements are positioned, not ordered, in the DOM).
  const rows = await page.locator('.lb-row:not([hidden])').evaluateAll((els) => els
    .map((e) => ({ id: e.getAttribute('data-id') ?? '', pos: Number(e.getAttribute('data-pos')) }))
    .sort((a, b) => a.pos - b.pos).map((r) => r.id));
  return rows;
}

/** Waits until the rows in view satisfy `check` (views repaint on the next animation frame). */
async function waitForRows(page: Page, check: (ids: string[]) => boolean): Promise<string[]> {
  let ids: string[] = [];
  for (let i = 0; i < 100; i++) {
    ids = await rowIds(page);
    if (check(ids)) return ids;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return ids;
}

async function rowCount(page: Page): Promise<string> {
  return (await page.locator('#row-count').textContent()) ?? '';
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ server, origin } = await startPageServer());
  browser = await launchBrowser();
  smallDir = await runSmallSweep();
  bigDir = join(mkdtempSync(join(tmpdir(), 'hypersweep-dash-big-')), 'bench');
  mkdirSync(bigDir);
  await writeLargeJournal(sweepPaths(bigDir).journal, 10_000, 10);
});

after(async () => {
  await browser.close();
  server.close();
});

describe('dashboard on a small real sweep', () => {
  let dash: OpenedDashboard;
  before(async () => {
    dash = await openDashboard(browser, origin, smallDir, 'light');
    await dash.page.locator('#row-count', { hasText: '12 of 12 trials' }).waitFor();
  });
  after(async () => dash.close());

  test('the header shows name, status, progress, best trial, sampler and policy', async () => {
    const page = dash.page;
    assert.equal(await page.locator('#sweep-name').textContent(), 'dash-small');
    assert.equal(await page.locator('#sweep-status').textContent(), 'Completed');
    assert.match((await page.locator('#progress-text').textContent()) ?? '', /^12 done \(\d+ completed, \d+ canceled, 0 failed\), 0 running, of 12$/);
    const best = dash.session.current.bestTrialId ?? '';
    assert.equal(await page.locator('#best-link').textContent(), best);
    assert.equal(await page.locator('#sampler').textContent(), 'random, seed 7');
    assert.equal(await page.locator('#policy').textContent(), 'bandit: slack factor 0.5, every 1 interval after 2');
    assert.equal(await page.locator('#stop-button').isVisible(), false);
  });

  test('ranked by best value, the top trial first and highlighted', async () => {
    const page = dash.page;
    const best = dash.session.current.bestTrialId ?? '';
    assert.equal((await rowIds(page))[0], best);
    assert.equal(await page.locator('.lb-row.top').getAttribute('data-id'), best);
    await page.screenshot({ path: join(SHOTS, 'dashboard-light.png'), fullPage: true });
  });

  test('sorting: a header click sorts by that column, a second click reverses', async () => {
    const page = dash.page;
    await page.locator('.lb-sort', { hasText: 'Trial' }).click();
    assert.deepEqual((await waitForRows(page, (ids) => ids[0] === 'dash-small_0')).slice(0, 3), ['dash-small_0', 'dash-small_1', 'dash-small_2']);
    assert.equal(await page.locator('[role=columnheader]', { hasText: 'Trial' }).getAttribute('aria-sort'), 'ascending');
    await page.locator('.lb-sort', { hasText: 'Trial' }).click();
    assert.equal((await waitForRows(page, (ids) => ids[0] === 'dash-small_11'))[0], 'dash-small_11');
    await page.locator('.lb-sort', { hasText: 'width' }).click();
    const widths = dash.session.current.trials.map((t) => Number(t.params['width'])).sort((a, b) => a - b);
    const widthOf = (id: string): number => Number(dash.session.current.trials.find((t) => t.id === id)?.params['width']);
    const shown = (await waitForRows(page, (ids) => ids.map(widthOf).every((w, i, all) => i === 0 || w >= (all[i - 1] ?? 0)))).map((id) => Number(dash.session.current.trials.find((t) => t.id === id)?.params['width']));
    assert.deepEqual(shown, widths);
    await page.locator('.lb-sort', { hasText: '#' }).click();
  });

  test('filtering by text and by status', async () => {
    const page = dash.page;
    const wide = dash.session.current.trials.filter((t) => t.params['width'] === 32).length;
    await page.locator('#filter-text input').fill('width=32');
    await page.locator('#row-count', { hasText: `${wide} of 12 trials` }).waitFor();
    await page.locator('#filter-text input').fill('');
    // Wait for the unfiltered table first: the text filter's count may equal the status filter's,
    // and the status check below must not read the rows the text filter left.
    await page.locator('#row-count', { hasText: '12 of 12 trials' }).waitFor();
    const completed = dash.session.current.trials.filter((t) => t.status === 'Completed').map((t) => t.id).sort();
    await page.evaluate(() => {
      const select = (globalThis as unknown as { document: { getElementById(id: string): { value: string; dispatchEvent(e: unknown): void } } }).document.getElementById('filter-status');
      select.value = 'Completed';
      select.dispatchEvent(new Event('change'));
    });
    await page.locator('#row-count', { hasText: `${completed.length} of 12 trials` }).waitFor();
    assert.deepEqual((await waitForRows(page, (ids) => [...ids].sort().join() === completed.join())).sort(), completed);
    await page.evaluate(() => {
      const select = (globalThis as unknown as { document: { getElementById(id: string): { value: string; dispatchEvent(e: unknown): void } } }).document.getElementById('filter-status');
      select.value = '';
      select.dispatchEvent(new Event('change'));
    });
    await page.locator('#row-count', { hasText: '12 of 12 trials' }).waitFor();
  });

  test('keyboard: arrows and Enter open a trial; its detail shows command, explanation and log', async () => {
    const page = dash.page;
    await page.locator('.lb-viewport').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const ids = await rowIds(page);
    const last = ids.at(-1) ?? '';
    await page.locator('#detail-title', { hasText: last }).waitFor();
    assert.match((await page.locator('#detail-command').textContent()) ?? '', /^node train\.js --lr [\d.]+ --width \d+$/);
    const trial = dash.session.current.trials.find((t) => t.id === last);
    if (trial?.lastPolicy) assert.equal((await page.locator('#detail-policy').textContent())?.trim(), trial.lastPolicy.summary);
    assert.match((await page.locator('pre.log').first().textContent()) ?? '', /loss=/);
    await page.locator('vscode-button[data-command=copyTrialCommand]').click();
    await page.waitForFunction(() => true);
    for (let i = 0; i < 50 && dash.commands.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(dash.commands.at(-1), { command: 'copyTrialCommand', ref: { sweepDir: smallDir, trialId: last } });
  });

  test('early termination: each stop in words with its numbers', async () => {
    const page = dash.page;
    await page.locator('vscode-tab-header[data-tab=events]').click();
    const sentences = (await page.locator('.et-sentence').allTextContents()).map((s) => s.trim());
    const expected = dash.session.current.policyDecisions.filter((d) => d.outcome === 'stop').map((d) => d.summary);
    assert.deepEqual([...sentences].sort(), [...expected].sort());
    assert.ok(sentences.every((s) => /stopped at interval \d+: best [\d.]+ > [\d.]+ \* \(1 \+ 0\.5\) = [\d.]+ \(bandit, compared with \d+ trials?\)/.test(s)), sentences.join('\n'));
    assert.match((await page.locator('#et-summary').textContent()) ?? '', new RegExp(`^${expected.length} stops?: ${expected.length} trials? (was|were) stopped early`));
    await page.screenshot({ path: join(SHOTS, 'dashboard-events-light.png'), fullPage: true });
  });

  test('parallel coordinates: brushing the objective axis filters the leaderboard', async () => {
    const page = dash.page;
    await page.locator('#row-count', { hasText: '12 of 12 trials' }).waitFor();
    await page.locator('vscode-tab-header[data-tab=parallel]').click();
    const canvas = page.locator('#parallel-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    assert.ok(box);
    // The objective is the right-most axis (48 px padding); drag over its lower half (low loss).
    const x = box.x + box.width - 48;
    await page.mouse.move(x, box.y + box.height - 8); // below the axis end: clamps to its minimum
    await page.mouse.down();
    await page.mouse.move(x, box.y + box.height * 0.55, { steps: 5 });
    await page.mouse.up();
    let text = await rowCount(page);
    for (let i = 0; i < 50 && text.startsWith('12 of'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      text = await rowCount(page);
    }
    const shown = Number(text.split(' ')[0]);
    assert.ok(shown > 0 && shown < 12, `brushing kept ${text}`);
    const best = dash.session.current.bestTrialId ?? '';
    assert.ok((await rowIds(page)).includes(best), 'the lowest loss lies in the brushed range');
    assert.equal(await page.locator('#clear-brushes').isVisible(), true);
    await page.screenshot({ path: join(SHOTS, 'dashboard-parallel-light.png'), fullPage: true });
    await page.locator('#clear-brushes').click();
    await page.locator('#row-count', { hasText: '12 of 12 trials' }).waitFor();
  });

  test('dark theme screenshot', async () => {
    const dark = await openDashboard(browser, origin, smallDir, 'dark');
    try {
      await dark.page.locator('#row-count', { hasText: '12 of 12 trials' }).waitFor();
      await dark.page.locator('.lb-row').first().click();
      await dark.page.locator('#detail-command').waitFor();
      await dark.page.waitForTimeout(300);
      await dark.page.screenshot({ path: join(SHOTS, 'dashboard-dark.png'), fullPage: true });
    } finally {
      await dark.close();
    }
  });
});


describe('dashboard themes', () => {
  for (const theme of ['light', 'dark', 'highContrast'] as const) {
    test(`${theme}: every text reads against its background (contrast >= 4.5)`, async () => {
      const opened = await openDashboard(browser, origin, smallDir, theme);
      try {
        await opened.page.locator('#row-count', { hasText: '12 of 12 trials' }).waitFor();
        await opened.page.locator('.lb-row').first().click();
        await opened.page.locator('#detail-command').waitFor();
        await opened.page.waitForTimeout(300);
        if (theme === 'highContrast') await opened.page.screenshot({ path: join(SHOTS, 'dashboard-high-contrast.png'), fullPage: true });
        const worst = await worstContrast(opened.page);
        assert.ok(worst.ratio >= 4.5, `"${worst.text}" has contrast ${worst.ratio.toFixed(2)} in ${theme}`);
      } finally {
        await opened.close();
      }
    });
  }
});

describe('dashboard on a 10,000-trial journal', () => {
  test('shows every trial through a virtualised table; End reaches the last one', async () => {
    const dash = await openDashboard(browser, origin, bigDir, 'dark');
    try {
      const page = dash.page;
      await page.locator('#row-count', { hasText: '10000 of 10000 trials' }).waitFor({ timeout: 20_000 });
      const rendered = await page.locator('.lb-row').count();
      assert.ok(rendered < 120, `${rendered} row elements for 10,000 trials`);
      await page.locator('.lb-sort', { hasText: 'Trial' }).click();
      await page.locator('.lb-viewport').focus();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.locator('#detail-title', { hasText: 'bench_9999' }).waitFor();
      await page.locator('#filter-text input').fill('bench_123');
      await page.locator('#row-count', { hasText: '11 of 10000 trials' }).waitFor();
      await page.screenshot({ path: join(SHOTS, 'dashboard-10k-dark.png') });
    } finally {
      await dash.close();
    }
  });
});
