/** The sweeps area's commands (every one works from the palette by asking which sweep or trial). */
import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import { relative } from 'node:path';
import { trialPaths } from '../../core/journal/layout';
import { resultsCsv, resultsJson } from '../../core/results/exportResults';
import { cancelSweep } from '../../core/scheduler/cancelSweep';
import { cancelTrial, requestRerun } from '../../core/scheduler/trialActions';
import { quoteForPosixShell } from '../../core/shell/quote';
import { pickSweep, pickTrial } from './pickers';
import { ensureTrusted, type SweepLauncher } from './sweepLauncher';
import type { SweepWatcher } from './sweepWatcher';
import { isSweepRunning, isTrialActive, progressOf } from './treeModel';
import { readSweepSettings, workspaceRoot } from './settings';
import { isSweepSpec } from '../language/specDocuments';
import { findSweepSpecs } from '../language/specFiles';
import { registerWarmStartCommands } from './warmStartCommands';

/** A word as typed in a shell: left bare when it holds nothing the shell would read specially. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : quoteForPosixShell(word);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Finds spec files for Run Sweep from the palette. */
async function pickSpec(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && isSweepSpec(active)) return active.uri;
  // Every *.sweep.y(a)ml and every YAML file whose top level has `type: sweep`.
  const found = await findSweepSpecs();
  if (found.length === 0) {
    void vscode.window.showInformationMessage('No sweep spec (*.sweep.yaml, or YAML with `type: sweep`) was found; create one with "HyperSweep: New Sweep Spec".');
    return undefined;
  }
  const chosen = await vscode.window.showQuickPick(found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { placeHolder: 'Which sweep spec?' });
  return chosen?.uri;
}

