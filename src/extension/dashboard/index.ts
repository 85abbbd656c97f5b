/**
 * The sweep dashboard: command `hypersweep.openDashboard` (arg `{ sweepDir }`, else a quick pick
 * of the sweep folders under the workspace's sweeps folder), one panel per sweep (revealed if
 * already open), and a serializer that reopens panels after a window reload.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { SWEEPS_FOLDER, sweepPaths } from '../../core/journal/layout';
import { DASHBOARD_VIEW_TYPE, DashboardPanel, dashboardPanelOptions } from './panel';

/** The open dashboards by sweep folder (exported for the VS Code tests). */
export const openDashboards = new Map<string, DashboardPanel>();

/** Sweep folders (holding a journal) under every workspace folder's sweeps folder. */
function findSweepFolders(): string[] {
  const setting = vscode.workspace.getConfiguration('hypersweep').get<string>('sweepsFolder') || SWEEPS_FOLDER;
  const found: string[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const parent = join(folder.uri.fsPath, setting);
    let names: string[];
    try {
      names = readdirSync(parent);
    } catch {
      continue;
    }
    for (const name of names) {
      const dir = join(parent, name);
      if (existsSync(sweepPaths(dir).journal)) found.push(dir);
    }
  }
  return found.sort();
}

function sweepDirOf(arg: unknown): string | undefined {
  if (typeof arg === 'object' && arg !== null && 'sweepDir' in arg && typeof arg.sweepDir === 'string') return arg.sweepDir;
  if (arg instanceof vscode.Uri && arg.scheme === 'file') return arg.fsPath;
  return undefined;
}

export function activateDashboard(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const track = (dir: string, panel: vscode.WebviewPanel): DashboardPanel => {
    const dashboard = new DashboardPanel(panel, dir, context.extensionUri, log, () => openDashboards.delete(dir));
    openDashboards.set(dir, dashboard);
    return dashboard;
  };

  const open = async (arg?: unknown): Promise<void> => {
    let dir = sweepDirOf(arg);
    if (dir === undefined) {
      const folders = findSweepFolders();
      if (folders.length === 0) {
        void vscode.window.showInformationMessage('HyperSweep: no sweeps in this workspace yet. Run a sweep spec first (HyperSweep: Run Sweep), then open its dashboard.');
        return;
      }
      const pick = await vscode.window.showQuickPick(
        folders.map((f) => ({ label: f.split(/[\\/]/).at(-1) ?? f, description: vscode.workspace.asRelativePath(f), dir: f })),
        { title: 'Open the dashboard of which sweep?' },
      );
      if (!pick) return;
      dir = pick.dir;
    }
    if (!existsSync(sweepPaths(dir).journal)) {
      void vscode.window.showErrorMessage(`HyperSweep: ${dir} holds no sweep journal (journal.jsonl). Pick a folder under ${SWEEPS_FOLDER}/ or start the sweep first.`);
      return;
    }
    const existing = openDashboards.get(dir);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Sweep', vscode.ViewColumn.Active, dashboardPanelOptions(context.extensionUri));
    track(dir, panel);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('hypersweep.openDashboard', open),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown): Promise<void> => {
        const dir = sweepDirOf(state);
        if (dir === undefined || !existsSync(sweepPaths(dir).journal) || openDashboards.has(dir)) {
          panel.dispose(); // the sweep was deleted (or is already shown): nothing to restore
          return Promise.resolve();
        }
        track(dir, panel);
        return Promise.resolve();
      },
    }),
    { dispose: () => { for (const d of openDashboards.values()) d.panel.dispose(); } },
  );
}
