/**
 * The browser tests' fake host: serves the real dashboard bundle (dist/webview) in a page with the
 * real CSP on 127.0.0.1, runs the real host (DashboardSession) in this process, and connects the
 * two the way VS Code does: the page's `acquireVsCodeApi().postMessage` reaches the session, and
 * the session's messages arrive in the page as `message` events. Browser: Debian's Chromium driven
 * by playwright-core.
 */
import { after, before } from 'node:test';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { dashboardHtml, makeNonce } from '../../src/core/dashboard/html';
import { DashboardSession, type DashboardActions } from '../../src/core/dashboard/session';
import type { HostToWebview } from '../../src/shared/dashboardProtocol';

export const ROOT = join(__dirname, '..', '..');
const WEBVIEW_DIST = join(ROOT, 'dist', 'webview');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** A few of VS Code's theme variables, enough for the page to look as it does in each theme. */
export const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'foreground': '#3b3b3b', 'editor-background': '#ffffff', 'descriptionForeground': '#717171', 'panel-border': '#e5e5e5',
      'focusBorder': '#005fb8', 'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', 'charts-blue': '#1a85ff',
      'charts-green': '#388a34', 'charts-red': '#e51400', 'charts-yellow': '#bf8803', 'charts-purple': '#652d90', 'charts-orange': '#d18616',
      'charts-lines': 'rgba(59,59,59,0.2)', 'textLink-foreground': '#005fb8', 'button-background': '#005fb8', 'button-foreground': '#ffffff',
      'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'list-hoverBackground': '#f2f2f2', 'progressBar-background': '#005fb8',
      'panelTitle-activeForeground': '#3b3b3b', 'panelTitle-inactiveForeground': '#3b3b3b', 'panelTitle-activeBorder': '#005fb8',
      'settings-textInputBackground': '#ffffff', 'settings-textInputForeground': '#3b3b3b', 'settings-textInputBorder': '#cecece',
      'dropdown-background': '#ffffff', 'dropdown-foreground': '#3b3b3b', 'dropdown-border': '#cecece', 'input-border': '#cecece',
      'settings-dropdownBackground': '#ffffff', 'settings-dropdownForeground': '#3b3b3b', 'settings-dropdownBorder': '#cecece',
      'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'list-inactiveSelectionBackground': '#e4e6f1',
      'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000',
      'font-family': 'sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace', 'textCodeBlock-background': '#f0f0f0',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'foreground': '#cccccc', 'editor-background': '#1f1f1f', 'descriptionForeground': '#9d9d9d', 'panel-border': '#2b2b2b',
      'focusBorder': '#0078d4', 'badge-background': '#616161', 'badge-foreground': '#f8f8f8', 'charts-blue': '#3794ff',
      'charts-green': '#89d185', 'charts-red': '#f14c4c', 'charts-yellow': '#cca700', 'charts-purple': '#b180d7', 'charts-orange': '#d18616',
      'charts-lines': 'rgba(204,204,204,0.2)', 'textLink-foreground': '#4daafc', 'button-background': '#0078d4', 'button-foreground': '#ffffff',
      'input-background': '#313131', 'input-foreground': '#cccccc', 'list-hoverBackground': '#2a2d2e', 'progressBar-background': '#0078d4',
      'panelTitle-activeForeground': '#e7e7e7', 'panelTitle-inactiveForeground': '#9d9d9d', 'panelTitle-activeBorder': '#0078d4',
      'settings-textInputBackground': '#313131', 'settings-textInputForeground': '#cccccc', 'settings-textInputBorder': '#3c3c3c',
      'dropdown-background': '#313131', 'dropdown-foreground': '#cccccc', 'dropdown-border': '#3c3c3c', 'input-border': '#3c3c3c',
      'settings-dropdownBackground': '#313131', 'settings-dropdownForeground': '#cccccc', 'settings-dropdownBorder': '#3c3c3c',
      'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'list-inactiveSelectionBackground': '#37373d',
      'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff',
      'font-family': 'sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace', 'textCodeBlock-background': '#2b2b2b',
    },
  },
  /** VS Code's "Dark High Contrast": black, white text, cyan borders, orange focus. */
  highContrast: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      'foreground': '#ffffff', 'editor-background': '#000000', 'descriptionForeground': '#ffffff', 'panel-border': '#6fc3df',
      'contrastBorder': '#6fc3df', 'contrastActiveBorder': '#f38518',
      'focusBorder': '#f38518', 'badge-background': '#000000', 'badge-foreground': '#ffffff', 'charts-blue': '#3794ff',
      'charts-green': '#89d185', 'charts-red': '#f48771', 'charts-yellow': '#ffd700', 'charts-purple': '#b180d7', 'charts-orange': '#d18616',
      'charts-lines': 'rgba(255,255,255,0.5)', 'textLink-foreground': '#21a6ff', 'button-background': '#000000', 'button-foreground': '#ffffff',
      'input-background': '#000000', 'input-foreground': '#ffffff', 'list-hoverBackground': '#000000', 'progressBar-background': '#6fc3df',
      'panelTitle-activeForeground': '#ffffff', 'panelTitle-inactiveForeground': '#ffffff', 'panelTitle-activeBorder': '#6fc3df',
      'settings-textInputBackground': '#000000', 'settings-textInputForeground': '#ffffff', 'settings-textInputBorder': '#6fc3df',
      'dropdown-background': '#000000', 'dropdown-foreground': '#ffffff', 'dropdown-border': '#6fc3df', 'input-border': '#6fc3df',
      'settings-dropdownBackground': '#000000', 'settings-dropdownForeground': '#ffffff', 'settings-dropdownBorder': '#6fc3df',
      'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff', 'list-inactiveSelectionBackground': '#000000',
      'list-activeSelectionBackground': '#000000', 'list-activeSelectionForeground': '#ffffff',
      'font-family': 'sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace', 'textCodeBlock-background': '#000000',
    },
  },
} as const;
export type ThemeName = keyof typeof THEMES;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

