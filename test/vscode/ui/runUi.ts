/**
 * Runs the UI checks against a running code-server (started by .ci/vscode/run.mjs) in Debian's
 * Chromium, saving screenshots; prints one line per check and `N passed, N failed`, writes
 * `{ passed, failed, failures }` to the results file and exits non-zero on a failure.
 *
 * Usage: node --import tsx test/vscode/ui/runUi.ts <baseUrl> <workspaceFolder> <shotDir> <resultsFile> [restricted]
 * With `restricted`, only the Restricted Mode check runs (against a code-server with workspace
 * trust on); without it, every other check (against one with trust off).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { explorerCheck } from './explorer.ui';
import { hundredsCheck, stopConfirmCheck } from './hundreds.ui';
import { reloadCheck } from './reload.ui';
import { restrictedModeCheck } from './restricted.ui';
import { sshTargetCheck } from './sshTarget.ui';
import { diagnosticHoverCheck, loguniformHoverCheck } from './specHover.ui';
import type { UiCheck } from './workbench';

// The reload check runs last: it reloads the window and leaves a second sweep in the explorer.
const CHECKS: readonly UiCheck[] = [
  explorerCheck, diagnosticHoverCheck, loguniformHoverCheck, hundredsCheck, stopConfirmCheck, sshTargetCheck, reloadCheck,
];
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

async function main(): Promise<number> {
  const [baseUrl, folder, shotDir, resultsFile, set] = process.argv.slice(2);
  if (!baseUrl || !folder || !shotDir || !resultsFile || (set !== undefined && set !== 'restricted')) {
    console.error('usage: runUi.ts <baseUrl> <workspaceFolder> <shotDir> <resultsFile> [restricted]');
    return 2;
  }
  const all = set === 'restricted' ? [restrictedModeCheck] : CHECKS;
  mkdirSync(shotDir, { recursive: true });
  const only = process.env['HYPERSWEEP_VSCODE_UI_GREP'];
  const checks = only ? all.filter((c) => new RegExp(only).test(c.name)) : all;
  const profile = mkdtempSync(join(tmpdir(), 'hypersweep-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env['HYPERSWEEP_E2E_CHROMIUM'] ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: CHROMIUM_ARGS,
    // Chromium's crash reporter writes under $XDG_CONFIG_HOME/chromium even with a profile dir.
    env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: join(profile, '.config') },
  });
  const failures: { title: string; message: string }[] = [];
  let passed = 0;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    for (const check of checks) {
      const ui = { page, baseUrl, folder, shotDir };
      try {
        await check.run(ui);
        passed++;
        console.log(`ok   - ${check.name}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push({ title: check.name, message });
        console.log(`FAIL - ${check.name}\n       ${message}`);
        const shot = join(shotDir, `ui-failure-${failures.length}.png`);
        await page.screenshot({ path: shot }).then(() => console.log(`       screenshot: ${shot}`), () => undefined);
      }
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  writeFileSync(resultsFile, JSON.stringify({ passed, failed: failures.length, failures }, null, 2) + '\n');
  console.log(`${passed} passed, ${failures.length} failed`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`UI checks could not run: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
