/** Quick picks for commands invoked from the palette without a sweep or trial argument. */
import * as vscode from 'vscode';
import type { TrialRecord } from '../../core/journal/state';
import type { SweepWatcher, WatchedSweep } from './sweepWatcher';
import { sweepView, trialView } from './treeModel';

export interface SweepRef {
  readonly sweepDir: string;
}
export interface TrialRef {
  readonly sweepDir: string;
  readonly trialId: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The `{ sweepDir }` passed by a tree item or another area, if `arg` is one. */
export function asSweepRef(arg: unknown): SweepRef | undefined {
  return isRecord(arg) && typeof arg['sweepDir'] === 'string' ? { sweepDir: arg['sweepDir'] } : undefined;
}

/** The `{ sweepDir, trialId }` passed by a tree item, if `arg` is one. */
export function asTrialRef(arg: unknown): TrialRef | undefined {
  return isRecord(arg) && typeof arg['sweepDir'] === 'string' && typeof arg['trialId'] === 'string' ? { sweepDir: arg['sweepDir'], trialId: arg['trialId'] } : undefined;
}

/** The sweep from `arg`, else one the user picks among those `filter` accepts. */
export async function pickSweep(
  watcher: SweepWatcher,
  arg: unknown,
  filter: (s: WatchedSweep) => boolean,
  emptyMessage: string,
  /** Take the only candidate without asking (for commands that confirm by name anyway). */
  options: { readonly takeSingle?: boolean } = {},
): Promise<WatchedSweep | undefined> {
  const ref = asSweepRef(arg);
  if (ref) {
    const sweep = watcher.get(ref.sweepDir);
    if (!sweep) void vscode.window.showErrorMessage(`No sweep is known in ${ref.sweepDir}; refresh the HyperSweep view.`);
    return sweep;
  }
  // A sweep started a moment ago may not have been seen yet (the folder scan runs each second).
  await watcher.rescan();
  const candidates = watcher.sweeps().filter((s) => s.state.info && filter(s));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(emptyMessage);
    return undefined;
  }
  if (options.takeSingle && candidates.length === 1) return candidates[0];
  const chosen = await vscode.window.showQuickPick(
    candidates.map((sweep) => {
      const view = sweepView(sweep);
      return { label: view.label, description: view.description, detail: sweep.dir, sweep };
    }),
    { placeHolder: 'Which sweep?' },
  );
  return chosen?.sweep;
}

/** The trial from `arg`, else one the user picks (sweep first, then trial) among those `filter` accepts. */
export async function pickTrial(watcher: SweepWatcher, arg: unknown, filter: (t: TrialRecord) => boolean, emptyMessage: string): Promise<{ sweep: WatchedSweep; trial: TrialRecord } | undefined> {
  const ref = asTrialRef(arg);
  if (ref) {
    const sweep = watcher.get(ref.sweepDir);
    const trial = sweep?.state.trials.find((t) => t.id === ref.trialId);
    if (!sweep || !trial) {
      void vscode.window.showErrorMessage(`No trial ${ref.trialId} is known in ${ref.sweepDir}; refresh the HyperSweep view.`);
      return undefined;
    }
    return { sweep, trial };
  }
  const sweep = await pickSweep(watcher, undefined, (s) => s.state.trials.some(filter), emptyMessage);
  if (!sweep) return undefined;
  const chosen = await vscode.window.showQuickPick(
    sweep.state.trials.filter(filter).map((trial) => {
      const view = trialView(trial, sweep.state);
      return { label: view.label, description: view.description, trial };
    }),
    { placeHolder: 'Which trial?' },
  );
  return chosen ? { sweep, trial: chosen.trial } : undefined;
}