/** Serves `/?dir=<sweepDir>` (the page) and `/webview/<file>` (the bundle) on 127.0.0.1. */
export async function startPageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(dashboardHtml({
        cspSource: origin, nonce: makeNonce(), scriptUri: '/webview/dashboard.js', styleUri: '/webview/dashboard-style.css',
        codiconUri: '/webview/codicon.css', title: 'dashboard test', sweepDir: url.searchParams.get('dir') ?? '',
      }));
      return;
    }
    const name = url.pathname.replace(/^\/webview\//, '');
    if (!/^[\w.-]+$/.test(name)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(WEBVIEW_DIST, name));
      res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test server has no port');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

/** A fresh headless Chromium profile. */
export async function launchBrowser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'hypersweep-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** The page global the fake host calls (the Node-side tsconfig has no DOM types). */
interface PageGlobals {
  postMessage(message: unknown, targetOrigin: string): void;
}

/** What the fake host recorded besides forwarding. */
export interface OpenedDashboard {
  readonly page: Page;
  readonly session: DashboardSession;
  readonly commands: { command: string; ref: object }[];
  readonly posted: HostToWebview[];
  /** When each message was posted (epoch ms), parallel to `posted`. */
  readonly postedAt: number[];
  close(): Promise<void>;
}

/** Opens the dashboard of `sweepDir` in a new page of `context`, themed, with a live session. */
export async function openDashboard(context: BrowserContext, origin: string, sweepDir: string, theme: ThemeName = 'light', batchMs = 150): Promise<OpenedDashboard> {
  const page = await context.newPage();
  const commands: { command: string; ref: object }[] = [];
  const posted: HostToWebview[] = [];
  const postedAt: number[] = [];
  const actions: DashboardActions = {
    runCommand: (command, ref) => {
      commands.push({ command, ref });
      return Promise.resolve();
    },
    save: (_kind, name) => Promise.resolve(`/tmp/${name}`),
  };
  // Messages go to the page one after another, in order, like VS Code's message channel.
  let delivery = Promise.resolve();
  const session = new DashboardSession(sweepDir, (message) => {
    posted.push(message);
    postedAt.push(Date.now());
    delivery = delivery.then(() => page.evaluate((m) => (globalThis as unknown as PageGlobals).postMessage(m, '*'), message)).catch(() => undefined);
  }, actions, { batchMs, curvesIntervalMs: 500, pollIntervalMs: 100 });
  await page.exposeFunction('hypersweepHostReceive', (message: unknown) => session.handleMessage(message));
  const { bodyClass, vars } = THEMES[theme];
  // Given as source text: tsx compiles functions with name helpers that do not exist in the page.
  await page.addInitScript(`(() => {
    let state;
    globalThis.acquireVsCodeApi = () => ({
      postMessage: (m) => globalThis.hypersweepHostReceive(m),
      getState: () => state,
      setState: (s) => { state = s; },
    });
    // VS Code sets the theme's variables on <html> and a theme class on <body>.
    document.addEventListener('DOMContentLoaded', () => {
      for (const [name, value] of Object.entries(${JSON.stringify(vars)})) document.documentElement.style.setProperty('--vscode-' + name, value);
      document.body.classList.add(${JSON.stringify(bodyClass)});
    });
  })();`);
  // The page loads while the host reads the journal, as in VS Code; a long journal arrives in
  // chunks, so the first view comes before the reading is done.
  const started = session.start();
  started.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
  await page.goto(`${origin}/?dir=${encodeURIComponent(sweepDir)}`);
  await started;
  return {
    page, session, commands, posted, postedAt,
    close: async () => {
      session.dispose();
      await page.close();
    },
  };
}

/**
 * The page server and browser one test file shares: started in `before`, closed in `after`.
 * `open` is {@link openDashboard} on them.
 */
export function useDashboardPages(): { open(sweepDir: string, theme?: ThemeName, batchMs?: number): Promise<OpenedDashboard> } {
  let server: Server | undefined;
  let origin = '';
  let browser: BrowserContext | undefined;
  before(async () => {
    ({ server, origin } = await startPageServer());
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });
  return {
    open(sweepDir, theme, batchMs) {
      if (!browser) throw new Error('the browser starts in before(): open dashboards inside tests');
      return openDashboard(browser, origin, sweepDir, theme, batchMs);
    },
  };
}

/**
 * WCAG contrast of every visible text element of the page against the background it is drawn on
 * (the nearest ancestor with an opaque background), computed in the page: the lowest ratio found
 * and the start of that element's text.
 */
const WORST_CONTRAST = `(() => {
  const rgb = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null; const p = m[1].split(',').map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const lum = ({ r, g, b }) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; } return { r: 0, g: 0, b: 0, a: 1 }; };
  let worst = { ratio: 99, text: '' };
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!own || el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    const fg = rgb(getComputedStyle(el).color); if (!fg) continue;
    const a = lum(fg), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < worst.ratio) worst = { ratio, text: el.textContent.trim().slice(0, 40) };
  }
  return worst;
})()`;

export async function worstContrast(page: Page): Promise<{ ratio: number; text: string }> {
  return (await page.evaluate(WORST_CONTRAST)) as { ratio: number; text: string };
}
