/** Running sweeps, the trial explorer, sweep commands and the status bar (registered here). */
import type * as vscode from 'vscode';

export async function activateSweeps(_context: vscode.ExtensionContext, _log: vscode.LogOutputChannel): Promise<void> {
  // Filled in by the sweeps area.
}
