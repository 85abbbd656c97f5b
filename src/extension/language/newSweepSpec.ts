/**
 * `hypersweep.newSweepSpec`: asks which training script in the workspace to sweep, scans its
 * command-line options (engine: scanScriptOptions), asks for the metric and the goal, then
 * writes `<script>.sweep.yaml` next to the script and opens it. The guessed search space is a
 * starting point the user edits; diagnostics and hovers take over from there.
 */
import * as vscode from 'vscode';
import { newSpecText, scanScriptOptions, scriptLanguage } from '../../core/spec/assist';
import { IDENTIFIER } from '../../core/spec';

const SCRIPTS = '**/*.{py,js,mjs,sh}';
const EXCLUDE = '{**/node_modules/**,**/.venv/**,**/venv/**,**/.git/**,**/.hypersweep/**,**/site-packages/**}';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function pickScript(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const files = await vscode.workspace.findFiles(SCRIPTS, EXCLUDE, 500);
  if (files.length === 0) {
    void vscode.window.showErrorMessage('HyperSweep: no training script (*.py, *.js, *.mjs, *.sh) found in the workspace. Add one, then run "New Sweep Spec" again.');
    return undefined;
  }
  const items = files
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Which training script should the sweep run?' }))?.uri;
}

/** Creates the spec; returns its URI (undefined when the user cancelled). */
export async function newSweepSpecCommand(arg: unknown): Promise<vscode.Uri | undefined> {
  const script = await pickScript(arg);
  if (!script) return undefined;
  const fileName = script.path.split('/').pop() ?? 'train.py';
  const language = scriptLanguage(fileName);
  const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(script));
  const options = language ? scanScriptOptions(source, language) : [];

  const primaryMetric = await vscode.window.showInputBox({
    title: 'Primary metric',
    prompt: 'Exact name of the metric the script reports (MLflow or `name=value` lines on stdout)',
    value: 'accuracy',
    validateInput: (v) => (v.trim() === '' ? 'Enter a metric name' : undefined),
  });
  if (primaryMetric === undefined) return undefined;
  const goal = await vscode.window.showQuickPick(
    [{ label: 'maximize', description: 'higher is better (accuracy, F1)' }, { label: 'minimize', description: 'lower is better (loss, error)' }],
    { placeHolder: `Should ${primaryMetric.trim()} be maximized or minimized?` },
  );
  if (!goal) return undefined;

  const target = vscode.Uri.joinPath(script, '..', `${fileName.replace(/\.[^.]+$/, '')}.sweep.yaml`);
  if (await exists(target)) {
    const overwrite = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target)} already exists.`, { modal: true }, 'Overwrite');
    if (overwrite !== 'Overwrite') return undefined;
  }
  const text = newSpecText({ scriptFileName: fileName, options, primaryMetric: primaryMetric.trim(), goal: goal.label === 'minimize' ? 'minimize' : 'maximize' });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
  const unusable = options.filter((o) => !IDENTIFIER.test(o.name));
  const found = options.length === 0 ? 'no command-line options were found, so edit the search space' : `${options.length} option${options.length === 1 ? '' : 's'} found; edit the guessed ranges`;
  void vscode.window.showInformationMessage(`HyperSweep: created ${vscode.workspace.asRelativePath(target)}: ${found}.${unusable.length > 0 ? ' Some names need renaming.' : ''}`);
  return target;
}
