/**
 * UI check (issue 4, "reload-and-resume"): a sweep started from the command palette keeps running
 * through a window reload. It runs ui/reload.sweep.yaml (6 trials of ~3.5 s, 2 at a time) with
 * "HyperSweep: Run Sweep", waits until the explorer shows it running with a trial, reloads the
 * page, and then expects the explorer to pick the sweep up again, see it progress to Completed
 * with all its trials, and the journal to hold exactly one `runner-started` event: the detached
 * runner survived the reload and was never restarted. The spec is Bayesian, so the proposals come
 * from the installed extension's worker thread; the journal must hold no sweep warning (a worker
 * that could not start says so there).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { UiCheck, UiContext } from './workbench';
import { openWorkbench, quickInput, runCommand, screenshot, sweepRowOf } from './workbench';

const SPEC = 'reload.sweep.yaml';
/** The spec's `name`: the sweep folder and tree label (a `-N` suffix if the folder is taken). */
const SWEEP_NAME = 'ui-reload';
const TOTAL_TRIALS = 6;
const SWEEPS_FOLDER = '.hypersweep';

/** The sweep's progress as its tree row shows it. */
interface RowState {
  readonly text: string;
  readonly done: number;
  readonly total: number;
  readonly running: boolean;
  readonly completed: boolean;
}

function sweepFolders(ui: UiContext): Set<string> {
  const root = join(ui.folder, SWEEPS_FOLDER);
  if (!existsSync(root)) return new Set();
  return new Set(readdirSync(root).filter((name) => name === SWEEP_NAME || new RegExp(`^${SWEEP_NAME}-\\d+$`).test(name)));
}

/**
 * Shows the HyperSweep view container. A click on the active entry hides the side bar, and after
 * a reload the workbench may restore the container a moment later, so it clicks and looks again
 * until the view is there.
 */
async function showSweepsView(page: Page): Promise<void> {
  const container = page.locator('.part.activitybar [aria-label*="HyperSweep" i]').first();
  await container.waitFor({ state: 'visible', timeout: 60_000 }).catch(() => {
    throw new Error('no HyperSweep view container in the activity bar');
  });
  const view = page.locator('.part.sidebar [id="workbench.view.extension.hypersweep"]');
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (await view.isVisible()) return;
    await container.click();
    try {
      await view.waitFor({ state: 'visible', timeout: 5_000 });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('clicking the HyperSweep activity bar entry did not show its view container');
    }
  }
}

/** Moves the pointer off the activity bar and lets its tooltip fade, so it covers nothing in a screenshot. */
async function clearPointer(page: Page): Promise<void> {
  await page.mouse.move(700, 450);
  await page.waitForTimeout(400);
}

async function readRow(row: Locator): Promise<RowState | undefined> {
  if (!(await row.isVisible())) return undefined;
  const text = await row.innerText();
  const progress = /(\d+)\s*\/\s*(\d+)/.exec(text);
  if (!progress) return undefined;
  const icons = await row.locator('.custom-view-tree-node-item-icon').evaluateAll((nodes) => nodes.map((n) => n.className).join(' '));
  return {
    text: text.replace(/\s+/g, ' ').trim(),
    done: Number(progress[1]),
    total: Number(progress[2]),
    running: /codicon-sync\b/.test(icons),
    completed: /codicon-pass\b/.test(icons),
  };
}

/** Polls the sweep row until `accept` holds; every distinct state seen goes to `seen`. */
async function waitForRow(row: Locator, what: string, accept: (s: RowState) => boolean, seen: RowState[], timeoutMs = 60_000): Promise<RowState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await readRow(row).catch(() => undefined);
    if (state) {
      const last = seen.at(-1);
      if (!last || last.text !== state.text || last.running !== state.running) seen.push(state);
      if (accept(state)) return state;
    }
    if (Date.now() > deadline) {
      throw new Error(`the sweep row never showed ${what} within ${timeoutMs} ms; rows seen: ${seen.map((s) => `"${s.text}"${s.running ? ' (running)' : ''}`).join(', ') || 'none'}`);
    }
    await row.page().waitForTimeout(200);
  }
}

interface JournalLine {
  readonly type: string;
  readonly t: number;
  readonly status?: string;
}

