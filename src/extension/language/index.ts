/**
 * Spec language support: live and workspace-wide diagnostics, quick fixes, completion (with the
 * HyperSweep snippets), hover, CodeLens, the sample
 * preview and the spec commands. Providers attach to YAML documents and answer only for sweep
 * specs (specDocuments.ts). Nothing here starts a process, so it all works in untrusted
 * workspaces too.
 */
import * as vscode from 'vscode';
import { SpecCompletions, SpecHovers } from './assistProviders';
import { SpecDiagnostics } from './diagnostics';
import { newSweepSpecCommand } from './newSweepSpec';
import { SpecQuickFixes } from './quickFixes';
import { PREVIEW_SCHEME, previewSamplesCommand, SamplePreviews, SpecCodeLenses, validateSpecCommand } from './specCommands';
import { WorkspaceValidation } from './workspaceValidation';

const YAML: vscode.DocumentSelector = [{ language: 'yaml' }];

export function activateLanguage(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const diagnostics = new SpecDiagnostics();
  const workspaceValidation = new WorkspaceValidation(diagnostics, log);
  const previews = new SamplePreviews();
  const report = (what: string) => (error: unknown): undefined => {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`${what} failed: ${message}`);
    void vscode.window.showErrorMessage(`HyperSweep: ${what} failed: ${message}`);
    return undefined;
  };
  context.subscriptions.push(
    diagnostics,
    workspaceValidation,
    previews,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    vscode.languages.registerCodeActionsProvider(YAML, new SpecQuickFixes(), { providedCodeActionKinds: SpecQuickFixes.kinds }),
    vscode.languages.registerCompletionItemProvider(YAML, new SpecCompletions(log), ...SpecCompletions.triggerCharacters),
    vscode.languages.registerHoverProvider(YAML, new SpecHovers()),
    vscode.languages.registerCodeLensProvider(YAML, new SpecCodeLenses()),
    vscode.commands.registerCommand('hypersweep.validateSpec', (arg: unknown) => validateSpecCommand(diagnostics, arg).catch(report('Validate'))),
    vscode.commands.registerCommand('hypersweep.previewSamples', (arg: unknown) => previewSamplesCommand(arg).catch(report('Preview Samples'))),
    vscode.commands.registerCommand('hypersweep.newSweepSpec', (arg: unknown) => newSweepSpecCommand(arg).catch(report('New Sweep Spec'))),
  );
}
