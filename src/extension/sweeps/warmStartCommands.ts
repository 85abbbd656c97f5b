/**
 * Extend Sweep, Run Sweep with Warm Start… and Run Sweep with Enqueued Configurations…: the
 * `hypersweep extend`, `run --warm-start` and `run --enqueue` of the CLI, started as the detached
 * runner like Run Sweep. An enqueue file is checked here first, so its mistakes are shown with
 * their positions before anything starts.
 */
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadSpec, nodeFileSystem } from '../../core/spec';
import { hasErrors } from '../../core/spec/diagnostics';
import { formatEnqueueProblem, readEnqueued } from '../../core/warmstart/enqueueFile';
import { pickSweep } from './pickers';
import type { SweepLauncher } from './sweepLauncher';
import type { SweepWatcher, WatchedSweep } from './sweepWatcher';
import { isSweepRunning } from './treeModel';

type CommandFactory = (id: string, handler: (arg?: unknown) => Promise<unknown>) => vscode.Disposable;

/** An ended sweep that `hypersweep extend` accepts. */
export function canExtend(sweep: WatchedSweep): boolean {
  return !isSweepRunning(sweep) && (sweep.state.status === 'Completed' || sweep.state.status === 'Canceled');
}

/** Checks "how many more trials" as typed; undefined when it is a whole number of 1 or more. */
export function extendCountProblem(text: string): string | undefined {
  return /^\s*[1-9]\d*\s*$/.test(text) && Number(text) <= 1_000_000 ? undefined : 'Type a whole number of trials, 1 or more.';
}

const RESULTS_FILE = 'A results file (hypersweep export --format json)…';

/** The checked configurations' problems in `file` against the spec at `specPath`, as `file:line:col: error: ...` lines. */
function enqueueProblems(specPath: string, file: string): string[] {
  const loaded = loadSpec(readFileSync(specPath, 'utf8'), { fileName: specPath, specDir: dirname(specPath), fileSystem: nodeFileSystem });
  // A spec with errors is reported by Run Sweep itself.
  if (!loaded.spec || hasErrors(loaded.diagnostics)) return [];
  const read = readEnqueued(readFileSync(file, 'utf8'), loaded.spec.search_space, /\.csv$/i.test(file));
  return read.problems.map((p) => formatEnqueueProblem(vscode.workspace.asRelativePath(file), p));
}

export function registerWarmStartCommands(
  command: CommandFactory,
  watcher: SweepWatcher,
  launcher: SweepLauncher,
  pickSpec: () => Promise<vscode.Uri | undefined>,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return [
    command('extendSweep', async (arg) => {
      const sweep = await pickSweep(watcher, arg, canExtend, 'No sweep has ended Completed or Canceled; only those can be extended.');
      if (!sweep) return;
      const name = sweep.state.info?.name ?? sweep.dir;
      if (!canExtend(sweep)) {
        void vscode.window.showInformationMessage(`${name} is ${isSweepRunning(sweep) ? 'running' : sweep.state.status}; only a Completed or Canceled sweep can be extended.`);
        return;
      }
      const made = sweep.state.trials.filter((t) => t.rerunOf === undefined).length;
      const typed = await vscode.window.showInputBox({
        title: `Extend ${name}`,
        prompt: `How many more trials? The sampler continues where it stopped; the sweep timeout counts again from now. (${made} trials so far.)`,
        value: '10',
        validateInput: extendCountProblem,
      });
      if (typed === undefined || extendCountProblem(typed) !== undefined) return;
      launcher.extend(sweep.dir, Number(typed));
    }),
    command('runSweepWithWarmStart', async (arg) => {
      const spec = arg instanceof vscode.Uri ? arg : await pickSpec();
      if (!spec) return;
      await watcher.rescan();
      const sweeps = watcher.sweeps().filter((s) => s.state.info && !isSweepRunning(s) && s.state.trials.length > 0);
      const items = [
        ...sweeps.map((s) => ({ label: s.state.info?.name ?? s.dir, description: `${s.state.trials.length} trials · ${s.state.status}`, detail: s.dir, source: s.dir })),
        { label: RESULTS_FILE, description: '', detail: undefined, source: undefined },
      ];
      const chosen = await vscode.window.showQuickPick(items, { placeHolder: 'Start the sampler from which sweep\'s trials? (same or compatible search space)' });
      if (!chosen) return;
      let source = chosen.source;
      if (source === undefined) {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'HyperSweep results': ['json'] }, title: 'Warm start from a results file' });
        source = picked?.[0]?.fsPath;
      }
      if (source === undefined) return;
      log.info(`run ${spec.fsPath} with warm start from ${source}`);
      return launcher.run(spec, undefined, ['--warm-start', source]);
    }),
    command('runSweepWithEnqueue', async (arg) => {
      const spec = arg instanceof vscode.Uri ? arg : await pickSpec();
      if (!spec) return;
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false, filters: { 'Configurations (JSONL or CSV)': ['jsonl', 'json', 'csv'] }, title: 'Configurations to run first',
      });
      const file = picked?.[0]?.fsPath;
      if (file === undefined) return;
      const problems = enqueueProblems(spec.fsPath, file);
      if (problems.length > 0) {
        for (const line of problems) log.error(line);
        const choice = await vscode.window.showErrorMessage(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the configurations (first: ${problems[0] ?? ''}); nothing was run.`, 'Show All');
        if (choice) log.show();
        return;
      }
      log.info(`run ${spec.fsPath} with enqueued configurations from ${file}`);
      return launcher.run(spec, undefined, ['--enqueue', file]);
    }),
  ];
}
