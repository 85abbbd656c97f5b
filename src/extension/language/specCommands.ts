/**
 * The spec commands: the CodeLens at the top of a spec (Run Sweep · Validate · Preview Samples),
 * `hypersweep.validateSpec` (re-validate, reveal the Problems panel, report the counts) and
 * `hypersweep.previewSamples` (the first N configurations in a read-only virtual document).
 * Run Sweep itself belongs to the sweeps area (`hypersweep.runSweep`).
 */
import * as vscode from 'vscode';
import { basename, dirname } from 'node:path';
import { nodeFileSystem } from '../../core/spec';
import { previewSamplesText } from '../../core/spec/assist';
import { validateDocument, type SpecDiagnostics } from './diagnostics';
import { isSweepSpec } from './specDocuments';
import { findSweepSpecs } from './specFiles';

/** URI scheme of the read-only sample previews. */
export const PREVIEW_SCHEME = 'hypersweep-preview';

export class SpecCodeLenses implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isSweepSpec(document)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '$(play) Run Sweep', command: 'hypersweep.runSweep', arguments: [document.uri], tooltip: 'Run this sweep on this machine' }),
      new vscode.CodeLens(top, { title: 'Validate', command: 'hypersweep.validateSpec', arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: 'Preview Samples', command: 'hypersweep.previewSamples', arguments: [document.uri], tooltip: 'The first configurations the sampler proposes' }),
    ];
  }
}

/** The preview document URI of a spec: the spec's URI is carried in the query. */
export function previewUri(spec: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${basename(spec.path)}.samples.txt`, query: spec.toString() });
}

/** Provides the text of preview documents, and refreshes open ones when their spec changes. */
export class SamplePreviews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;
  private readonly subscription = vscode.workspace.onDidChangeTextDocument((e) => {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === PREVIEW_SCHEME && document.uri.query === e.document.uri.toString()) this.changes.fire(document.uri);
    }
  });

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const spec = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri.query));
    const count = vscode.workspace.getConfiguration('hypersweep', spec.uri).get<number>('previewSampleCount', 10);
    const local = spec.uri.scheme === 'file';
    return previewSamplesText(spec.getText(), Math.max(1, Math.floor(count)), {
      fileName: basename(spec.fileName),
      ...(local ? { specDir: dirname(spec.fileName), fileSystem: nodeFileSystem } : {}),
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changes.dispose();
  }
}

/** The spec a command acts on: its argument, else the active editor's document if it is a spec. */
async function specDocument(arg: unknown, action: string): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  const active = vscode.window.activeTextEditor?.document;
  if (active && isSweepSpec(active)) return active;
  const files = await findSweepSpecs();
  if (files.length === 0) {
    void vscode.window.showErrorMessage(`HyperSweep: no sweep spec to ${action}. Open a *.sweep.yaml file (or a YAML file with \`type: sweep\`), or create one with "HyperSweep: New Sweep Spec".`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { placeHolder: `Which sweep spec to ${action}?` });
  return picked ? vscode.workspace.openTextDocument(picked.uri) : undefined;
}

/** `hypersweep.validateSpec`: returns the counts so tests and other commands can use them. */
export async function validateSpecCommand(diagnostics: SpecDiagnostics, arg: unknown): Promise<{ errors: number; warnings: number; infos: number } | undefined> {
  const document = await specDocument(arg, 'validate');
  if (!document) return undefined;
  diagnostics.validate(document);
  const found = validateDocument(document);
  const counts = {
    errors: found.filter((d) => d.severity === 'error').length,
    warnings: found.filter((d) => d.severity === 'warning').length,
    infos: found.filter((d) => d.severity === 'info').length,
  };
  const name = basename(document.fileName);
  if (found.length > 0) await vscode.commands.executeCommand('workbench.actions.view.problems');
  const message = counts.errors === 0 && counts.warnings === 0
    ? `${name} is valid${counts.infos > 0 ? ` (${counts.infos} note${counts.infos === 1 ? '' : 's'})` : ''}.`
    : `${name}: ${counts.errors} error${counts.errors === 1 ? '' : 's'}, ${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}${counts.infos > 0 ? `, ${counts.infos} note${counts.infos === 1 ? '' : 's'}` : ''} (see the Problems panel).`;
  if (counts.errors > 0) void vscode.window.showErrorMessage(`HyperSweep: ${message}`);
  else void vscode.window.showInformationMessage(`HyperSweep: ${message}`);
  return counts;
}

/** `hypersweep.previewSamples`: opens the preview beside the spec; returns its document. */
export async function previewSamplesCommand(arg: unknown): Promise<vscode.TextDocument | undefined> {
  const document = await specDocument(arg, 'preview');
  if (!document) return undefined;
  const preview = await vscode.workspace.openTextDocument(previewUri(document.uri));
  await vscode.window.showTextDocument(preview, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  return preview;
}