export function registerSweepCommands(
  watcher: SweepWatcher,
  launcher: SweepLauncher,
  refresh: () => void,
  log: vscode.LogOutputChannel,
  /** Shows a trial's live task terminal; false when it has none. */
  revealTrialTerminal: (sweepDir: string, trialId: string) => boolean = () => false,
): vscode.Disposable[] {
  const command = (id: string, handler: (arg?: unknown) => Promise<unknown>): vscode.Disposable =>
    vscode.commands.registerCommand(`hypersweep.${id}`, async (arg?: unknown) => {
      try {
        return await handler(arg);
      } catch (error) {
        log.error(`hypersweep.${id}: ${message(error)}`);
        void vscode.window.showErrorMessage(`HyperSweep: ${message(error)}`);
        return undefined;
      }
    });
  const ended = 'No sweep has ended yet.';
  return [
    command('runSweep', async (arg) => {
      const uri = arg instanceof vscode.Uri ? arg : await pickSpec();
      return uri ? launcher.run(uri) : undefined;
    }),
    command('resumeSweep', async (arg) => {
      const sweep = await pickSweep(watcher, arg, (s) => !isSweepRunning(s), 'There is no stopped sweep to resume.');
      if (!sweep) return;
      if (isSweepRunning(sweep)) {
        void vscode.window.showInformationMessage(`${sweep.state.info?.name ?? sweep.dir} is already running.`);
        return;
      }
      if (sweep.state.status === 'Completed') {
        void vscode.window.showInformationMessage(`${sweep.state.info?.name ?? sweep.dir} completed; there is nothing to resume. Rerun a trial or start a new sweep.`);
        return;
      }
      launcher.resume(sweep.dir);
    }),
    command('stopSweep', async (arg) => {
      // With one sweep running there is nothing to pick: the confirmation names it.
      const confirm = readSweepSettings().confirmStop;
      const sweep = await pickSweep(watcher, arg, isSweepRunning, 'No sweep is running.', { takeSingle: confirm });
      if (!sweep) return;
      if (confirm) {
        const { done, total } = progressOf(sweep.state);
        const running = sweep.state.trials.filter((t) => t.status === 'Running').length;
        const choice = await vscode.window.showWarningMessage(`Stop the sweep ${sweep.state.info?.name ?? sweep.dir}?`, {
          modal: true,
          detail: `${done} of ${total} trials have finished; the ${running} running trial${running === 1 ? '' : 's'} will be canceled and the sweep ends Canceled. Resume it later to go on.`,
        }, 'Stop Sweep');
        if (choice !== 'Stop Sweep') return;
      }
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Stopping ${sweep.state.info?.name ?? 'the sweep'}…` }, () => cancelSweep(sweep.dir, 'vscode'));
      log.info(`stop ${sweep.dir}: ${result.outcome}`);
      await watcher.poll(sweep.dir);
      refresh();
    }),
    command('cancelTrial', async (arg) => {
      const picked = await pickTrial(watcher, arg, isTrialActive, 'No trial is running.');
      if (!picked) return;
      const outcome = await cancelTrial(picked.sweep.dir, picked.trial.id, 'vscode');
      log.info(`cancel ${picked.trial.id}: ${outcome}`);
      if (outcome === 'requested') void vscode.window.showWarningMessage(`Trial ${picked.trial.id} was asked to stop but has not ended yet.`);
    }),
    command('rerunTrial', async (arg) => {
      const picked = await pickTrial(watcher, arg, (t) => !isTrialActive(t), 'No trial has ended yet.');
      if (!picked || !ensureTrusted()) return;
      const { runnerAlive } = await requestRerun(picked.sweep.dir, picked.trial.id, 'vscode');
      log.info(`rerun of ${picked.trial.id} requested (runner ${runnerAlive ? 'alive' : 'not alive: resuming'})`);
      if (!runnerAlive) launcher.resume(picked.sweep.dir);
    }),
    command('showTrialOutput', async (arg) => {
      const picked = await pickTrial(watcher, arg, () => true, 'No trial exists yet.');
      if (!picked) return;
      // A trial with a live terminal shows it; any other (a sweep shows at most
      // hypersweep.trialTerminals.max at once) opens its output files.
      if (revealTrialTerminal(picked.sweep.dir, picked.trial.id)) return;
      const paths = trialPaths(picked.sweep.dir, picked.trial.id);
      const stderr = await fs.stat(paths.stderr).then((s) => s.size, () => 0);
      const stdout = await fs.stat(paths.stdout).then((s) => s.size, () => -1);
      if (stdout < 0 && stderr === 0) {
        void vscode.window.showInformationMessage(`Trial ${picked.trial.id} has written no output yet.`);
        return;
      }
      if (stdout >= 0) await vscode.window.showTextDocument(vscode.Uri.file(paths.stdout), { preview: true });
      if (stderr > 0) await vscode.window.showTextDocument(vscode.Uri.file(paths.stderr), { preview: false, viewColumn: vscode.ViewColumn.Beside });
    }),
    command('copyTrialCommand', async (arg) => {
      const picked = await pickTrial(watcher, arg, (t) => t.attempts > 0, 'No trial has started yet.');
      if (!picked) return;
      const launch = picked.trial.launch;
      if (!launch) throw new Error(`trial ${picked.trial.id} has not started, so it has no command yet`);
      const line = `cd ${shellWord(launch.cwd)} && ${launch.argv.map(shellWord).join(' ')}`;
      await vscode.env.clipboard.writeText(line);
      void vscode.window.showInformationMessage(`Copied the command of ${picked.trial.id}.`);
      return line;
    }),
    command('openTrialFolder', async (arg) => {
      const picked = await pickTrial(watcher, arg, () => true, 'No trial exists yet.');
      if (!picked) return;
      const uri = vscode.Uri.file(trialPaths(picked.sweep.dir, picked.trial.id).dir);
      const root = workspaceRoot();
      const inside = root !== undefined && !relative(root, uri.fsPath).startsWith('..');
      await vscode.commands.executeCommand(inside ? 'revealInExplorer' : 'revealFileInOS', uri);
    }),
    command('exportResults', async (arg) => {
      const sweep = await pickSweep(watcher, arg, () => true, ended);
      if (!sweep) return;
      const name = sweep.state.info?.name ?? 'sweep';
      const target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.file(`${workspaceRoot() ?? sweep.dir}/${name}-results.csv`),
        filters: { CSV: ['csv'], JSON: ['json'] },
        title: `Export the results of ${name}`,
      });
      if (!target) return;
      const replayed = sweep.state;
      const text = target.fsPath.toLowerCase().endsWith('.json') ? JSON.stringify(resultsJson(replayed), null, 2) + '\n' : resultsCsv(replayed);
      await fs.writeFile(target.fsPath, text);
      void vscode.window.showInformationMessage(`Exported ${replayed.trials.length} trials to ${vscode.workspace.asRelativePath(target)}.`);
    }),
    command('deleteSweep', async (arg) => {
      const sweep = await pickSweep(watcher, arg, (s) => !isSweepRunning(s), 'There is no stopped sweep to delete.');
      if (!sweep) return;
      const name = sweep.state.info?.name ?? sweep.dir;
      if (isSweepRunning(sweep)) {
        void vscode.window.showWarningMessage(`${name} is still running; stop it before deleting it.`);
        return;
      }
      const choice = await vscode.window.showWarningMessage(`Delete the sweep ${name}?`, { modal: true, detail: `Its folder ${sweep.dir} (journal, trial outputs and artifacts) is removed for good.` }, 'Delete');
      if (choice !== 'Delete') return;
      await fs.rm(sweep.dir, { recursive: true, force: true });
      await watcher.rescan();
      refresh();
    }),
    command('refreshSweeps', async () => {
      await watcher.rescan();
      refresh();
    }),
    ...registerWarmStartCommands(command, watcher, launcher, pickSpec, log),
  ];
}

