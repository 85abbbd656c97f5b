// Debian's Chromium driven by playwright-core, as both test stages use it: a headless browser is
// needed even for the extension-host tests, because code-server starts an extension host only
// for a connected workbench.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.HYPERSWEEP_E2E_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/**
 * Starts a headless Chromium with a fresh profile (Playwright refuses --user-data-dir in args, so
 * the profile goes through launchPersistentContext). Returns the page and a close() that also
 * removes the profile.
 */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'hypersweep-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: CHROMIUM_ARGS,
    // Chromium's crash reporter writes under $XDG_CONFIG_HOME/chromium even with a profile dir.
    env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: join(profile, '.config') },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
