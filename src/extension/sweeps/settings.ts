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
  };
}

export function taskReveal(reveal: RevealSetting): vscode.TaskRevealKind {
  return reveal === 'always' ? vscode.TaskRevealKind.Always : reveal === 'never' ? vscode.TaskRevealKind.Never : vscode.TaskRevealKind.Silent;
}
