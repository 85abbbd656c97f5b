/**
 * Property-style check of the leaderboard in real Chromium: seeded random sequences of text
 * filter, status filter, column sorts, parallel-coordinate brushes and live journal growth (new
 * trials, reports, ends with any status), and after every step the rows the page displays must be
 * exactly the filtered set in sort order, with no duplicates, computed here independently from the
 * host's replayed state. A failure names the seed and the steps that led to it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { SweepState, TrialRecord } from '../../src/core/journal/state';
import { useDashboardPages, type OpenedDashboard } from './support';
import { LiveJournal, pick, seededRandom } from './liveJournal';

const pages = useDashboardPages();

/** A brush as the page reports it: a value range on a numeric axis, or the kept categories. */
type Brush = { readonly min: number; readonly max: number } | { readonly values: readonly string[] };

/** The view settings the test drove, tracked on the test's side. */
interface Model {
  text: string;
  status: string;
  sort: { key: string; descending: boolean };
}

function bestOf(trial: TrialRecord): number | null {
  return trial.bestPrimary !== undefined && Number.isFinite(trial.bestPrimary) ? trial.bestPrimary : null;
}

/** The ids the leaderboard must show, in order, for `state` under `model` and `brushes`. */
function expectedIds(state: SweepState, model: Model, brushes: Readonly<Record<string, Brush>>): string[] {
  const goal = state.info?.goal ?? 'maximize';
  const scored = state.trials.filter((t) => bestOf(t) !== null).sort((a, b) => {
    const d = (bestOf(a) ?? 0) - (bestOf(b) ?? 0);
    return d !== 0 ? (goal === 'minimize' ? d : -d) : a.index - b.index;
  });
  const rank = new Map(scored.map((t, i) => [t.id, i + 1]));
  const kept = state.trials.filter((t) => {
    if (model.status !== '' && t.status !== model.status) return false;
    for (const [axis, brush] of Object.entries(brushes)) {
      const v = axis === '__objective' ? bestOf(t) : t.params[axis];
      if (v === null || v === undefined) return false;
      if ('values' in brush) {
        if (!brush.values.includes(String(v))) return false;
      } else {
        const slack = 1e-9 * Math.max(Math.abs(brush.min), Math.abs(brush.max), 1e-300);
        if (typeof v !== 'number' || v < brush.min - slack || v > brush.max + slack) return false;
      }
    }
    if (model.text === '') return true;
    const needle = model.text.toLowerCase();
    const texts = [t.id, t.status, t.reason ?? '', ...Object.entries(t.params).map(([k, v]) => `${k}=${String(v)}`)];
    return texts.some((s) => s.toLowerCase().includes(needle));
  });
  const key = model.sort.key;
  const value = (t: TrialRecord): number | string | undefined => {
    switch (key) {
      case 'rank': return rank.get(t.id);
      case 'id': return t.index;
      case 'status': return t.status;
      case 'best': return bestOf(t) ?? undefined;
      case 'reason': return t.reason;
      default: {
        const v = t.params[key.slice('param:'.length)];
        return typeof v === 'object' ? JSON.stringify(v) : typeof v === 'boolean' ? String(v) : v;
      }
    }
  };
  const sign = model.sort.descending ? -1 : 1;
  return kept.map((t) => ({ t, v: value(t) })).sort((a, b) => {
    const am = a.v === undefined || a.v === '';
    const bm = b.v === undefined || b.v === '';
    if (am !== bm) return am ? 1 : -1;
    let c = 0;
    if (!am) c = (typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v), undefined, { numeric: true })) * sign;
    return c !== 0 ? c : a.t.index - b.t.index;
  }).map(({ t }) => t.id);
}

/** What the page displays: the rows a person sees (not hidden by any means), top to bottom. */
async function displayed(page: Page): Promise<{ ids: string[]; count: string; brushes: Record<string, Brush> }> {
  return page.evaluate(`(() => {
    const rows = [...document.querySelectorAll('.lb-row')]
      .filter((e) => getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden')
      .map((e) => ({ id: e.getAttribute('data-id') || '', pos: Number(e.getAttribute('data-pos')) }))
      .sort((a, b) => a.pos - b.pos).map((r) => r.id);
    const brushes = JSON.parse(document.getElementById('parallel-canvas').dataset.brushes || '{}');
    return { ids: rows, count: document.getElementById('row-count').textContent || '', brushes };
  })()`);
}

async function setStatus(page: Page, status: string): Promise<void> {
  await page.evaluate(`(() => {
    const select = document.getElementById('filter-status');
    select.value = ${JSON.stringify(status)};
    select.dispatchEvent(new Event('change'));
  })()`);
}

