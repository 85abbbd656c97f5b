/** The sweep dashboard webview (registered here). */
import type * as vscode from 'vscode';

export function activateDashboard(_context: vscode.ExtensionContext, _log: vscode.LogOutputChannel): void {
  // Filled in by the dashboard area.
}
