/**
 * UI check (issue 4, workspace trust): in a workspace the user chose not to trust (Restricted
 * Mode), "HyperSweep: Run Sweep" starts nothing and says why, while spec validation still works.
 * It needs a code-server with workspace trust on (run.mjs's Restricted Mode stage): it answers the
 * trust prompt with "No", runs ui/explorer.sweep.yaml (a valid spec, so only trust can refuse it)
 * from the palette, expects the extension's warning and no new folder under .hypersweep/, then
 * opens smoke/broken.sweep.yaml and expects its error squiggles.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { UiCheck, UiContext } from './workbench';
import { openWorkbench, quickInput, runCommand, screenshot, textOf } from './workbench';

const RUN_SPEC = 'explorer.sweep.yaml';
const BROKEN_SPEC = 'broken.sweep.yaml';
const SWEEPS_FOLDER = '.hypersweep';
/** The start of the warning src/extension/sweeps/sweepLauncher.ts shows in an untrusted workspace. */
const UNTRUSTED_WARNING = 'HyperSweep runs no trials in an untrusted workspace';
/** How long Run Sweep gets to (wrongly) create a sweep folder. */
const NO_FOLDER_WAIT_MS = 4_000;

function sweepFolders(ui: UiContext): string[] {
  const root = join(ui.folder, SWEEPS_FOLDER);
  return existsSync(root) ? readdirSync(root) : [];
}

/** Answers the workspace trust prompt (a modal dialog at startup) with "No, I don't trust the authors". */
async function declineTrust(page: Page): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {
    throw new Error('no workspace trust prompt appeared (is workspace trust on in this code-server?)');
  });
  const text = await dialog.innerText();
  if (!/trust/i.test(text)) throw new Error(`the startup dialog is not the trust prompt: "${text}"`);
  await dialog.locator('.monaco-button', { hasText: /^No/ }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
}

export const restrictedModeCheck: UiCheck = {
  name: 'in Restricted Mode Run Sweep starts nothing and says why; validation still works',
  async run(ui) {
    const { page } = ui;
    await openWorkbench(ui);
    await declineTrust(page);
    await textOf(page.locator('.part.statusbar', { hasText: 'Restricted Mode' }), 'the Restricted Mode entry in the status bar');
    const before = sweepFolders(ui);

    await quickInput(page, RUN_SPEC, RUN_SPEC);
    await page.locator('.editor-group-container .tab.active', { hasText: RUN_SPEC }).waitFor({ state: 'visible', timeout: 30_000 });
    await runCommand(page, 'HyperSweep: Run Sweep');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: UNTRUSTED_WARNING });
    const warning = await textOf(toast, `a notification "${UNTRUSTED_WARNING}…"`);
    if (!/Manage Workspace Trust/.test(warning)) throw new Error(`the warning offers no "Manage Workspace Trust": "${warning}"`);

    await page.waitForTimeout(NO_FOLDER_WAIT_MS);
    const created = sweepFolders(ui).filter((name) => !before.includes(name));
    if (created.length > 0) throw new Error(`Run Sweep created ${created.join(', ')} under ${SWEEPS_FOLDER}/ in an untrusted workspace`);

    await quickInput(page, BROKEN_SPEC, BROKEN_SPEC);
    await page.locator('.editor-group-container .tab.active', { hasText: BROKEN_SPEC }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {
      throw new Error(`no error squiggle in ${BROKEN_SPEC}: validation does not work in Restricted Mode`);
    });
    // Off the title bar and the quick input rows, and long enough for their hover to fade.
    await page.mouse.move(700, 450);
    await page.waitForTimeout(600);
    await screenshot(ui, 'restricted-run-refused');
    if (!(await toast.first().isVisible())) console.log('       (the warning had hidden before the screenshot)');
  },
};
