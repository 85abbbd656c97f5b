/**
 * Execution targets in VS Code: the Targets view (targets, hosts, reachability, GPUs, free
 * slots), Add SSH Target, Check Target, Run Sweep on…, and editing support for
 * `hypersweep.targets.yaml`. Busy slots come from the running sweeps the sweeps area follows.
 */
import * as vscode from 'vscode';
import type { SweepState } from '../../core/journal/state';
import { registerTargetCommands, type TargetsHost } from './commands';
import type { HostCheck } from './hostCheck';
import type { SlurmCheck } from './slurmCheck';
import { readWorkspaceTargets } from './targetsConfig';
import { registerTargetsLanguage } from './targetsLanguage';
import { busySlots, targetRows, type TargetRow } from './targetsModel';
import { slurmQueues } from './slurmQueue';
import { TargetsTreeProvider } from './targetsTree';

/** What the targets area uses from the sweeps area. */
export interface SweepsForTargets {
  /** States of the followed sweeps whose runner is at work. */
  runningStates(): readonly SweepState[];
  readonly onDidChange: vscode.Event<unknown>;
  run(specUri: vscode.Uri, target?: string): Promise<string | undefined>;
}

/** What `_hypersweep.targetsSnapshot` returns, for tests. */
export interface TargetsSnapshot {
  readonly rows: readonly TargetRow[];
  readonly diagnostics: readonly string[];
}

export function activateTargets(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, sweeps: SweepsForTargets): void {
  const checks = new Map<string, HostCheck>();
  const slurmChecks = new Map<string, SlurmCheck>();
  let diagnostics: readonly string[] = [];
  const tree = new TargetsTreeProvider(() => {
    const loaded = readWorkspaceTargets();
    diagnostics = loaded.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);
    const running = sweeps.runningStates();
    return targetRows(loaded.targets, loaded.sources, checks, busySlots(running), undefined, { queues: slurmQueues(running), checks: slurmChecks });
  });
  const refresh = (): void => {
    tree.refresh();
  };
  const host: TargetsHost = { run: (uri, target) => sweeps.run(uri, target), checks, slurmChecks, refresh, log };
  const view = vscode.window.createTreeView('hypersweep.targets', { treeDataProvider: tree });
  const fileWatcher = vscode.workspace.createFileSystemWatcher('**/hypersweep.targets.{yaml,yml}');
  // Busy slots change with trials starting and ending; the journal changes arrive often, so redraw at most every second.
  let pending: NodeJS.Timeout | undefined;
  const soon = (): void => {
    pending ??= setTimeout(() => {
      pending = undefined;
      refresh();
    }, 1000);
  };
  context.subscriptions.push(
    tree,
    view,
    fileWatcher,
    fileWatcher.onDidCreate(refresh),
    fileWatcher.onDidChange(refresh),
    fileWatcher.onDidDelete(refresh),
    sweeps.onDidChange(soon),
    { dispose: () => clearTimeout(pending) },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('hypersweep.targets')) refresh();
    }),
    ...registerTargetCommands(host),
    ...registerTargetsLanguage(refresh),
    vscode.commands.registerCommand('_hypersweep.targetsSnapshot', (): TargetsSnapshot => ({ rows: tree.refresh(), diagnostics })),
  );
  refresh();
}