/** Drags along axis `i` of the parallel-coordinates canvas from `from` to `to` (0 top .. 1 bottom of the canvas). */
async function brush(page: Page, axes: number, i: number, from: number, to: number): Promise<void> {
  const box = await page.locator('#parallel-canvas').boundingBox();
  assert.ok(box, 'the parallel-coordinates canvas is shown');
  const x = box.x + (axes <= 1 ? box.width / 2 : 48 + (i * (box.width - 96)) / (axes - 1));
  await page.mouse.move(x, box.y + from * box.height);
  await page.mouse.down();
  await page.mouse.move(x, box.y + to * box.height, { steps: 4 });
  await page.mouse.up();
}

async function runSequence(seed: number, goal: 'minimize' | 'maximize', steps: number): Promise<void> {
  const random = seededRandom(seed);
  const journal = await LiveJournal.create(`prop${seed}`, random, { goal });
  let dash: OpenedDashboard | undefined;
  const log: string[] = [];
  try {
    for (let i = 0; i < 8; i++) {
      const trial = await journal.addTrial();
      const reports = Math.floor(random() * 3);
      for (let r = 0; r < reports; r++) await journal.report(trial);
      if (i < 6) await journal.end(trial, pick(random, ['Completed', 'Completed', 'Canceled', 'Failed'] as const), undefined);
    }
    dash = await pages.open(journal.dir, 'light', 60);
    const page = dash.page;
    await page.locator('#row-count', { hasText: '8 of 8 trials' }).waitFor();
    await page.locator('vscode-tab-header[data-tab=parallel]').click();
    const model: Model = { text: '', status: '', sort: { key: 'rank', descending: false } };
    const sortKeys = ['rank', 'id', 'status', 'best', 'reason', 'param:lr', 'param:activation', 'param:width'];
    for (let step = 0; step < steps; step++) {
      const roll = random();
      if (roll < 0.3) {
        log.push(await journal.randomChange(30));
        await dash.session.refresh();
      } else if (roll < 0.45) {
        model.text = pick(random, ['', '', 'relu', 'activation=tanh', 'width=64', 'canceled', '_1', 'early']);
        log.push(`text "${model.text}"`);
        await page.locator('#filter-text input').fill(model.text);
      } else if (roll < 0.6) {
        model.status = pick(random, ['', '', 'Completed', 'Running', 'Canceled', 'Failed']);
        log.push(`status "${model.status}"`);
        await setStatus(page, model.status);
      } else if (roll < 0.8) {
        const key = pick(random, sortKeys);
        model.sort = model.sort.key === key ? { key, descending: !model.sort.descending } : { key, descending: key === 'best' && goal === 'maximize' };
        log.push(`sort ${key}`);
        await page.locator(`.lb-sort[data-key="${key}"]`).click();
      } else if (roll < 0.95) {
        const axis = Math.floor(random() * 4);
        const a = 0.05 + random() * 0.9;
        const b = random() < 0.15 ? a : 0.05 + random() * 0.9;
        log.push(`brush axis ${axis} ${a.toFixed(2)}..${b.toFixed(2)}`);
        await brush(page, 4, axis, a, b);
      } else {
        log.push('clear brushes');
        if (await page.locator('#clear-brushes').isVisible()) await page.locator('#clear-brushes').click();
      }
      // Views repaint on the next frame and live rows arrive after a batch window: wait for the
      // page to settle on the expected rows, then compare what it shows.
      let shown = await displayed(page);
      let expected = expectedIds(dash.session.current, model, shown.brushes);
      for (let i = 0; i < 100 && (shown.ids.join() !== expected.join() || shown.count !== `${expected.length} of ${dash.session.current.trials.length} trials`); i++) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        shown = await displayed(page);
        expected = expectedIds(dash.session.current, model, shown.brushes);
      }
      const where = `seed ${seed}, after: ${log.join('; ')}`;
      assert.equal(new Set(shown.ids).size, shown.ids.length, `duplicate rows (${where})`);
      assert.equal(shown.count, `${expected.length} of ${dash.session.current.trials.length} trials`, `row count (${where})`);
      assert.deepEqual(shown.ids, expected, `rows (${where})`);
    }
  } finally {
    await dash?.close();
    await journal.close();
  }
}

describe('leaderboard rows are exactly the filtered set, in order', () => {
  test('random filter / sort / brush / live-update sequences (seed 3, minimize)', async () => {
    await runSequence(3, 'minimize', 80);
  });
  test('random filter / sort / brush / live-update sequences (seed 11, maximize)', async () => {
    await runSequence(11, 'maximize', 80);
  });
});
