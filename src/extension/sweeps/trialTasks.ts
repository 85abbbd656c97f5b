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
import { readSweepSettings, taskReveal, type SweepSettings } from './settings';
import { trialEndLine, trialTaskExitCode } from './treeModel';
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
  private opened = false;
  private ended = false;
  /** How the trial ended, when that happened before VS Code opened the terminal. */
  private endBeforeOpen: { line: string; code: number } | undefined;

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

  /** Whether VS Code has opened the terminal (before that, nothing written or fired reaches it). */
  get isOpen(): boolean {
    return this.opened;
  }

  open(): void {
    this.opened = true;
    const pending = this.endBeforeOpen;
    if (pending) {
      // VS Code subscribes to a pseudoterminal's events only when it opens it: an end fired
      // earlier is lost, and the task would run forever. Deliver it now, whole output first.
      this.endBeforeOpen = undefined;
      void this.finish(pending.line, pending.code);
      return;
    }
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

  /**
   * The trial ended: show the rest of its output and a last line saying how, then end the task
   * with `code` (0 for planned stops, so VS Code reports no error for them).
   */
  end(line: string, code: number): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.ended = true;
    if (!this.opened) {
      this.endBeforeOpen = { line, code };
      return Promise.resolve();
    }
    return this.finish(line, code);
  }

  private async finish(line: string, code: number): Promise<void> {
    await Promise.all([this.stdout.finish(), this.stderr.finish()]).catch(() => undefined);
    this.writeEmitter.fire(`\r\n\x1b[2m[HyperSweep] ${line.replace(/\r?\n/g, ' ')}\x1b[0m\r\n`);
    this.closeEmitter.fire(code);
  }

  dispose(): void {
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

interface OpenTrial {
  readonly terminal: TrialTerminal;
  /** The task's name, which its terminal carries. */
  readonly name: string;
  execution?: vscode.TaskExecution;
  /** Settles with the execution once VS Code has started the task (undefined if it could not). */
  started?: PromiseLike<vscode.TaskExecution | undefined>;
}

/** A terminal that never opened after its trial ended is disposed after this long, ending its task. */
const UNOPENED_END_MS = 5000;

/**
 * Starts and ends trial tasks as the followed sweeps' journals say. At most
 * `hypersweep.trialTerminals.max` trials have a task at once (over all sweeps): a sweep of hundreds
 * of short trials would otherwise open hundreds of terminals. A running trial without one gets
 * one when a task ends; a trial that ends first never gets one. Every trial's output stays
 * reachable from the explorer (Show Trial Output) and the dashboard.
 */
export class TrialTasks implements vscode.Disposable {
  private readonly open = new Map<string, OpenTrial>();
  /** Ended trials whose terminals are kept (closeOnEnd off), oldest first, pruned to the cap. */
  private readonly kept: string[] = [];
  /**
   * Trials that ended whose task VS Code has not ended yet (its terminal not opened so far): they
   * still count toward the cap, which is about the tasks and terminals VS Code holds.
   */
  private readonly closing = new Map<string, OpenTrial>();
  private readonly endListener: vscode.Disposable;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** A place under the cap freed up: trials of any sweep may take it. */
    private readonly onPlaceFreed: () => void = () => undefined,
  ) {
    // A task can end without its pseudoterminal's close() being called (its terminal killed before
    // it opened, or Terminate Task): a trial task that ends while the journal still says the trial
    // runs was ended by the user, so the trial is cancelled the same way.
    this.endListener = vscode.tasks.onDidEndTask((e) => {
      const definition = e.execution.task.definition;
      if (definition.type !== TASK_TYPE || typeof definition['sweepDir'] !== 'string' || typeof definition['trialId'] !== 'string') return;
      const key = `${definition['sweepDir']}\n${definition['trialId']}`;
      const closed = this.closing.get(key);
      if (closed) {
        // Its pseudoterminal is needed until here: an end delivered to disposed emitters is lost.
        this.closing.delete(key);
        closed.terminal.dispose();
        this.onPlaceFreed();
      }
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
    const settings = readSweepSettings();
    for (const trial of sweep.state.trials) {
      const key = `${sweep.dir}\n${trial.id}`;
      const current = this.open.get(key);
      if (current && !(trial.status === 'Running' && sweep.runnerAlive !== false)) {
        this.open.delete(key);
        this.closing.set(key, current);
        this.endTask(key, current, trialEndLine(trial, sweep.state), trialTaskExitCode(trial), settings.closeOnEnd, settings.maxTerminals);
      }
    }
    for (const trial of sweep.state.trials) {
      if (this.used() >= settings.maxTerminals) break;
      if (trial.status === 'Running' && sweep.runnerAlive !== false && !this.open.has(`${sweep.dir}\n${trial.id}`)) this.start(sweep.dir, trial, settings);
    }
  }

  /** Trial tasks of sweeps that did not change may wait for a free place: offer it to them. */
  fill(sweeps: readonly WatchedSweep[]): void {
    for (const sweep of sweeps) {
      if (this.used() >= readSweepSettings().maxTerminals) return;
      this.update(sweep);
    }
  }

  /** Trial tasks VS Code holds now: open ones and ended ones whose task has not ended yet. */
  private used(): number {
    return this.open.size + this.closing.size;
  }

  /** Shows the trial's live terminal if it has one; false when it has none. */
  reveal(sweepDir: string, trialId: string): boolean {
    const entry = this.open.get(`${sweepDir}\n${trialId}`);
    const terminal = entry?.terminal.isOpen ? this.terminalNamed(entry.name) : undefined;
    if (!terminal) return false;
    terminal.show(true);
    return true;
  }

  private terminalNamed(name: string): vscode.Terminal | undefined {
    // A task's terminal is named after the task, e.g. "sweep_3" or "Task - sweep_3".
    return vscode.window.terminals.find((t) => t.name === name || t.name.endsWith(` ${name}`));
  }

  private endTask(key: string, entry: OpenTrial, line: string, code: number, closeOnEnd: boolean, cap: number): void {
    const opened = entry.terminal.isOpen;
    void entry.terminal.end(line, code);
    if (!opened) {
      // Ended before VS Code opened its terminal: open() delivers the end. A busy window can
      // take many seconds to open a terminal (or never do): past a while, end the task through
      // VS Code, which works whether or not the terminal ever opens. The pseudoterminal is kept
      // until the task has ended (onDidEndTask), so a late open() still closes it cleanly.
      setTimeout(() => {
        if (entry.terminal.isOpen || this.closing.get(key) !== entry) return;
        this.log.info(`${entry.name}: its terminal has not opened; ending its task`);
        void this.terminateWhenKnown(entry);
      }, UNOPENED_END_MS);
    }
    if (closeOnEnd) return;
    // Kept terminals are bounded too: the oldest ended ones close beyond the cap.
    this.kept.push(entry.name);
    while (this.kept.length > Math.max(cap, 1)) {
      const oldest = this.kept.shift();
      if (oldest !== undefined && ![...this.open.values()].some((e) => e.name === oldest)) this.terminalNamed(oldest)?.dispose();
    }
  }

  /** Ends a task through VS Code, once `executeTask` has said which execution it is. */
  private async terminateWhenKnown(entry: OpenTrial): Promise<void> {
    const execution = entry.execution ?? (await entry.started);
    execution?.terminate();
  }

  /** The sweep folder went away: end its tasks without cancelling anything. */
  forget(sweepDir: string): void {
    for (const [key, entry] of this.closing) {
      if (!key.startsWith(`${sweepDir}\n`)) continue;
      this.closing.delete(key);
      void this.terminateWhenKnown(entry);
    }
    for (const [key, entry] of this.open) {
      if (!key.startsWith(`${sweepDir}\n`)) continue;
      this.open.delete(key);
      entry.terminal.markEnded();
      entry.execution?.terminate();
      this.terminalNamed(entry.name)?.dispose();
    }
  }

  private start(sweepDir: string, trial: TrialRecord, settings: SweepSettings): void {
    const key = `${sweepDir}\n${trial.id}`;
    const terminal = new TrialTerminal(sweepDir, trial.id, () => {
      if (this.open.get(key)?.terminal === terminal) this.userEnded(sweepDir, trial.id);
    });
    const name = trialTaskName(trial);
    const entry: OpenTrial = { terminal, name };
    this.open.set(key, entry);
    const folder = vscode.workspace.workspaceFolders?.[0];
    const task = new vscode.Task(
      { type: TASK_TYPE, sweepDir, trialId: trial.id },
      folder ?? vscode.TaskScope.Workspace,
      name,
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
    entry.started = vscode.tasks.executeTask(task).then(
      (execution) => {
        entry.execution = execution;
        return execution;
      },
      (error: unknown) => {
        this.log.warn(`could not show trial ${trial.id} as a task: ${String(error)}`);
        if (this.open.get(key) === entry) this.open.delete(key);
        if (this.closing.get(key) === entry) {
          this.closing.delete(key);
          this.onPlaceFreed();
        }
        terminal.markEnded();
        return undefined;
      },
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
