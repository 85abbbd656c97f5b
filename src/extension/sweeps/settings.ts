/** The `hypersweep.*` settings the sweeps area reads, with their defaults. */
import * as vscode from 'vscode';
import { isAbsolute, join } from 'node:path';
import { SWEEPS_FOLDER } from '../../core/journal/layout';

export type RevealSetting = 'never' | 'silent' | 'always';

export interface SweepSettings {
  /** Folder holding one folder per sweep; relative paths are under the first workspace folder. */
  readonly sweepsFolder: string;
  readonly metricPattern: string | undefined;
  readonly keepRunningOnClose: boolean;
  readonly reveal: RevealSetting;
  readonly closeOnEnd: boolean;
  /** At most this many trials have a live task (terminal) at once. */
  readonly maxTerminals: number;
  readonly notifyOnEnd: boolean;
  readonly confirmStop: boolean;
}

/** The workspace folder sweeps belong to (the first one), if a folder is open. */
export function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

export function readSweepSettings(): SweepSettings {
  const config = vscode.workspace.getConfiguration('hypersweep');
  const folder = config.get<string>('sweepsFolder', SWEEPS_FOLDER) || SWEEPS_FOLDER;
  const root = workspaceRoot();
  const sweepsFolder = isAbsolute(folder) || root === undefined ? folder : join(root, folder);
  const pattern = config.get<string>('metricPattern', '');
  const reveal = config.get<string>('trialTerminals.reveal', 'silent');
  return {
    sweepsFolder,
    metricPattern: pattern ? pattern : undefined,
    keepRunningOnClose: config.get<boolean>('keepRunningOnClose', true),
    reveal: reveal === 'never' || reveal === 'always' ? reveal : 'silent',
    closeOnEnd: config.get<boolean>('trialTerminals.closeOnEnd', true),
    maxTerminals: Math.max(0, Math.floor(config.get<number>('trialTerminals.max', 8))),
    notifyOnEnd: config.get<boolean>('notifyOnEnd', true),
    confirmStop: config.get<boolean>('confirmStopSweep', true),
  };
}

export function taskReveal(reveal: RevealSetting): vscode.TaskRevealKind {
  return reveal === 'always' ? vscode.TaskRevealKind.Always : reveal === 'never' ? vscode.TaskRevealKind.Never : vscode.TaskRevealKind.Silent;
}
