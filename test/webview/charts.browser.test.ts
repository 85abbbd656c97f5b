/**
 * The dashboard's charts in real Chromium against journals written as a runner would write them,
 * with the spec copy in the sweep folder: every trial's point on the scatter on the axis its
 * distribution implies (log for loguniform), curves visible when each trial reports once,
 * early-termination marks at the interval the sentence names, a timeline that rises with each
 * stop, and nested-choice parameters as readable columns.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { CurvesView } from '../../src/shared/dashboardProtocol';
import { useDashboardPages, THEMES } from './support';
import { CHARTS_SPEC, LiveJournal, seededRandom } from './liveJournal';


const pages = useDashboardPages();

/** Pixels of `canvasId` within a small distance of the colour `hex`. */
async function pixelsOfColour(page: Page, canvasId: string, hex: string): Promise<number> {
  return page.evaluate(`(() => {
    const canvas = document.getElementById(${JSON.stringify(canvasId)});
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const n = parseInt(${JSON.stringify(hex.slice(1))}, 16);
    const r = (n >> 16) & 255, g = (n >> 8) & 255, b = n & 255;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 128 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 40) count++;
    }
    return count;
  })()`);
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('charts', () => {
  test('curves show trials that reported once (a dot each), against interval', async () => {
    const journal = await LiveJournal.create('single', seededRandom(5), { spec: CHARTS_SPEC });
    try {
      for (let i = 0; i < 4; i++) {
        const trial = await journal.addTrial({ lr: 0.001 * (i + 1), activation: 'relu', model: { arch: 'mlp', depth: i } });
        await journal.report(trial, 0.5 - i * 0.1);
        await journal.end(trial, 'Completed');
      }
      const dash = await pages.open(journal.dir, 'light');
      try {
        await dash.page.locator('#curves-summary', { hasText: 'against interval' }).waitFor();
        await dash.page.waitForTimeout(200);
        // The best trials are drawn in the theme's green; a single report must still be seen.
        const green = await pixelsOfColour(dash.page, 'curves-canvas', THEMES.light.vars['charts-green']);
        assert.ok(green > 20, `only ${green} pixels of the best trials' colour on the curves chart`);
      } finally {
        await dash.close();
      }
    } finally {
      await journal.close();
    }
  });

  test('scatter: every trial on a log axis for a loguniform parameter, live ones too; stops at their interval; a rising timeline; nested choices as columns', async () => {
    const journal = await LiveJournal.create('charts', seededRandom(9), {
      spec: CHARTS_SPEC, policy: { type: 'bandit', slack_factor: 0.2, evaluation_interval: 5, delay_evaluation: 0 },
    });
    try {
      const lrs = [0.0002, 0.0011, 0.004, 0.013, 0.05, 0.09, 0.21];
      for (const [i, lr] of lrs.entries()) {
        const model: { readonly [name: string]: string | number } = i % 2 === 0 ? { arch: 'cnn', kernel: 3 + 2 * (i % 3 === 0 ? 1 : 0) } : { arch: 'mlp', depth: i };
        const trial = await journal.addTrial({ lr, activation: i % 3 === 0 ? 'tanh' : 'relu', model });
        for (let r = 0; r < 5; r++) await journal.report(trial, 1 - 0.05 * r + 0.01 * i);
        // Three stops, all at interval 5: an interval-against-stop chart is a flat line.
        if (i >= 4) await journal.stopEarly(trial, 0.8 + 0.01 * i, 0.78);
        else await journal.end(trial, 'Completed');
      }
      const dash = await pages.open(journal.dir, 'light', 60);
      const page = dash.page;
      try {
        await page.locator('#row-count', { hasText: `${lrs.length} of ${lrs.length} trials` }).waitFor();

        // Nested choice: the branch and each of its values are columns; no JSON anywhere.
        const heads = (await page.locator('.lb-sort').allTextContents()).map((s) => s.trim());
        for (const name of ['model', 'model.arch', 'model.kernel', 'model.depth']) assert.ok(heads.includes(name), `no ${name} column in ${heads.join(', ')}`);
        const cells = await page.locator('.lb-row:not([hidden]) .lb-cell').allTextContents();
        assert.ok(cells.includes('option 1: arch=cnn') && cells.includes('option 2: arch=mlp'), cells.join(' | '));
        assert.ok(cells.every((c) => !c.includes('{')), `a cell shows JSON: ${cells.find((c) => c.includes('{')) ?? ''}`);

        // Early-termination marks sit at the interval the sentence names.
        await waitFor(async () => dash.posted.some((m) => m.type === 'curves'), 'the curves');
        const curves = dash.posted.filter((m): m is { type: 'curves'; curves: CurvesView } => m.type === 'curves').at(-1)?.curves;
        const stopped = curves?.series.filter((s) => s.stoppedAt) ?? [];
        assert.equal(stopped.length, 3);
        for (const s of stopped) assert.equal(s.stoppedAt?.[0], 5, `${s.trialId} is marked at x=${String(s.stoppedAt?.[0])}, its sentence says interval 5`);

        // The timeline rises by one with each stop, in time order.
        await page.locator('vscode-tab-header[data-tab=events]').click();
        await page.locator('#et-summary', { hasText: '3 stops' }).waitFor();
        const timeline = JSON.parse((await page.locator('#et-canvas').getAttribute('data-points')) ?? '[]') as [number, number][];
        assert.deepEqual(timeline.map(([, y]) => y), [1, 2, 3]);
        assert.ok(timeline.every(([x], i) => i === 0 || x > (timeline[i - 1]?.[0] ?? Infinity)), JSON.stringify(timeline));

        // Scatter: lr on a log axis; a trial arriving right after the chart was drawn is drawn too.
        await page.locator('vscode-tab-header[data-tab=scatter]').click();
        const canvas = page.locator('#scatter-canvas');
        await waitFor(async () => (await canvas.getAttribute('data-points')) === String(lrs.length), 'the scatter');
        assert.equal(await canvas.getAttribute('data-x-scale'), 'log');
        const late = await journal.addTrial({ lr: 0.4858, activation: 'relu', model: { arch: 'mlp', depth: 2 } });
        await journal.report(late, 0.3);
        await dash.session.refresh();
        await waitFor(async () => (await canvas.getAttribute('data-points')) === String(lrs.length + 1), `the trial with lr 0.4858 on the scatter (shows ${String(await canvas.getAttribute('data-points'))})`);
        const [min, max] = JSON.parse((await canvas.getAttribute('data-x-range')) ?? '[]') as [number, number];
        assert.ok(min <= 0.0002 && max >= 0.4858, `x axis ${min}..${max} leaves out a trial`);
      } finally {
        await dash.close();
      }
    } finally {
      await journal.close();
    }
  });
});
