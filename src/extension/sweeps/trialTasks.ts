/**
 * Each running trial as a VS Code task: a `CustomExecution` whose pseudoterminal shows the trial's
 * `stdout.log` and `stderr.log` from the start, ends when the journal says the trial ended, and
 * cancels the trial (Canceled, reason user) when the user terminates the task.
 */
import * as vscode from 'vscode';
import { trialPaths } from '../../core/journal/layout';
import type { TrialRecord } from '../../core/journal/state';
import { cancelTrial } from '../../core/scheduler/trialActions';
import { FileTail } from './fileTail';
import { readSweepSettings, taskReveal } from './settings';
import type { WatchedSweep } from './sweepWatcher';
import { trialTaskName } from '../targets/targetsModel';

export const TASK_TYPE = 'hypersweep';

/** A trial's output in a terminal: stdout as is, stderr in red. */
class TrialTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly stdout: FileTail;
  private readonly stderr: FileTail;
  private ended = false;

  constructor(
    sweepDir: string,
    private readonly trialId: string,
    private readonly onUserClose: () => void,
  ) {
    const paths = trialPaths(sweepDir, trialId);
    // Terminals need CRLF; trial output has bare LF.
    this.stdout = new FileTail(paths.stdout, (text) => this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n')));
    this.stderr = new FileTail(paths.stderr, (text) => this.writeEmitter.fire(`\x1b[31m${text.replace(/\r?\n/g, '\r\n')}\x1b[0m`));
  }

  open(): void {
    this.stdout.start();
    this.stderr.start();
  }

  /** The task ended some other way; a later close() must not report it again. */
  markEnded(): void {
    this.ended = true;
    this.stdout.stop();
    this.stderr.stop();
  }

  /** VS Code calls this when the user terminates the task or kills its terminal. */
  close(): void {
    this.stdout.stop();
    this.stderr.stop();
    if (!this.ended) {
      this.ended = true;
      this.onUserClose();
    }
  }

  /** The trial ended: show the rest of its output and a last line, then end the task. */
  async end(trial: TrialRecord): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await Promise.all([this.stdout.finish(), this.stderr.finish()]);
    const reason = trial.reason ? ` (${trial.reason})` : '';
    this.writeEmitter.fire(`\r\n\x1b[2m[HyperSweep] ${this.trialId} ${trial.status}${reason}\x1b[0m\r\n`);
    this.closeEmitter.fire(trial.status === 'Completed' ? 0 : 1);
  }

  dispose(): void {
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

interface OpenTrial {
  readonly terminal: TrialTerminal;
  execution?: vscode.TaskExecution;
}

/** Starts and ends trial tasks as the followed sweeps' journals say. */
export class TrialTasks implements vscode.Disposable {
  private readonly open = new Map<string, OpenTrial>();
  private readonly endListener: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    // A task can end without its pseudoterminal's close() being called (its terminal killed before
    // it opened, or Terminate Task): a trial task that ends while the journal still says the trial
    // runs was ended by the user, so the trial is cancelled the same way.
    this.endListener = vscode.tasks.onDidEndTask((e) => {
      const definition = e.execution.task.definition;
      if (definition.type !== TASK_TYPE || typeof definition['sweepDir'] !== 'string' || typeof definition['trialId'] !== 'string') return;
      this.userEnded(definition['sweepDir'], definition['trialId']);
    });
  }

  /** The user ended a trial's task or terminal: cancel the trial (once). */
  private userEnded(sweepDir: string, trialId: string): void {
    const key = `${sweepDir}\n${trialId}`;
    const entry = this.open.get(key);
    if (!entry) return;
    this.open.delete(key);
    entry.terminal.markEnded();
    this.log.info(`${trialId}: task terminated by the user; cancelling the trial`);
    cancelTrial(sweepDir, trialId, 'vscode').then(
      (outcome) => this.log.info(`${trialId}: cancel ${outcome}`),
      (error: unknown) => void vscode.window.showErrorMessage(`Could not cancel trial ${trialId}: ${String(error instanceof Error ? error.message : error)}`),
    );
  }

  /** The trials that have a task now, as `{ sweepDir, trialId }`. */
  openTrials(): { sweepDir: string; trialId: string }[] {
    return [...this.open.keys()].map((key) => {
      const [sweepDir = '', trialId = ''] = key.split('\n');
      return { sweepDir, trialId };
    });
  }

  /** Brings the tasks of one sweep in line with its state. */
  update(sweep: WatchedSweep): void {
    for (const trial of sweep.state.trials) {
      const key = `${sweep.dir}\n${trial.id}`;
      const current = this.open.get(key);
      if (trial.status === 'Running' && sweep.runnerAlive !== false) {
        if (!current) this.start(sweep.dir, trial);
      } else if (current) {
        this.open.delete(key);
        void current.terminal.end(trial).finally(() => current.terminal.dispose());
      }
    }
  }

  /** The sweep folder went away: end its tasks without cancelling anything. */
  forget(sweepDir: string): void {
    for (const [key, entry] of this.open) {
      if (!key.startsWith(`${sweepDir}\n`)) continue;
      this.open.delete(key);
      entry.execution?.terminate();
    }
  }

  private start(sweepDir: string, trial: TrialRecord): void {
    const key = `${sweepDir}\n${trial.id}`;
    const terminal = new TrialTerminal(sweepDir, trial.id, () => {
      if (this.open.get(key)?.terminal === terminal) this.userEnded(sweepDir, trial.id);
    });
    const entry: OpenTrial = { terminal };
    this.open.set(key, entry);
    const settings = readSweepSettings();
    const folder = vscode.workspace.workspaceFolders?.[0];
    const task = new vscode.Task(
      { type: TASK_TYPE, sweepDir, trialId: trial.id },
      folder ?? vscode.TaskScope.Workspace,
      trialTaskName(trial),
      'HyperSweep',
      new vscode.CustomExecution(() => Promise.resolve(terminal)),
    );
    task.presentationOptions = {
      reveal: taskReveal(settings.reveal),
      focus: false,
      panel: vscode.TaskPanelKind.Dedicated,
      clear: true,
      echo: false,
      close: settings.closeOnEnd,
    };
    task.isBackground = true;
    vscode.tasks.executeTask(task).then(
      (execution) => {
        entry.execution = execution;
      },
      (error: unknown) => this.log.warn(`could not show trial ${trial.id} as a task: ${String(error)}`),
    );
  }

  dispose(): void {
    // Window closing or extension deactivating: the trials keep running; only the views go.
    // Forget the open trials first so the tasks ending with the window cancel nothing.
    const entries = [...this.open.values()];
    this.open.clear();
    this.endListener.dispose();
    for (const entry of entries) entry.terminal.dispose();
  }
}
