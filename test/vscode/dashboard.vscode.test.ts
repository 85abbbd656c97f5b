/**
 * The dashboard inside a real VS Code: Open Dashboard on a finished sweep (a real journal in the
 * workspace fixture) opens a webview panel whose title shows the sweep's progress; on a sweep
 * that the CLI is running in another process, the same panel follows it to its end. The title is
 * written from the host's headers, so it changing proves the live journal reaches the dashboard.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
const finishedDir = join(workspace, '.hypersweep', 'dash-finished');
const liveDir = join(workspace, '.hypersweep', 'dash-live');

function dashboardTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('hypersweep.dashboard'));
}

async function until<T>(what: string, get: () => T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; dashboard tabs: ${dashboardTabs().map((t) => t.label).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('dashboard', function () {
  this.timeout(90_000);

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(liveDir, { recursive: true, force: true });
  });

  test('Open Dashboard on a finished sweep opens one panel with its progress', async () => {
    await vscode.commands.executeCommand('hypersweep.openDashboard', { sweepDir: finishedDir });
    const tab = await until('the dashboard panel of the finished sweep', () => dashboardTabs().find((t) => t.label.includes('(12/12)')));
    assert.match(tab.label, /^Sweep: dash-small \(12\/12\)$/);
    // Opening it again reveals the same panel instead of a second one.
    await vscode.commands.executeCommand('hypersweep.openDashboard', { sweepDir: finishedDir });
    assert.equal(dashboardTabs().length, 1);
  });

  test('a dashboard on a sweep the CLI is running follows it to the end', async () => {
    const extension = vscode.extensions.all.find((e) => e.packageJSON.name === 'hypersweep');
    assert.ok(extension, 'the HyperSweep extension is installed');
    rmSync(liveDir, { recursive: true, force: true });
    const spec = join(workspace, 'dashboard', 'live.sweep.yaml');
    const runner = spawn(process.execPath, [join(extension.extensionPath, 'bin', 'hypersweep.js'), 'run', spec, '--out', liveDir], { stdio: 'ignore', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    const exited = new Promise<number | null>((resolve) => runner.on('exit', resolve));
    try {
      await until('the live journal', () => existsSync(join(liveDir, 'journal.jsonl')) || undefined, 20_000);
      await vscode.commands.executeCommand('hypersweep.openDashboard', { sweepDir: liveDir });
      const running = await until('a running title', () => dashboardTabs().find((t) => /^Sweep: dash-live \(\d+\/12, running\)$/.test(t.label)));
      assert.ok(running);
      const done = await until('the finished title', () => dashboardTabs().find((t) => t.label === 'Sweep: dash-live (12/12)'), 60_000);
      assert.ok(done, 'the panel followed the sweep to its end');
      assert.equal(await exited, 0);
    } finally {
      runner.kill();
    }
  });
});
