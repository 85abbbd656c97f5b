/**
 * Task type `hypersweep` (`{"type": "hypersweep", "spec": "path"}` in tasks.json): runs the sweep
 * (the same detached runner as Run Sweep) and shows its progress in the task's terminal until
 * the sweep ends. Terminating the task stops the sweep.
 */
import * as vscode from 'vscode';
import { isAbsolute, join } from 'node:path';
import { cancelSweep } from '../../core/scheduler/cancelSweep';
import type { SweepLauncher } from './sweepLauncher';
import type { SweepChange, SweepWatcher } from './sweepWatcher';
import { progressLine } from './treeModel';
import { TASK_TYPE } from './trialTasks';

interface SweepTaskDefinition extends vscode.TaskDefinition {
  readonly spec?: string;
}

/** A sweep's progress lines in a terminal. */
class SweepRunTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private sweepDir: string | undefined;
  private ended = false;
  private subscription: vscode.Disposable | undefined;

  constructor(
    private readonly specUri: vscode.Uri,
    private readonly launcher: SweepLauncher,
    private readonly watcher: SweepWatcher,
    private readonly changes: vscode.Event<SweepChange>,
  ) {}

  private line(text: string): void {
    this.writeEmitter.fire(`${text}\r\n`);
  }

  private finish(code: number): void {
    if (this.ended) return;
    this.ended = true;
    this.subscription?.dispose();
    this.closeEmitter.fire(code);
  }

  open(): void {
    this.line(`HyperSweep: running ${vscode.workspace.asRelativePath(this.specUri)}`);
    this.subscription = this.changes((change) => {
      if (change.dir !== this.sweepDir) return;
      const sweep = this.watcher.get(change.dir);
      if (!sweep) return;
      for (const event of change.events) {
        const text = progressLine(event, sweep.state);
        if (text !== undefined) this.line(text);
        if (event.type === 'sweep-ended') this.finish(event.status === 'Completed' ? 0 : 1);
      }
    });
    this.launcher.run(this.specUri).then(
      (dir) => {
        if (dir === undefined) {
          this.line('The sweep did not start (see the message).');
          this.finish(1);
          return;
        }
        this.sweepDir = dir;
        this.line(`sweep folder ${dir}`);
      },
      (error: unknown) => {
        this.line(`The sweep did not start: ${String(error instanceof Error ? error.message : error)}`);
        this.finish(1);
      },
    );
  }

  close(): void {
    const dir = this.sweepDir;
    if (this.ended || dir === undefined) return;
    this.ended = true;
    this.subscription?.dispose();
    void cancelSweep(dir, 'vscode', 0).catch(() => undefined);
  }
}

export class SweepTaskProvider implements vscode.TaskProvider {
  constructor(
    private readonly launcher: SweepLauncher,
    private readonly watcher: SweepWatcher,
    private readonly changes: vscode.Event<SweepChange>,
  ) {}

  /** One task per spec file in the workspace (`*.sweep.yaml` / `*.sweep.yml`). */
  async provideTasks(): Promise<vscode.Task[]> {
    const specs = await vscode.workspace.findFiles('**/*.sweep.{yaml,yml}', '**/{node_modules,.hypersweep}/**', 50);
    return specs.map((uri) => this.taskFor({ type: TASK_TYPE, spec: vscode.workspace.asRelativePath(uri, false) }, vscode.workspace.getWorkspaceFolder(uri) ?? vscode.TaskScope.Workspace));
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition as SweepTaskDefinition;
    if (typeof definition.spec !== 'string' || definition.spec === '') return undefined;
    return this.taskFor(definition, task.scope ?? vscode.TaskScope.Workspace);
  }

  private taskFor(definition: SweepTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope): vscode.Task {
    const spec = definition.spec ?? '';
    const base = typeof scope === 'object' ? scope.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const specUri = vscode.Uri.file(isAbsolute(spec) ? spec : join(base, spec));
    const task = new vscode.Task(definition, scope, `run ${spec}`, 'HyperSweep', new vscode.CustomExecution(() => Promise.resolve(new SweepRunTerminal(specUri, this.launcher, this.watcher, this.changes))));
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, focus: false, echo: false };
    return task;
  }
}
