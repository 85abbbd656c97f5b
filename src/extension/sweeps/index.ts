/**
 * Running sweeps, the trial explorer, sweep commands, trial tasks and the status bar. Every sweep
 * folder under the sweeps folder is followed (whoever started it); views and tasks are driven by
 * the followed journals, and actions go to the runners through the engine's request files.
 */
import * as vscode from 'vscode';
import type { SweepState } from '../../core/journal/state';
import { writeCancelRequest } from '../../core/scheduler/cancelRequest';
import { registerSweepCommands } from './commands';
import { readSweepSettings } from './settings';
import { EndNotifier } from './endNotifier';
import { SweepLauncher } from './sweepLauncher';
import { SweepStatusBar } from './statusBar';
import { SweepTaskProvider } from './sweepTask';
import { SweepTreeProvider } from './sweepTree';
import { SweepWatcher, type SweepChange } from './sweepWatcher';
import { isSweepRunning, trialView, type EndNotification, type TrialSort } from './treeModel';
import { TASK_TYPE, TrialTasks } from './trialTasks';

/** What `_hypersweep.snapshot` returns: the followed sweeps, for tests and diagnostics. */
export interface SweepsSnapshot {
  readonly sweepsFolder: string;
  readonly sweeps: readonly {
    readonly sweepDir: string;
    readonly name: string | undefined;
    readonly status: string;
    readonly running: boolean;
    readonly trials: readonly { readonly id: string; readonly status: string; readonly reason?: string; readonly rerunOf?: string; readonly bestPrimary?: number; readonly row: string }[];
    readonly bestTrialId?: string;
    /** The trial ids in the order the explorer shows them (its sort toggle). */
    readonly treeOrder: readonly string[];
  }[];
  /** The end-of-sweep notifications shown so far (newest last). */
  readonly notifications: readonly (EndNotification & { readonly sweepDir: string })[];
  /** Trials that have a task open now. */
  readonly trialTasks: readonly { readonly sweepDir: string; readonly trialId: string }[];
}

/** What other areas (the Targets view) use from the sweeps area. */
export interface SweepsApi {
  runningStates(): readonly SweepState[];
  readonly onDidChange: vscode.Event<SweepChange>;
  run(specUri: vscode.Uri, target?: string): Promise<string | undefined>;
}

export async function activateSweeps(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<SweepsApi> {
  const changes = new vscode.EventEmitter<SweepChange>();
  const watcher = new SweepWatcher(readSweepSettings().sweepsFolder, (change) => changes.fire(change), {
    onError: (error) => log.warn(`following sweeps: ${error.message}`),
  });
  const launcher = new SweepLauncher({ cliPath: context.asAbsolutePath('dist/cli.js'), execPath: process.execPath }, log);
  const tasks = new TrialTasks(log, () => tasks.fill(watcher.sweeps().filter(isSweepRunning)));
  const statusBar = new SweepStatusBar(watcher);
  const tree = new SweepTreeProvider(watcher);
  const notifier = new EndNotifier();
  const setSort = (sort: TrialSort): void => {
    tree.sort = sort;
    void context.workspaceState.update('hypersweep.trialSort', sort);
    void vscode.commands.executeCommand('setContext', 'hypersweep.trialSort', sort);
  };
  setSort(context.workspaceState.get<TrialSort>('hypersweep.trialSort') === 'best' ? 'best' : 'order');

  changes.event((change) => {
    const sweep = watcher.get(change.dir);
    if (change.removed || !sweep) tasks.forget(change.dir);
    else {
      tasks.update(sweep);
      if (change.events.length > 0) notifier.onEvents(change.dir, sweep.state, change.events);
    }
    // A trial task that ended freed a place under trialTerminals.max: other sweeps' trials may take it.
    tasks.fill(watcher.sweeps().filter(isSweepRunning));
    tree.invalidate(change.removed ? undefined : change.dir);
    statusBar.update();
    void vscode.commands.executeCommand('setContext', 'hypersweep.hasSweeps', watcher.sweeps().length > 0);
  }, undefined, context.subscriptions);

  const treeView = vscode.window.createTreeView('hypersweep.sweeps', { treeDataProvider: tree, showCollapseAll: true });
  // Elapsed times move on while sweeps run: refresh the running sweeps' rows now and then.
  const ticker = setInterval(() => {
    for (const sweep of watcher.sweeps()) if (isSweepRunning(sweep)) tree.invalidate(sweep.dir);
  }, 5000);

  context.subscriptions.push(
    changes,
    tasks,
    statusBar,
    treeView,
    { dispose: () => clearInterval(ticker) },
    tree,
    { dispose: () => watcher.close() },
    vscode.tasks.registerTaskProvider(TASK_TYPE, new SweepTaskProvider(launcher, watcher, changes.event)),
    ...registerSweepCommands(watcher, launcher, () => tree.invalidate(), log, (sweepDir, trialId) => tasks.reveal(sweepDir, trialId)),
    vscode.commands.registerCommand('hypersweep.sortTrialsByBest', () => setSort('best')),
    vscode.commands.registerCommand('hypersweep.sortTrialsByOrder', () => setSort('order')),
    vscode.commands.registerCommand('_hypersweep.snapshot', (): SweepsSnapshot => ({
      sweepsFolder: watcher.root,
      sweeps: watcher.sweeps().map((s) => ({
        sweepDir: s.dir,
        name: s.state.info?.name,
        status: s.state.status,
        running: isSweepRunning(s),
        trials: s.state.trials.map((t) => ({
          id: t.id, status: t.status,
          ...(t.reason !== undefined ? { reason: t.reason } : {}),
          ...(t.rerunOf !== undefined ? { rerunOf: t.rerunOf } : {}),
          ...(t.bestPrimary !== undefined ? { bestPrimary: t.bestPrimary } : {}),
          // The row text the explorer shows (host and GPUs included), for the targets tests.
          row: trialView(t, s.state).description,
        })),
        ...(s.state.bestTrialId !== undefined ? { bestTrialId: s.state.bestTrialId } : {}),
        treeOrder: tree.trialOrder(s.dir),
      })),
      notifications: notifier.told,
      trialTasks: tasks.openTrials(),
    })),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('hypersweep.sweepsFolder')) return;
      // The watcher, tree and tasks all hang off one folder; a reload follows the new one.
      void vscode.window.showInformationMessage('HyperSweep follows the new sweeps folder after a window reload.', 'Reload Window').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.reloadWindow');
      });
    }),
    {
      // Window closing or reloading: sweeps keep running unless the user chose otherwise.
      dispose: () => {
        if (readSweepSettings().keepRunningOnClose) return;
        for (const dir of launcher.startedHere) {
          const sweep = watcher.get(dir);
          if (sweep && isSweepRunning(sweep)) writeCancelRequest(dir, 'vscode');
        }
      },
    },
  );
  await watcher.start();
  // The journals read so far are history; ends from now on are news.
  notifier.startTelling();
  tree.invalidate();
  log.info(`following sweeps in ${watcher.root}`);
  return {
    runningStates: () => watcher.sweeps().filter(isSweepRunning).map((s) => s.state),
    onDidChange: changes.event,
    run: (uri, target) => launcher.run(uri, target),
  };
}
