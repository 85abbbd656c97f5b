/**
 * Editing sweep specs in a real VS Code (issue 12, "Editing specs"): completions and snippets
 * inserted the way VS Code inserts an accepted item keep the YAML valid at any depth, in 2-space
 * and 4-space documents and with an editor set to indent with tabs; snippets only in sweep specs
 * and where they fit; the bandit no-slack quick fix; workspace-wide validation keeps the
 * problems of closed specs; the spec scan Run Sweep's picker uses finds YAML with `type: sweep`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { loadSpec } from '../../src/core/spec';
import { findSweepSpecs } from '../../src/extension/language/specFiles';
import { waitFor } from './support/waitFor';

const EXTENSION_ID = 'hypersweep.hypersweep';

function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness opens a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

function errorsOf(text: string): string[] {
  return loadSpec(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
}

/** A valid spec with one step `u`, plus `extra` (U = a step, | = the cursor) after the line starting with `afterLine`. */
function specWith(u: string, afterLine: string, extra: string): { text: string; offset: number } {
  const lines = [
    'type: sweep', 'sampling_algorithm: random', 'search_space:',
    `${u}lr:`, `${u}${u}type: uniform`, `${u}${u}min_value: 0`, `${u}${u}max_value: 1`,
    `${u}model:`, `${u}${u}type: choice`, `${u}${u}values:`,
    `${u}${u}${u}- depth: 3`, `${u}${u}${u}  width:`, `${u}${u}${u}  ${u}type: randint`, `${u}${u}${u}  ${u}upper: 4`,
    'objective:', `${u}goal: maximize`, `${u}primary_metric: accuracy`,
    'limits:', `${u}max_total_trials: 5`,
    'trial:', `${u}command: python train.py --lr \${{search_space.lr}} --model \${{search_space.model}}`,
  ];
  const index = lines.findIndex((l) => l.trimStart().startsWith(afterLine));
  lines.splice(index + 1, 0, ...extra.replace(/U/g, u).split('\n'));
  const joined = `${lines.join('\n')}\n`;
  const offset = joined.indexOf('|');
  return { text: joined.slice(0, offset) + joined.slice(offset + 1), offset };
}

const PLACES: readonly (readonly [string, string, string])[] = [
  ['top level', 'sampling_algorithm:', '|'],
  ['new parameter', 'max_value: 1', 'Unew_p:\nUU|'],
  ['new parameter `type:`', 'max_value: 1', 'Unew_p:\nUUtype: |'],
  ['search-space names', 'max_value: 1', 'U|'],
  ['early_termination', 'max_total_trials:', 'early_termination:\nU|'],
  ['nested option', 'upper: 4', 'UUU  |'],
  ['distribution in a nested option', 'upper: 4', 'UUU  extra:\nUUU  U|'],
];

const STYLES: readonly { readonly name: string; readonly unit: string; readonly options: vscode.TextEditorOptions }[] = [
  { name: '2 spaces', unit: '  ', options: { insertSpaces: true, tabSize: 2 } },
  { name: '4 spaces', unit: '    ', options: { insertSpaces: true, tabSize: 4 } },
  { name: 'editor indenting with tabs', unit: '  ', options: { insertSpaces: false, tabSize: 2 } },
  { name: 'editor indenting with tabs, 4-space document', unit: '    ', options: { insertSpaces: false, tabSize: 4 } },
];

async function openUntitled(content: string, options?: vscode.TextEditorOptions): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content });
  const editor = await vscode.window.showTextDocument(document);
  if (options) editor.options = options;
  return editor;
}

