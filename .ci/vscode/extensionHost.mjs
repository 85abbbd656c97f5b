// Runs the mocha suite inside code-server's real (Node) extension host.
//
// code-server's CLI has no --extensionDevelopmentPath/--extensionTestsPath, but its web workbench
// reads both from the `payload` query parameter of the URL it is opened on (as vscode-remote URIs
// whose authority is the host:port the page came from). When the runner's run() settles, the
// extension host exits and the workbench calls window.codeAutomationExit(code): 0 when run()
// resolved, 1 when it rejected or the runner could not be loaded. Everything the extension host
// logs (mocha's spec reporter included) arrives at window.codeAutomationLog(level, args).
import { format } from 'node:util';
import { resolve } from 'node:path';
import { launchBrowser } from './browser.mjs';

/** Startup chatter of the workbench that says nothing about the tests. */
const NOISE = /^(Resolving|Resolved|Creating a socket|Updating additional|\[Service Worker\]|ChatSessionStore|Ignoring fetching additional builtin extensions|Started local extension host|\[LocalProcess|Extension host agent)/;

/** The workbench URL that loads `devPath` as the extension under development and runs `testsPath`. */
export function extensionTestUrl(baseUrl, devPath, testsPath, folder) {
  const base = new URL(baseUrl);
  const remote = (p) => `vscode-remote://${base.host}${resolve(p)}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(devPath)],
    ['extensionTestsPath', remote(testsPath)],
  ]);
  return `${base.origin}/?folder=${encodeURIComponent(resolve(folder))}&payload=${encodeURIComponent(payload)}`;
}

/**
 * Opens the test URL in Chromium and waits for VS Code's exit code (124 after `timeoutMs`).
 * Prints the extension host's output as it arrives; saves a screenshot of the window at the end.
 */
export async function runExtensionTests({ baseUrl, devPath, testsPath, folder, timeoutMs, screenshot, verbose }) {
  const browser = await launchBrowser();
  const { page } = browser;
  try {
    let finish;
    const exited = new Promise((r) => (finish = r));
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (verbose || level !== 'info' || !NOISE.test(line)) {
        console.log(level === 'info' ? line : `[${level}] ${line}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));
    page.on('pageerror', (error) => console.log(`[pageerror] ${error.message}`));
    await page.goto(extensionTestUrl(baseUrl, devPath, testsPath, folder), { waitUntil: 'domcontentloaded' });
    let timer;
    const timedOut = new Promise((r) => (timer = setTimeout(() => r({ code: 124, timedOut: true }), timeoutMs)));
    const result = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (result.timedOut) console.log(`extension tests did not finish within ${timeoutMs} ms`);
    if (screenshot) await page.screenshot({ path: screenshot }).catch(() => {});
    return result.code;
  } finally {
    await browser.close();
  }
}
