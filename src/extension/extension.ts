/**
 * The HyperSweep VS Code extension: glue between VS Code and the engine in src/core/. It holds no
 * sweep logic of its own. Each area registers its own commands and views with one owner and
 * lifetime (context.subscriptions):
 * - language/: spec IntelliSense, diagnostics, quick fixes, CodeLens, snippets;
 * - sweeps/: running sweeps (runner processes, trials as tasks), the trial explorer, commands,
 *   status bar;
 * - dashboard/: the webview dashboard;
 * - targets/: execution targets (Targets view, Add SSH Target, Check Target, Run Sweep on…).
 */
import * as vscode from 'vscode';
import { activateDashboard } from './dashboard';
import { activateLanguage } from './language';
import { activateSweeps } from './sweeps';
import { activateTargets } from './targets';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('HyperSweep', { log: true });
  context.subscriptions.push(log);
  activateLanguage(context, log);
  const sweeps = await activateSweeps(context, log);
  activateTargets(context, log, sweeps);
  activateDashboard(context, log);
  log.info(`HyperSweep ${String(context.extension.packageJSON.version)} activated`);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
