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
  sweeps: { sweepDir: string; name?: string; status: string; running: boolean; bestTrialId?: string; treeOrder: string[]; trials: { id: string; status: string; reason?: string; rerunOf?: string; bestPrimary?: number }[] }[];
  trialTasks: { sweepDir: string; trialId: string }[];
  notifications: { sweepDir: string; severity: string; text: string }[];
}

const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
const specPath = join(workspace, 'sweeps', 'quick.sweep.yaml');
const manySpecPath = join(workspace, 'sweeps', 'many.sweep.yaml');

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
    // Stop Sweep asks first (a modal the UI check answers); here the confirmation is turned off.
    await vscode.workspace.getConfiguration('hypersweep').update('confirmStopSweep', false, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('hypersweep.stopSweep', { sweepDir: out });
    } finally {
      await vscode.workspace.getConfiguration('hypersweep').update('confirmStopSweep', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('the CLI sweep to be canceled', async () => ((await snapshot()).sweeps.find((s) => s.sweepDir === out)?.status === 'Canceled' ? true : undefined));
    assert.equal(await exited, 130);
  });
});

suite('trial tasks', function () {
  this.timeout(120_000);

  test('every trial task ends with its trial, planned stops exit 0, at most trialTerminals.max at once', async () => {
    const config = vscode.workspace.getConfiguration('hypersweep');
    await config.update('trialTerminals.max', 2, vscode.ConfigurationTarget.Workspace);
    const isTrialTask = (task: vscode.Task) => task.definition.type === 'hypersweep' && typeof task.definition['trialId'] === 'string';
    const open = new Set<string>();
    let mostOpen = 0;
    const exitCodes = new Map<string, number | undefined>();
    const listeners = [
      vscode.tasks.onDidStartTask((e) => {
        if (!isTrialTask(e.execution.task)) return;
        open.add(String(e.execution.task.definition['trialId']));
        mostOpen = Math.max(mostOpen, open.size);
      }),
      vscode.tasks.onDidEndTask((e) => {
        if (isTrialTask(e.execution.task)) open.delete(String(e.execution.task.definition['trialId']));
      }),
      vscode.tasks.onDidEndTaskProcess((e) => {
        if (isTrialTask(e.execution.task)) exitCodes.set(String(e.execution.task.definition['trialId']), e.exitCode);
      }),
    ];
    try {
      const dir = await vscode.commands.executeCommand<string | undefined>('hypersweep.runSweep', vscode.Uri.file(manySpecPath));
      assert.ok(dir, 'Run Sweep returns the sweep folder');
      const ended = await until('the 18-trial sweep to end', async () => {
        const sweep = (await snapshot()).sweeps.find((s) => s.sweepDir === dir);
        return sweep && !sweep.running && sweep.status !== 'Running' && sweep.status !== 'NotStarted' ? sweep : undefined;
      }, 90_000);
      assert.equal(ended.status, 'Completed');
      const leftover = () => vscode.tasks.taskExecutions.filter((e) => isTrialTask(e.task) && e.task.definition['sweepDir'] === dir);
      await until('no trial task left', async () => (leftover().length === 0 ? true : undefined), 20_000).catch(() => {
        throw new Error(`trial tasks still running after the sweep ended: ${leftover().map((e) => String(e.task.definition['trialId'])).join(', ')}`);
      });
      assert.deepEqual((await snapshot()).trialTasks.filter((t) => t.sweepDir === dir), []);
      assert.ok(mostOpen <= 2, `at most 2 trial tasks at once (trialTerminals.max), saw ${mostOpen}`);
      const stopped = ended.trials.filter((t) => t.status === 'Canceled' && t.reason === 'early_termination').map((t) => t.id);
      assert.ok(stopped.length > 0, 'the bandit policy stopped some trials');
      const errorExits = stopped.filter((id) => exitCodes.has(id) && exitCodes.get(id) !== 0);
      console.log(`      ${exitCodes.size} trial task processes ended (${[...exitCodes].map(([id, c]) => `${id}=${String(c)}`).join(' ')}); most open at once ${mostOpen}`);
      assert.deepEqual(errorExits, [], `early-terminated trials whose task ended with an error exit code: ${errorExits.map((id) => `${id}=${String(exitCodes.get(id))}`).join(', ')}`);
      // The end was told (hypersweep.notifyOnEnd), as information with the best trial.
      const told = (await snapshot()).notifications.filter((n) => n.sweepDir === dir);
      assert.equal(told.length, 1, 'one end notification');
      assert.equal(told[0]?.severity, 'info');
      assert.match(told[0]?.text ?? '', /^Sweep many completed \(max total trials\): 18 trials; best loss 0\.10\d* \(many_\d+\)\.$/);
      // The explorer can sort by best: the best trial (starred) first, then back to creation order.
      await vscode.commands.executeCommand('hypersweep.sortTrialsByBest');
      const sorted = (await snapshot()).sweeps.find((s) => s.sweepDir === dir);
      assert.ok(sorted?.bestTrialId);
      assert.equal(sorted.treeOrder[0], sorted.bestTrialId);
      const values = sorted.treeOrder.map((id) => sorted.trials.find((t) => t.id === id)?.bestPrimary ?? Infinity);
      assert.deepEqual(values, [...values].sort((a, b) => a - b), 'best first, ascending loss (goal minimize)');
      await vscode.commands.executeCommand('hypersweep.sortTrialsByOrder');
      assert.deepEqual((await snapshot()).sweeps.find((s) => s.sweepDir === dir)?.treeOrder, sorted.trials.map((t) => t.id));
    } finally {
      for (const l of listeners) l.dispose();
      await config.update('trialTerminals.max', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a sweep whose trials all fail ends with an error notification', async () => {
    const dir = await vscode.commands.executeCommand<string | undefined>('hypersweep.runSweep', vscode.Uri.file(join(workspace, 'sweeps', 'fail.sweep.yaml')));
    assert.ok(dir);
    const told = await until('the end notification', async () => (await snapshot()).notifications.find((n) => n.sweepDir === dir), 60_000);
    assert.equal(told.severity, 'error');
    assert.match(told.text, /^Sweep all-fail failed \(all trials failed\): 2 trials; no loss value was reported\./);
  });

  test("the runner's MLflow port is kept out of VS Code's port auto-forwarding", () => {
    // The runner (which serves the MLflow endpoint) is `node …/dist/cli.js run|resume …`; the
    // extension's configurationDefaults give it `onAutoForward: ignore` in remote.portsAttributes.
    const cli = join(vscode.extensions.getExtension('hypersweep.hypersweep')?.extensionPath ?? '', 'dist', 'cli.js');
    const attributes = vscode.workspace.getConfiguration('remote').get<Record<string, { onAutoForward?: string }>>('portsAttributes') ?? {};
    for (const commandLine of [`${process.execPath} ${cli} run ${manySpecPath} --out /w/.hypersweep/many --name many`, `${process.execPath} ${cli} resume /w/.hypersweep/many`]) {
      const entry = Object.entries(attributes).find(([key]) => !/^\d+(-\d+)?$/.test(key) && new RegExp(key).test(commandLine));
      assert.equal(entry?.[1].onAutoForward, 'ignore', `no portsAttributes entry ignores ${commandLine}: ${JSON.stringify(attributes)}`);
    }
  });
});
