/**
 * UI check (issue 10): a sweep run from the command palette on an SSH target. Two real sshd on
 * loopback (test/support/sshPool.ts) form the target `pool` in the workspace's
 * hypersweep.targets.yaml; targets/ssh.sweep.yaml is opened and "HyperSweep: Run Sweep on…" picks `pool`;
 * the Targets view lists the pool's hosts, and the Sweeps view shows the trials, each row naming
 * the host it ran on, until the sweep completes with trials on both hosts.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { sshPoolSkipReason, startSshPool } from '../../support/sshPool';
import type { UiCheck } from './workbench';
import { openWorkbench, quickInput, runCommand, screenshot, sweepRowOf, textOf } from './workbench';

const SWEEP_NAME = 'ssh';
const TOTAL_TRIALS = 4;

/** Accepts the row containing `text` in the open quick pick. */
async function pick(page: Page, text: string): Promise<void> {
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {
    throw new Error(`no "${text}" in the quick pick`);
  });
  await row.click();
}

export const sshTargetCheck: UiCheck = {
  name: 'Run Sweep on… an SSH target from the palette shows each trial\'s host',
  async run(ui) {
    const skip = sshPoolSkipReason();
    if (skip) {
      console.log(`       skipped: ${skip}`);
      return;
    }
    const pool = await startSshPool();
    const targetsFile = join(ui.folder, 'hypersweep.targets.yaml');
    try {
      writeFileSync(targetsFile, `targets:\n  pool:\n    type: ssh\n    hosts: [hs-a, hs-b]\n    ssh_config: ${pool.configFile}\n    slots: 2\n`);
      await openWorkbench(ui);
      const { page } = ui;
      // Run Sweep on… runs the spec in the active editor (a picker lists specs only when none is active).
      await quickInput(page, 'ssh.sweep.yaml', 'ssh.sweep.yaml');
      await page.locator('.editor-group-container .tab.active', { hasText: 'ssh.sweep.yaml' }).waitFor({ state: 'visible', timeout: 30_000 });
      await runCommand(page, 'HyperSweep: Run Sweep on…');
      await pick(page, 'pool');

      const container = page.locator('.part.activitybar [aria-label*="HyperSweep" i]').first();
      await container.waitFor({ state: 'visible', timeout: 60_000 });
      const view = page.locator('.part.sidebar [id="workbench.view.extension.hypersweep"]');
      if (!(await view.isVisible())) await container.click();

      const hostRow = page.locator('.part.sidebar .monaco-list-row', { hasText: 'hs-b' }).first();
      await textOf(hostRow, 'the host hs-b under the pool target in the Targets view');

      const sweepRow = sweepRowOf(page, SWEEP_NAME);
      await textOf(sweepRow, `a tree row for the sweep ${SWEEP_NAME}`, 60_000);
      const deadline = Date.now() + 120_000;
      for (;;) {
        const text = (await sweepRow.innerText()).replace(/\s+/g, ' ');
        if (new RegExp(`${TOTAL_TRIALS}\\s*/\\s*${TOTAL_TRIALS}`).test(text)) break;
        if (Date.now() > deadline) throw new Error(`the sweep did not finish its ${TOTAL_TRIALS} trials: "${text}"`);
        await page.waitForTimeout(500);
      }
      const trialRows = page.locator('.part.sidebar .monaco-list-row[aria-level="2"]', { hasText: `${SWEEP_NAME}_` });
      for (let tries = 0; (await trialRows.count()) === 0; tries++) {
        if (tries === 10) throw new Error(`the sweep row ${SWEEP_NAME} does not expand to its trials`);
        if ((await sweepRow.getAttribute('aria-expanded')) !== 'true') await sweepRow.click();
        await page.waitForTimeout(500);
      }
      await screenshot(ui, 'explorer-ssh-expanded');
      for (const host of ['hs-a', 'hs-b']) {
        await textOf(trialRows.filter({ hasText: `@${host}` }).first(), `a trial row naming host ${host}`);
      }
      await page.mouse.move(700, 450);
      await screenshot(ui, 'explorer-ssh-target');
    } finally {
      rmSync(targetsFile, { force: true });
      await pool.stop();
    }
  },
};
