/** The status bar item while sweeps run: `$(beaker) 7/16 · best 0.101`, opening that sweep's dashboard. */
import * as vscode from 'vscode';
import type { SweepWatcher } from './sweepWatcher';
import { isSweepRunning, statusBarText, sweepView } from './treeModel';

const OPEN_COMMAND = '_hypersweep.openRunningSweep';

export class SweepStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('hypersweep.running', vscode.StatusBarAlignment.Left, 50);
  private readonly openCommand: vscode.Disposable;

  constructor(private readonly watcher: SweepWatcher) {
    this.item.name = 'HyperSweep running sweeps';
    this.item.command = OPEN_COMMAND;
    this.openCommand = vscode.commands.registerCommand(OPEN_COMMAND, async () => {
      const running = this.watcher.sweeps().filter(isSweepRunning);
      let dir = running[0]?.dir;
      if (running.length > 1) {
        const chosen = await vscode.window.showQuickPick(running.map((s) => ({ label: sweepView(s).label, description: sweepView(s).description, dir: s.dir })), { placeHolder: 'Open the dashboard of which sweep?' });
        dir = chosen?.dir;
      }
      if (dir !== undefined) await vscode.commands.executeCommand('hypersweep.openDashboard', { sweepDir: dir });
    });
  }

  update(): void {
    const running = this.watcher.sweeps().filter(isSweepRunning);
    const text = statusBarText(running);
    if (text === undefined) {
      this.item.hide();
      return;
    }
    this.item.text = text;
    this.item.tooltip = running.map((s) => `${sweepView(s).label}: ${sweepView(s).description}`).join('\n') + '\nClick to open the dashboard';
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.openCommand.dispose();
  }
}