function readJournalLines(sweepDir: string): JournalLine[] {
  return readFileSync(join(sweepDir, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as JournalLine);
}

export const reloadCheck: UiCheck = {
  name: 'a sweep started from the palette survives a window reload and completes',
  async run(ui) {
    const { page } = ui;
    await openWorkbench(ui);
    await showSweepsView(page);
    const before = sweepFolders(ui);

    // Run Sweep takes the active editor's spec, so open the spec first.
    await quickInput(page, SPEC, SPEC);
    await page.locator('.editor-group-container .tab.active', { hasText: SPEC }).waitFor({ state: 'visible', timeout: 30_000 });
    await runCommand(page, 'HyperSweep: Run Sweep');

    let folderName: string | undefined;
    const folderDeadline = Date.now() + 30_000;
    while (!folderName) {
      folderName = [...sweepFolders(ui)].find((name) => !before.has(name));
      if (folderName) break;
      if (Date.now() > folderDeadline) throw new Error(`Run Sweep created no new ${SWEEP_NAME} folder under ${SWEEPS_FOLDER}/`);
      await page.waitForTimeout(200);
    }
    const sweepDir = join(ui.folder, SWEEPS_FOLDER, folderName);

    const seenBefore: RowState[] = [];
    const row = sweepRowOf(page, folderName);
    await waitForRow(row, 'the sweep running', (s) => s.running, seenBefore, 30_000);
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    const trialRows = page.locator('.part.sidebar .monaco-list-row[aria-level="2"]', { hasText: `${folderName}_` });
    await trialRows.first().waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {
      throw new Error(`the running sweep ${folderName} shows no trial in the explorer`);
    });
    const atReload = await waitForRow(row, 'the sweep running', (s) => s.running, seenBefore, 5_000);
    if (atReload.done >= TOTAL_TRIALS) throw new Error(`the sweep finished before the reload could happen: "${atReload.text}"`);
    await clearPointer(page);
    await screenshot(ui, 'explorer-reload-before');

    const reloadedAt = Date.now();
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    await showSweepsView(page);

    const seenAfter: RowState[] = [];
    const rowAfter = sweepRowOf(page, folderName);
    const firstAfter = await waitForRow(rowAfter, 'the sweep again after the reload', () => true, seenAfter, 60_000);
    await clearPointer(page);
    await screenshot(ui, 'explorer-reload-after');
    const completed = await waitForRow(rowAfter, `the sweep Completed with ${TOTAL_TRIALS}/${TOTAL_TRIALS}`, (s) => s.completed && s.done === TOTAL_TRIALS, seenAfter, 60_000);
    if (completed.total !== TOTAL_TRIALS) throw new Error(`the completed sweep shows ${completed.done}/${completed.total}, expected ${TOTAL_TRIALS}/${TOTAL_TRIALS}`);
    if (completed.done <= atReload.done) throw new Error(`the sweep did not progress after the reload: ${atReload.done} done before, ${completed.done} after`);
    const doneAfter = seenAfter.map((s) => s.done);
    if (doneAfter.some((d, i) => i > 0 && d < (doneAfter[i - 1] ?? 0))) throw new Error(`the done count went backwards after the reload: ${doneAfter.join(' -> ')}`);

    if ((await rowAfter.getAttribute('aria-expanded')) !== 'true') await rowAfter.click();
    await page.locator('.part.sidebar .monaco-list-row[aria-level="2"]', { hasText: `${folderName}_${TOTAL_TRIALS - 1}` }).waitFor({ state: 'visible', timeout: 15_000 }).catch(() => {
      throw new Error(`the completed sweep does not list its trial ${folderName}_${TOTAL_TRIALS - 1}`);
    });
    const trialCount = await trialRows.count();
    if (trialCount !== TOTAL_TRIALS) throw new Error(`expected ${TOTAL_TRIALS} trial rows under ${folderName}, saw ${trialCount}`);
    await clearPointer(page);
    await screenshot(ui, 'explorer-reload-completed');

    const journal = readJournalLines(sweepDir);
    const runners = journal.filter((e) => e.type === 'runner-started').length;
    if (runners !== 1) throw new Error(`the journal has ${runners} runner-started events, expected exactly 1 (the runner was restarted rather than surviving the reload)`);
    // Bayesian proposals came from the worker thread of the installed extension: no warning that
    // they fell back to the runner's thread (or any other).
    const warnings = journal.filter((e) => e.type === 'sweep-warning');
    if (warnings.length > 0) throw new Error(`the journal has sweep warnings: ${JSON.stringify(warnings)}`);
    const ended = journal.filter((e) => e.type === 'trial-ended');
    const endedLater = ended.filter((e) => e.t > reloadedAt).length;
    if (endedLater === 0) throw new Error('no trial ended after the reload: the sweep did not keep running through it');
    const notCompleted = ended.filter((e) => e.status !== 'Completed');
    if (ended.length !== TOTAL_TRIALS || notCompleted.length > 0) {
      throw new Error(`expected ${TOTAL_TRIALS} Completed trial-ended events, saw ${ended.length} (${notCompleted.length} not Completed)`);
    }
    const sweepEnded = journal.find((e) => e.type === 'sweep-ended');
    if (sweepEnded?.status !== 'Completed') throw new Error(`the journal's sweep-ended status is ${sweepEnded?.status ?? '(none)'}, expected Completed`);
    console.log(`       reload at ${atReload.done}/${TOTAL_TRIALS} done; first seen after it: "${firstAfter.text}"${firstAfter.running ? ' (running)' : ''}; ${endedLater} trials ended after the reload`);
  },
};
