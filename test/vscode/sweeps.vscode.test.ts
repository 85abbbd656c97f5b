/**
 * The sweeps area inside a real VS Code: Run Sweep runs a real sweep (detached runner) whose
 * trials appear as tasks and in the explorer; terminating a trial's task cancels the trial
 * (Canceled, reason user); Rerun creates a new trial with the same parameters; a sweep started by
 * the CLI in another process shows up live and Stop works on it.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

interface Snapshot {
  sweepsFolder: string;
  sweeps: { sweepDir: string; name?: string; status: string; running: boolean; trials: { id: string; status: string; reason?: string; rerunOf?: string }[] }[];
  trialTasks: { sweepDir: string; trialId: string }[];
}

const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
const specPath = join(workspace, 'sweeps', 'quick.sweep.yaml');

async function snapshot(): Promise<Snapshot> {
  return vscode.commands.executeCommand<Snapshot>('_hypersweep.snapshot');
}

async function until<T>(what: string, get: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('sweeps', function () {
  this.timeout(90_000);
  let sweepDir = '';

  suiteSetup(async () => {
    await vscode.extensions.getExtension('hypersweep.hypersweep')?.activate();
  });

  test('Run Sweep runs a real sweep whose trials appear as tasks and in the tree', async () => {
    const dir = await vscode.commands.executeCommand<string | undefined>('hypersweep.runSweep', vscode.Uri.file(specPath));
    assert.ok(dir, 'Run Sweep returns the sweep folder');
    sweepDir = dir;
    await until('a trial task', async () => {
      const tasks = vscode.tasks.taskExecutions.filter((e) => e.task.definition.type === 'hypersweep' && e.task.definition['sweepDir'] === sweepDir);
      return tasks.length > 0 ? tasks : undefined;
    });
    await until('finished trials in the tree', async () => (await snapshot()).sweeps.find((s) => s.sweepDir === sweepDir)?.trials.filter((t) => t.status === 'Completed').length === 2 ? true : undefined);
  });

  test('terminating a trial task cancels the trial with reason user', async () => {
    const execution = await until('the hanging trial task', async () => {
      const snap = await snapshot();
      const hanging = snap.sweeps.find((s) => s.sweepDir === sweepDir)?.trials.find((t) => t.status === 'Running');
      return hanging ? vscode.tasks.taskExecutions.find((e) => e.task.definition['trialId'] === hanging.id) : undefined;
    });
    const trialId = String(execution.task.definition['trialId']);
    // What the trash icon does: kill the task's terminal, which closes its pseudoterminal.
    // (TaskExecution.terminate() from an extension finds no task for CustomExecution tasks in
    // VS Code 1.100: "Task to terminate not found".)
    const terminal = await until('the trial terminal', async () => vscode.window.terminals.find((t) => t.name.includes(trialId)));
    terminal.dispose();
    await until('the trial to be canceled', async () => {
      const trial = (await snapshot()).sweeps.find((s) => s.sweepDir === sweepDir)?.trials.find((t) => t.id === trialId);
      return trial?.status === 'Canceled' && trial.reason === 'user' ? true : undefined;
    });
  });

  test('Rerun Trial creates a new trial with the same parameters', async () => {
    await until('the sweep to end', async () => ((await snapshot()).sweeps.find((s) => s.sweepDir === sweepDir)?.running === false ? true : undefined), 60_000);
    const before = (await snapshot()).sweeps.find((s) => s.sweepDir === sweepDir);
    const completed = before?.trials.find((t) => t.status === 'Completed');
    assert.ok(completed);
    await vscode.commands.executeCommand('hypersweep.rerunTrial', { sweepDir, trialId: completed.id });
    await until('the re-run to complete', async () => {
      const trials = (await snapshot()).sweeps.find((s) => s.sweepDir === sweepDir)?.trials ?? [];
      return trials.some((t) => t.rerunOf === completed.id && t.status === 'Completed') ? true : undefined;
    }, 60_000);
  });

  test('a sweep started by the CLI elsewhere shows up live, and Stop works on it', async () => {
    const cli = join(vscode.extensions.getExtension('hypersweep.hypersweep')?.extensionPath ?? '', 'dist', 'cli.js');
    assert.ok(existsSync(cli), 'the CLI bundle is built');
    const out = join((await snapshot()).sweepsFolder, 'from-cli');
    const child = spawn(process.execPath, [cli, 'run', specPath, '--out', out, '--name', 'from-cli'], { cwd: workspace, stdio: 'ignore', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await until('the CLI sweep in the tree', async () => ((await snapshot()).sweeps.find((s) => s.sweepDir === out)?.running ? true : undefined));
    await vscode.commands.executeCommand('hypersweep.stopSweep', { sweepDir: out });
    await until('the CLI sweep to be canceled', async () => ((await snapshot()).sweeps.find((s) => s.sweepDir === out)?.status === 'Canceled' ? true : undefined));
    assert.equal(await exited, 130);
  });
});
