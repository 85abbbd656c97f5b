/**
 * The HyperSweep VS Code extension: glue between VS Code and the engine in src/core/. It holds no
 * sweep logic of its own.
 */
import * as vscode from 'vscode';
import { SpecDiagnostics } from './diagnostics';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('HyperSweep', { log: true });
  context.subscriptions.push(log, new SpecDiagnostics());
  log.info('HyperSweep activated');
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
