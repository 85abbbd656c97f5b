/**
 * Driving code-server's workbench with playwright-core for the UI checks. The selectors are VS
 * Code internals that hold for the pinned code-server (VS Code 1.100.3); a new version may need
 * them revisited.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** What every UI check gets. */
export interface UiContext {
  readonly page: Page;
  /** The code-server address, e.g. http://127.0.0.1:PORT/ */
  readonly baseUrl: string;
  /** Absolute path of the workspace folder (on the code-server machine, which is this one). */
  readonly folder: string;
  /** Where screenshots go. */
  readonly shotDir: string;
}

/** One named UI check; it throws to fail. */
export interface UiCheck {
  readonly name: string;
  run(ui: UiContext): Promise<void>;
}

/** Opens the workspace in a fresh workbench and waits until it is painted and extensions loaded. */
export async function openWorkbench(ui: UiContext): Promise<void> {
  const url = `${new URL(ui.baseUrl).origin}/?folder=${encodeURIComponent(ui.folder)}`;
  await ui.page.goto(url, { waitUntil: 'domcontentloaded' });
  await ui.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  await ui.page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
}

const PALETTE_INPUT = '.quick-input-widget .quick-input-box input';

/**
 * Opens the quick input with F1, types `text` (a leading `>` means commands, `:` a line, none a
 * file) and accepts the first row containing `rowText`. The list is computed when the palette
 * opens, and contributions of the remote extension host arrive a few seconds after the workbench
 * paints, so it reopens the palette until the row shows up.
 */
export async function quickInput(page: Page, text: string, rowText: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator(PALETTE_INPUT);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: rowText }).first();
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(text);
    try {
      await row.waitFor({ state: 'visible', timeout: 3_000 });
      await row.click();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no "${rowText}" in the quick input for "${text}": ${String(error)}`);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1_000);
    }
  }
}

/**
 * The top-level row of the sweep named `label` in the HyperSweep view's Sweeps tree (trial rows are
 * at level 2). Scoped to the Sweeps pane: the Targets pane's rows are level 1 too, and a pool's row
 * ("pool ssh · 2 hosts · 4/4 free") would match a sweep called "ssh" and its progress pattern.
 */
export function sweepRowOf(page: Page, label: string): Locator {
  const sweepsPane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: /^\s*sweeps/i }) });
  return sweepsPane.locator('.monaco-list-row[aria-level="1"]', { hasText: label }).first();
}

/** Runs a command palette command by its title. */
export function runCommand(page: Page, title: string): Promise<void> {
  return quickInput(page, `>${title}`, title);
}

/** Moves the cursor of the active editor to a 1-based line and column (Go to Line). */
export async function goToPosition(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator(PALETTE_INPUT);
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`:${line}:${column}`);
  await input.press('Enter');
}

/** Waits for a locator and returns its text (throws with `what` on timeout). */
export async function textOf(locator: Locator, what: string, timeoutMs = 30_000): Promise<string> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    throw new Error(`not visible within ${timeoutMs} ms: ${what}`);
  }
  return locator.first().innerText();
}

/** Saves a screenshot of the whole window as `<shotDir>/<name>.png` and returns its path. */
export async function screenshot(ui: UiContext, name: string): Promise<string> {
  const path = join(ui.shotDir, `${name}.png`);
  await ui.page.screenshot({ path });
  return path;
}
