/**
 * Tells the user when a sweep ends (`hypersweep.notifyOnEnd`): Completed as information, Canceled
 * as a warning, Failed as an error, each with Open Dashboard. Only ends seen live are told: the
 * journals read when the window opens hold the ends of old sweeps, which are not news.
 */
import * as vscode from 'vscode';
import type { JournalEvent } from '../../core/journal/events';
import type { SweepState } from '../../core/journal/state';
import { readSweepSettings } from './settings';
import { endNotification, type EndNotification } from './treeModel';

/** An end older than this when it is first read (a sweep folder copied in, say) is not told. */
const STALE_END_MS = 120_000;

export class EndNotifier {
  private live = false;
  /** What was told, newest last (the tests read it through `_hypersweep.snapshot`). */
  readonly told: (EndNotification & { readonly sweepDir: string })[] = [];

  /** From now on, ends are news. */
  startTelling(): void {
    this.live = true;
  }

  onEvents(sweepDir: string, state: SweepState, events: readonly JournalEvent[]): void {
    if (!this.live) return;
    const ended = events.find((e) => e.type === 'sweep-ended');
    if (!ended || Date.now() - ended.t > STALE_END_MS || !readSweepSettings().notifyOnEnd) return;
    const note = endNotification(state);
    this.told.push({ ...note, sweepDir });
    if (this.told.length > 50) this.told.shift();
    const show = note.severity === 'error' ? vscode.window.showErrorMessage : note.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(note.text, 'Open Dashboard').then((choice) => {
      if (choice) void vscode.commands.executeCommand('hypersweep.openDashboard', { sweepDir });
    });
  }
}