async function completions(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
  return list.items;
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Sets the whole text of `editor` to `text`. */
async function resetText(editor: vscode.TextEditor, text: string): Promise<void> {
  const document = editor.document;
  await editor.edit((b) => b.replace(new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text));
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

suite('spec editing: completion, snippets, quick fixes, workspace validation', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
  });

  test('every HyperSweep completion, inserted as VS Code inserts it, keeps the spec valid (2/4 spaces, tab-indenting editor, several depths)', async () => {
    for (const style of STYLES) {
      for (const [place, afterLine, extra] of PLACES) {
        const { text, offset } = specWith(style.unit, afterLine, extra);
        const editor = await openUntitled(text, style.options);
        const items = (await completions(editor.document, editor.document.positionAt(offset))).filter((i) => i.insertText instanceof vscode.SnippetString);
        assert.ok(items.length > 0, `completions at ${place} (${style.name})`);
        const baseline = errorsOf(text);
        for (const item of items) {
          const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
          assert.ok(range && item.insertText instanceof vscode.SnippetString);
          // The path an accepted item takes: the snippet controller, re-indenting unless keepWhitespace.
          await editor.insertSnippet(item.insertText, range, { undoStopBefore: false, undoStopAfter: false, keepWhitespace: item.keepWhitespace === true });
          const after = editor.document.getText();
          const old = [...baseline];
          // New errors, except a value left empty for the user to type (an empty tab stop is null).
          const added = errorsOf(after).filter((e) => {
            const i = old.indexOf(e);
            if (i >= 0) old.splice(i, 1);
            return i < 0 && !/got null/.test(e);
          });
          assert.deepEqual(added, [], `${labelOf(item)} at ${place} (${style.name}) gives:\n${after}`);
          assert.doesNotMatch(after, /^\t/m, `${labelOf(item)} at ${place} (${style.name}) put a tab into the YAML indentation`);
          await resetText(editor, text);
        }
        await closeAll();
      }
    }
  });

  test('accepting `type: choice` from the suggest widget under a new parameter puts `values` beside `type`', async () => {
    const { text, offset } = specWith('  ', 'max_value: 1', 'Unew_p:\nUU|');
    const editor = await openUntitled(text, { insertSpaces: true, tabSize: 2 });
    const position = editor.document.positionAt(offset);
    editor.selection = new vscode.Selection(position, position);
    await waitFor(async () => {
      await vscode.commands.executeCommand('editor.action.triggerSuggest');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await vscode.commands.executeCommand('acceptSelectedSuggestion');
      return editor.document.getText() !== text ? true : undefined;
    }, { what: 'an accepted suggestion', timeoutMs: 15_000 });
    const after = editor.document.getText();
    assert.match(after, /\n {2}new_p:\n {4}type: choice\n {4}values: \[1, 2, 3\]\n/, after);
    assert.deepEqual(errorsOf(after), []);
    await closeAll();
  });

  test('HyperSweep snippets appear only in sweep specs, and not as values', async () => {
    const compose = await openUntitled('services:\n  web:\n    image: nginx\n  \n');
    const composeItems = await completions(compose.document, new vscode.Position(3, 2));
    assert.deepEqual(composeItems.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(labelOf), [], 'no snippets in docker-compose-like YAML');
    await closeAll();
    const { text, offset } = specWith('  ', 'max_value: 1', 'U|');
    const spec = await openUntitled(text);
    const labels = (await completions(spec.document, spec.document.positionAt(offset))).map(labelOf);
    assert.ok(labels.includes('Parameter: uniform'), labels.join(', '));
    const goal = text.indexOf('goal: ') + 'goal: '.length;
    const goalItems = await completions(spec.document, spec.document.positionAt(goal));
    assert.deepEqual(goalItems.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(labelOf), [], 'no snippets as the value of goal');
    await closeAll();
  });

  test('the bandit no-slack warning has a quick fix that adds slack_factor', async () => {
    const { text } = specWith('  ', 'max_total_trials:', 'early_termination:\nUtype: bandit');
    const editor = await openUntitled(text);
    const document = editor.document;
    const warning = await waitFor(() => vscode.languages.getDiagnostics(document.uri).find((d) => d.code === 'bandit-no-slack'), { what: 'the bandit-no-slack warning' });
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, warning.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Add `slack_factor: 0.1`');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.match(document.getText(), /early_termination:\n {2}type: bandit\n {2}slack_factor: 0\.1\n/);
    await waitFor(() => (vscode.languages.getDiagnostics(document.uri).some((d) => d.code === 'bandit-no-slack') ? undefined : true), { what: 'the warning to go away' });
    await closeAll();
  });

  // Files written into the test's workspace copy (not the shared fixture folder, which the UI
  // stage's quick picks list): specs with a misspelled limits key, a docker-compose file, a spec
  // under node_modules. The setting is turned off and on so the full scan (the one that runs at
  // activation) finds them, rather than the file watcher.
  suite('workspace-wide validation', () => {
    const setting = (value: boolean | undefined): Thenable<void> =>
      vscode.workspace.getConfiguration('hypersweep').update('validation.workspace', value, vscode.ConfigurationTarget.Workspace);
    const dir = (): string => workspaceFile('language/ws').fsPath;
    const bad = 'type: sweep\nsampling_algorithm: random\nsearch_space:\n  x:\n    type: uniform\n    min_value: 0\n    max_value: 1\nobjective:\n  goal: maximize\n  primary_metric: acc\nlimits:\n  max_total_trails: 3\ntrial:\n  command: python t.py ${{search_space.x}}\n';
    suiteSetup(async () => {
      await setting(false);
      mkdirSync(join(dir(), 'node_modules', 'pkg'), { recursive: true });
      writeFileSync(join(dir(), 'closed.sweep.yaml'), bad);
      writeFileSync(join(dir(), 'azure-job.yaml'), `# An Azure ML job file: found by its top-level type, not its name.\n${bad}`);
      writeFileSync(join(dir(), 'docker-compose.yaml'), 'services:\n  web:\n    image: nginx\n');
      writeFileSync(join(dir(), 'node_modules', 'pkg', 'vendored.sweep.yaml'), bad);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await setting(true);
    });
    suiteTeardown(async () => {
      await setting(undefined);
      rmSync(dir(), { recursive: true, force: true });
    });

    const problems = (relative: string): string[] => vscode.languages.getDiagnostics(workspaceFile(relative)).filter((d) => d.source === 'hypersweep').map((d) => String(d.code));

    test('specs that were never opened show their problems; other YAML and node_modules do not', async () => {
      for (const file of ['language/ws/closed.sweep.yaml', 'language/ws/azure-job.yaml']) {
        await waitFor(() => (problems(file).includes('unknown-key') ? true : undefined), { what: `problems of ${file} without opening it` });
      }
      assert.deepEqual(problems('language/ws/docker-compose.yaml'), []);
      assert.deepEqual(problems('language/ws/node_modules/pkg/vendored.sweep.yaml'), []);
    });

    test('the problems of a spec stay after its editor closes', async () => {
      const uri = workspaceFile('language/ws/closed.sweep.yaml');
      // Opened as the user does (not with openTextDocument, whose documents VS Code keeps for minutes).
      await vscode.commands.executeCommand('vscode.open', uri);
      await waitFor(() => (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()) ? true : undefined), { what: 'the document to open' });
      await closeAll();
      await waitFor(() => (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()) ? undefined : true), { what: 'the document to close', timeoutMs: 45_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.ok(problems('language/ws/closed.sweep.yaml').includes('unknown-key'));
    });

    test('Run Sweep\'s spec scan lists YAML files with top-level `type: sweep`, not other YAML or node_modules', async () => {
      const found = (await findSweepSpecs()).map((u) => vscode.workspace.asRelativePath(u, false));
      assert.ok(found.includes('language/ws/azure-job.yaml'), found.join(', '));
      assert.ok(found.includes('language/ws/closed.sweep.yaml'));
      assert.ok(!found.includes('language/ws/docker-compose.yaml'));
      assert.ok(!found.some((f) => f.includes('node_modules') || f.includes('.hypersweep')));
    });

    test('turning hypersweep.validation.workspace off removes the problems of closed specs', async () => {
      await vscode.workspace.getConfiguration('hypersweep').update('validation.workspace', false, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => (problems('language/ws/azure-job.yaml').length === 0 ? true : undefined), { what: 'problems of closed specs to go' });
    });

    test('a spec created on disk while VS Code runs gets its problems without being opened', async () => {
      await vscode.workspace.getConfiguration('hypersweep').update('validation.workspace', true, vscode.ConfigurationTarget.Workspace);
      const created = workspaceFile('language/ws/created.sweep.yaml');
      writeFileSync(created.fsPath, readFileSync(workspaceFile('language/ws/closed.sweep.yaml').fsPath, 'utf8'));
      await waitFor(() => (problems('language/ws/created.sweep.yaml').includes('unknown-key') ? true : undefined), { what: 'problems of a new spec', timeoutMs: 30_000 });
    });
  });
});
