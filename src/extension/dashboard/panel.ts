/**
 * One dashboard webview panel per sweep folder: creates (or restores) the panel, gives it the
 * page, and connects it to a DashboardSession (src/core/dashboard/session.ts) whose buttons run
 * the sweeps area's commands and whose exports go through a save dialog.
 */
import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { dashboardHtml, makeNonce } from '../../core/dashboard/html';
import { DashboardSession } from '../../core/dashboard/session';

/** The panel type registered with the serializer. */
export const DASHBOARD_VIEW_TYPE = 'hypersweep.dashboard';

/** Options every dashboard panel is created with. */
export function dashboardPanelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}

/** An open dashboard. */
export class DashboardPanel {
  private readonly session: DashboardSession;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly sweepDir: string,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    onDispose: () => void,
  ) {
    const webview = panel.webview;
    webview.options = dashboardPanelOptions(extensionUri);
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const uri = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
    panel.title = `Sweep: ${basename(sweepDir)}`;
    webview.html = dashboardHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: uri('dashboard.js'),
      styleUri: uri('dashboard-style.css'),
      codiconUri: uri('codicon.css'),
      title: panel.title,
      sweepDir,
    });
    this.session = new DashboardSession(sweepDir, (message) => {
      void webview.postMessage(message);
    }, {
      runCommand: async (command, ref) => {
        await vscode.commands.executeCommand(`hypersweep.${command}`, ref);
      },
      save: (kind, name, data) => this.save(kind, name, data),
    }, {
      onError: (error) => log.error(`Dashboard for ${sweepDir}: ${error.message}`),
      // Progress in the tab title, so a glance at the tab says how far the sweep is.
      onHeader: (header) => {
        panel.title = `Sweep: ${header.name} (${header.done}/${header.total}${header.status === 'Running' ? ', running' : ''})`;
      },
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => {
        this.session.handleMessage(message).catch((err: unknown) => log.error(`Dashboard message failed: ${String(err)}`));
      }),
      panel.onDidDispose(() => {
        this.session.dispose();
        for (const d of this.disposables) d.dispose();
        onDispose();
      }),
    );
    this.session.start().catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      log.error(`Cannot follow the journal of ${sweepDir}: ${message}`);
      void vscode.window.showErrorMessage(`HyperSweep: cannot read the sweep in ${sweepDir} (${message}). Check that the folder holds a journal.jsonl.`);
    });
  }

  private async save(kind: 'csv' | 'png', suggestedName: string, data: Uint8Array): Promise<string | undefined> {
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(vscode.Uri.file(this.sweepDir), suggestedName),
      filters: kind === 'csv' ? { 'CSV files': ['csv'] } : { 'PNG images': ['png'] },
      saveLabel: kind === 'csv' ? 'Export Leaderboard' : 'Save Chart',
    });
    if (!target) return undefined;
    if (target.scheme === 'file') await fs.writeFile(target.fsPath, data);
    else await vscode.workspace.fs.writeFile(target, data);
    this.log.info(`Dashboard export saved to ${target.toString(true)}`);
    return target.scheme === 'file' ? target.fsPath : target.toString(true);
  }

  /** Reads anything new in the journal now (e.g. after a command changed the sweep). */
  refresh(): Promise<void> {
    return this.session.refresh();
  }

  /** The session's replayed state, for tests. */
  get state(): DashboardSession['current'] {
    return this.session.current;
  }
}
