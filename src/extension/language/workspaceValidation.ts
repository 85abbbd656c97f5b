/**
 * Workspace-wide validation (`hypersweep.validation.workspace`, on by default): every sweep spec
 * of the workspace is validated from disk, open or not, so its problems stay in the Problems
 * view after its editor closes, as other language extensions do for their files. Specs are found
 * by specFiles.ts (names and a cheap `type: sweep` scan); a file watcher keeps them current.
 * Open documents stay with the live validation (diagnostics.ts), which sees unsaved text.
 * Turning the setting off removes the problems of specs that are not open.
 */
import * as vscode from 'vscode';
import type { SpecDiagnostics } from './diagnostics';
import { currentText, findSweepSpecs, isSweepSpecUri, YAML_GLOB } from './specFiles';

export const WORKSPACE_VALIDATION_SETTING = 'validation.workspace';

function enabled(): boolean {
  return vscode.workspace.getConfiguration('hypersweep').get<boolean>(WORKSPACE_VALIDATION_SETTING, true);
}

function isOpen(uri: vscode.Uri): boolean {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
}

/** Whether `uri` is under a folder the scan skips. */
function excluded(uri: vscode.Uri): boolean {
  return /\/(node_modules|\.hypersweep|\.git)\//.test(uri.path);
}

export class WorkspaceValidation implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private scan: vscode.CancellationTokenSource | undefined;
  /** Resolves when the current full scan is done (tests and the command wait on it). */
  ready: Promise<void> = Promise.resolve();

  constructor(private readonly diagnostics: SpecDiagnostics, private readonly log: vscode.LogOutputChannel) {
    diagnostics.keepWhenClosed = async (uri) => enabled() && !excluded(uri) && (await this.revalidate(uri));
    const watcher = vscode.workspace.createFileSystemWatcher(YAML_GLOB);
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate((uri) => void this.revalidate(uri)),
      watcher.onDidChange((uri) => void this.revalidate(uri)),
      watcher.onDidDelete((uri) => diagnostics.clear(uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`hypersweep.${WORKSPACE_VALIDATION_SETTING}`)) this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
    );
    this.refresh();
  }

  /** Re-validates one closed file from disk; true when it is a spec whose problems are shown. */
  private async revalidate(uri: vscode.Uri): Promise<boolean> {
    if (!enabled() || excluded(uri) || isOpen(uri)) return false;
    if (!(await isSweepSpecUri(uri))) {
      this.diagnostics.clear(uri);
      return false;
    }
    const text = await currentText(uri);
    if (text === undefined || isOpen(uri)) return false;
    this.diagnostics.setFromText(uri, text);
    return true;
  }

  /** A full scan when on; when off, the problems of closed files go. */
  refresh(): void {
    this.scan?.cancel();
    this.scan?.dispose();
    if (!enabled()) {
      this.scan = undefined;
      for (const uri of this.diagnostics.uris()) if (!isOpen(uri)) this.diagnostics.clear(uri);
      this.ready = Promise.resolve();
      return;
    }
    const scan = new vscode.CancellationTokenSource();
    this.scan = scan;
    this.ready = findSweepSpecs(scan.token)
      .then(async (specs) => {
        for (const uri of specs) {
          if (scan.token.isCancellationRequested) return;
          await this.revalidate(uri);
        }
      })
      .catch((error: unknown) => this.log.warn(`Workspace validation could not scan the workspace: ${String(error)}`));
  }

  dispose(): void {
    this.scan?.cancel();
    this.scan?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
