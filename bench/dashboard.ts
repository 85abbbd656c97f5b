/**
 * The dashboard in real Chromium at scale: a 10,000-trial journal with 1,000,000 metric points,
 * served by the real host (DashboardSession) to the real bundle through the browser tests' fake
 * host. Measures the host's replay and snapshot, the time to the first view, and responsiveness
 * (frame gaps, long tasks) while 100 metric reports per second are appended to the journal.
 * Needs dist/webview (npm run build) and /usr/bin/chromium.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepPaths } from '../src/core/journal/layout';
import { JournalWriter } from '../src/core/journal/writer';
import { launchBrowser, openDashboard, ROOT, startPageServer } from '../test/webview/support';
import type { BenchGroup, BenchResult } from './harness';
import { grouped, now, resultsFor } from './harness';
import { metricEvent, writeLargeJournal } from './journalFixture';

const TRIALS = 10_000;
const STEPS = 100;
const REPORTS_PER_SECOND = 100;
const LIVE_SECONDS = 5;

const result = resultsFor('dashboard');

/** Installed in the page before the live phase: records frame gaps and long tasks. */
const PROBE = `(() => {
  const probe = { frames: [], longTasks: [] };
  globalThis.hypersweepProbe = probe;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) probe.longTasks.push(e.duration); }).observe({ entryTypes: ['longtask'] });
  let last = performance.now();
  const frame = (t) => { probe.frames.push(t - last); last = t; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
})()`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function run(): Promise<BenchResult[]> {
  if (!existsSync(join(ROOT, 'dist', 'webview', 'dashboard.js'))) throw new Error('dist/webview/dashboard.js is missing: run `npm run build` first.');
  const base = mkdtempSync(join(tmpdir(), 'hypersweep-bench-dash-'));
  const dir = join(base, 'bench');
  mkdirSync(dir);
  const results: BenchResult[] = [];
  const { server, origin } = await startPageServer();
  const browser = await launchBrowser();
  try {
    await writeLargeJournal(sweepPaths(dir).journal, TRIALS, STEPS);
    const opened = now();
    const dash = await openDashboard(browser, origin, dir, 'dark');
    const page = dash.page;
    await page.locator('#row-count', { hasText: `${TRIALS} of ${TRIALS} trials` }).waitFor({ timeout: 120_000 });
    const wall = now() - opened;
    const marks = await page.evaluate(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
      const got = performance.getEntriesByName('hypersweep:snapshot-received')[0];
      const done = performance.getEntriesByName('hypersweep:first-render')[0];
      resolve({ received: got ? got.startTime : -1, rendered: done ? done.startTime : -1, painted: performance.now() });
    }))) `) as { received: number; rendered: number; painted: number };
    const notes = `${grouped(TRIALS)} trials, ${grouped(TRIALS * STEPS)} metric points, Chromium headless`;
    results.push(result('first view: snapshot received -> rendered', marks.rendered - marks.received, 'ms', `${notes}; target < 1000 ms`));
    results.push(result('first view: page load -> rendered', marks.rendered, 'ms', `${notes}; includes bundle load and the host's snapshot`));
    results.push(result('open: replay + snapshot + paint (wall)', wall, 'ms', `${notes}; host replays the whole journal first`));

    await page.evaluate(PROBE);
    const writer = await JournalWriter.open(sweepPaths(dir).journal);
    const ticks = LIVE_SECONDS * 10;
    let step = STEPS;
    for (let tick = 0; tick < ticks; tick++) {
      const t = Date.now();
      const batch = Array.from({ length: REPORTS_PER_SECOND / 10 }, (_, i) => metricEvent((tick * 37 + i * 997) % TRIALS, step, t));
      step++;
      await writer.appendMany(batch);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await writer.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const probe = await page.evaluate('globalThis.hypersweepProbe') as { frames: number[]; longTasks: number[] };
    const frames = probe.frames.slice(1);
    const live = `${REPORTS_PER_SECOND} metric reports/s for ${LIVE_SECONDS} s on ${grouped(TRIALS)} trials`;
    results.push(result('live: frame interval p95', percentile(frames, 0.95), 'ms', `${live}; 16.7 ms = 60 fps`));
    results.push(result('live: longest frame', Math.max(...frames), 'ms', live));
    results.push(result('live: long tasks (> 50 ms)', probe.longTasks.length, 'count', `${live}; total ${Math.round(probe.longTasks.reduce((a, b) => a + b, 0))} ms`));
    await dash.close();
  } finally {
    await browser.close();
    server.close();
    rmSync(base, { recursive: true, force: true });
  }
  return results;
}

export const dashboardGroup: BenchGroup = {
  name: 'dashboard',
  description: 'dashboard webview in Chromium: first view at 10,000 trials / 1M points, responsiveness under live metrics',
  run,
};
