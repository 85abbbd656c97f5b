// Takes a screenshot of the dashboard of a sweep folder in Debian's Chromium, with the same fake
// host the browser tests use (the real DashboardSession reading the journal). Used for the README
// picture: node --import tsx scripts/screenshot-dashboard.ts .hypersweep/demo media/dashboard.png dark
// With a fourth argument `compare`, the first three trials are compared (media/dashboard-compare.png);
// `importance` or `contour` shows that tab.
import { resolve } from 'node:path';
import { launchBrowser, openDashboard, startPageServer, type ThemeName } from '../test/webview/support';

async function main(): Promise<void> {
  const [dir, out, theme = 'dark', view = 'detail'] = process.argv.slice(2);
  if (!dir || !out) throw new Error('usage: screenshot-dashboard.ts SWEEP_DIR OUT.png [light|dark]');
  const { server, origin } = await startPageServer();
  const context = await launchBrowser();
  try {
    const dashboard = await openDashboard(context, origin, resolve(dir), theme as ThemeName);
    await dashboard.page.setViewportSize({ width: 1400, height: 1000 });
    await dashboard.page.locator('.lb-row').first().click({ timeout: 15_000 });
    await dashboard.page.locator('#detail-command').waitFor({ timeout: 15_000 });
    if (view === 'compare') {
      for (const pos of [1, 2]) await dashboard.page.locator(`.lb-row[data-pos="${pos}"]`).click({ modifiers: ['Control'] });
      await dashboard.page.locator('.lb-row[data-pos="0"]').click({ modifiers: ['Control'] });
      await dashboard.page.locator('#compare-button').click();
    }
    // `importance` or `contour`: that tab (media/dashboard-importance.png, media/dashboard-contour.png).
    if (view === 'importance' || view === 'contour') await dashboard.page.locator(`vscode-tab-header[data-tab=${view}]`).click();
    await new Promise((r) => setTimeout(r, 1500));
    await dashboard.page.screenshot({ path: resolve(out), fullPage: true });
    await dashboard.close();
  } finally {
    await context.close();
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
