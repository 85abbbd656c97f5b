/**
 * The dashboard page: a strict Content-Security-Policy (scripts only with the page's nonce, styles
 * and fonts only from the webview's own resource root, no remote anything), the stylesheets, the
 * bundle, and the sweep folder on <body> so the page can save it for panel restoration.
 */
import { randomBytes } from 'node:crypto';

/** Where the page's resources are, as the webview can load them. */
export interface DashboardPageParts {
  /** `webview.cspSource` in VS Code (the origin of the local resources). */
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly codiconUri: string;
  readonly title: string;
  readonly sweepDir: string;
}

/** A fresh nonce: 128 random bits. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** `text` safe inside HTML text and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The Content-Security-Policy for the page. */
export function dashboardCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

/** The whole HTML document. */
export function dashboardHtml(parts: DashboardPageParts): string {
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(dashboardCsp(parts.cspSource, parts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${e(parts.codiconUri)}" nonce="${e(parts.nonce)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${e(parts.styleUri)}" nonce="${e(parts.nonce)}">
<title>${e(parts.title)}</title>
</head>
<body data-sweep-dir="${e(parts.sweepDir)}">
<div id="app"></div>
<script nonce="${e(parts.nonce)}" src="${e(parts.scriptUri)}"></script>
</body>
</html>
`;
}
