/**
 * Starting sweeps from VS Code: validate the spec, refuse in an untrusted workspace, start the
 * detached runner (`run` or `resume`) and report a runner that ends before it could start.
 */
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hasErrors } from '../../core/spec/diagnostics';
import { loadSpec, nodeFileSystem } from '../../core/spec';
import { freshSweepFolder, runnerLogTail, startExtendRunner, startResumeRunner, startRunRunner, sweepNameFor, type RunnerCommand, type StartedRunner } from './runnerProcess';
import { readSweepSettings } from './settings';
import { runnerTargetArgs, sshPathSetting } from '../targets/targetsConfig';

const UNTRUSTED = 'HyperSweep runs no trials in an untrusted workspace, because a sweep runs the commands its spec names. Trust this workspace (Manage Workspace Trust) to run sweeps.';

/** True when processes may be started; otherwise tells the user why not. */
export function ensureTrusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(UNTRUSTED, 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}

export class SweepLauncher {
  /** Sweep folders whose runner this window started (cancelled on close when keepRunningOnClose is off). */
  readonly startedHere = new Set<string>();

  constructor(private readonly command: RunnerCommand, private readonly log: vscode.LogOutputChannel) {}

  /**
   * The runner command with what it needs of the settings now: the detached runner reads no
   * settings, so `hypersweep.ssh.path` reaches it as HYPERSWEEP_SSH_PATH.
   */
  private commandNow(): RunnerCommand {
    const sshPath = sshPathSetting();
    if (sshPath === undefined) return this.command;
    return { ...this.command, env: { ...(this.command.env ?? process.env), HYPERSWEEP_SSH_PATH: sshPath } };
  }

  /**
   * Validates and runs the spec (on `target` when given, else on what its `compute:` names);
   * returns the new sweep folder, or undefined when it did not start. `startArgs` are more `run`
   * options (`--enqueue FILE`, `--warm-start SRC`).
   */
  async run(specUri: vscode.Uri, target?: string, startArgs?: readonly string[]): Promise<string | undefined> {
    if (!ensureTrusted()) return undefined;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === specUri.toString());
    if (open?.isDirty) await open.save();
    const specPath = specUri.fsPath;
    let text: string;
    try {
      text = readFileSync(specPath, 'utf8');
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not read the spec ${specPath}: ${String(error instanceof Error ? error.message : error)}`);
      return undefined;
    }
    const loaded = loadSpec(text, { fileName: specPath, specDir: dirname(specPath), fileSystem: nodeFileSystem });
    if (!loaded.spec || hasErrors(loaded.diagnostics)) {
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      const first = errors[0];
      const choice = await vscode.window.showErrorMessage(
        `The sweep spec has ${errors.length} error${errors.length === 1 ? '' : 's'}${first ? ` (first: ${first.message})` : ''}; fix them before running.`,
        'Show Problems',
      );
      if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
      return undefined;
    }
    const settings = readSweepSettings();
    const { dir, name } = freshSweepFolder(settings.sweepsFolder, sweepNameFor(loaded.spec.name, specPath));
    // The runner cannot read VS Code settings: targets from `hypersweep.targets` go to it as a file.
    const targetArgs = runnerTargetArgs(dirname(specPath), dir, target);
    if ('error' in targetArgs) {
      void vscode.window.showErrorMessage(targetArgs.error);
      return undefined;
    }
    this.log.info(`starting sweep ${name} in ${dir}${target !== undefined ? ` on target ${target}` : ''}`);
    const runner = startRunRunner(this.commandNow(), {
      specPath, sweepDir: dir, name, ...(settings.metricPattern ? { metricPattern: settings.metricPattern } : {}), targetArgs: targetArgs.args, ...(startArgs ? { startArgs } : {}),
    });
    this.watchStart(runner, dir, `run ${name}`);
    return dir;
  }

  /** Resumes a sweep whose runner is gone (or runs its pending re-runs). */
  resume(sweepDir: string): boolean {
    if (!ensureTrusted()) return false;
    this.log.info(`resuming the sweep in ${sweepDir}`);
    const runner = startResumeRunner(this.commandNow(), sweepDir, readSweepSettings().metricPattern);
    this.watchStart(runner, sweepDir, 'resume');
    return true;
  }

  /** Gives an ended sweep `addTrials` more trials (`hypersweep extend`). */
  extend(sweepDir: string, addTrials: number): boolean {
    if (!ensureTrusted()) return false;
    this.log.info(`extending the sweep in ${sweepDir} by ${addTrials} trials`);
    const runner = startExtendRunner(this.commandNow(), sweepDir, addTrials, readSweepSettings().metricPattern);
    this.watchStart(runner, sweepDir, 'extend');
    return true;
  }

  private watchStart(runner: StartedRunner, sweepDir: string, what: string): void {
    this.startedHere.add(sweepDir);
    void runner.exited.then((code) => {
      this.log.info(`${what}: runner ${runner.pid ?? '?'} exited with code ${code ?? 'unknown'}`);
      // 0 completed, 1 failed, 130 canceled: the journal tells those, unless the CLI reported that
      // it could not start (its messages begin with `hypersweep run:` / `hypersweep resume:`).
      const tail = runnerLogTail(sweepDir);
      if ((code === 0 || code === 1 || code === 130) && !/hypersweep (run|resume|extend):/.test(tail)) return;
      this.log.error(`${what} failed:\n${tail}`);
      void vscode.window.showErrorMessage(`HyperSweep could not ${what}: ${tail.split('\n').at(-1) ?? 'see the HyperSweep log'}`, 'Show Log').then((choice) => {
        if (choice) this.log.show();
      });
    });
  }
}
