/** Spec language support: live diagnostics (more features register here). */
import type * as vscode from 'vscode';
import { SpecDiagnostics } from './diagnostics';

export function activateLanguage(context: vscode.ExtensionContext, _log: vscode.LogOutputChannel): void {
  context.subscriptions.push(new SpecDiagnostics());
}
