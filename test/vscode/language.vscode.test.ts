/**
 * Spec language support inside a real VS Code: diagnostics with the engine's codes and ranges,
 * completion, quick fixes, hover, the CodeLens, Validate and the sample preview, all through
 * VS Code's own command API (the same path the editor UI takes).
 * Fixtures: test/fixtures/vscode-workspace/language/ (the harness opens a temp copy).
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { waitFor } from './support/waitFor';

const EXTENSION_ID = 'hypersweep.hypersweep';

function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness opens test/fixtures/vscode-workspace as the workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

async function open(relativePath: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  await vscode.window.showTextDocument(document);
  return document;
}

/** The 0-based position just after the first `needle` in the document. */
function after(document: vscode.TextDocument, needle: string): vscode.Position {
  const index = document.getText().indexOf(needle);
  assert.ok(index >= 0, `${needle} not in ${document.uri.path}`);
  return document.positionAt(index + needle.length);
}

async function diagnosticsOf(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'hypersweep');
    return found.length > 0 ? found : undefined;
  }, { what: `HyperSweep diagnostics for ${uri.path}` });
}

async function completionLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

function rangeTuple(range: vscode.Range): [number, number, number, number] {
  return [range.start.line, range.start.character, range.end.line, range.end.character];
}

suite('language: spec IntelliSense in a real VS Code', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
  });

  test('a spec with known problems gets the engine diagnostics: codes, severities, ranges', async () => {
    const document = await open('language/problems.sweep.yaml');
    const found = (await diagnosticsOf(document.uri)).map((d) => [d.code, d.severity, ...rangeTuple(d.range)]);
    const { Error, Warning } = vscode.DiagnosticSeverity;
    assert.deepEqual(found, [
      ['loguniform-raw-bounds', Warning, 5, 15, 6, 18],
      ['unused-parameter', Warning, 7, 2, 7, 8],
      ['missing-key', Error, 10, 0, 10, 9],
      ['limits-missing', Warning, 12, 0, 12, 6],
      ['unknown-key', Error, 13, 2, 13, 17],
      ['legacy-placeholder', Warning, 15, 32, 15, 49],
    ]);
  });

  test('every diagnostic with an engine fix offers a quick fix, and applying one edits the document', async () => {
    const source = await open('language/problems.sweep.yaml');
    // An untitled copy, so the fixture file on disk stays as it is.
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: source.getText() });
    await vscode.window.showTextDocument(document);
    const diagnostics = await diagnosticsOf(document.uri);
    const expected: Record<string, string> = {
      'loguniform-raw-bounds': 'Rewrite bounds as ln(value)',
      'unused-parameter': 'Remove `unused`',
      'missing-key': 'Add `primary_metric`',
      'limits-missing': 'Add `max_total_trials`',
      'unknown-key': 'Replace with `max_total_trials`',
      'legacy-placeholder': 'Rewrite as `${{search_space.lr}}`',
    };
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), Object.keys(expected).sort());
    const quickFixesAt = async (range: vscode.Range): Promise<vscode.CodeAction[]> =>
      vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value);
    for (const diagnostic of diagnostics) {
      const title = expected[String(diagnostic.code)] ?? '';
      await waitFor(async () => {
        const titles = (await quickFixesAt(diagnostic.range)).map((a) => a.title);
        return titles.includes(title) ? true : undefined;
      }, { what: `the quick fix "${title}" for ${String(diagnostic.code)}` });
    }

    const typo = diagnostics.find((d) => d.code === 'unknown-key');
    assert.ok(typo);
    const fix = (await quickFixesAt(typo.range)).find((a) => a.title === expected['unknown-key']);
    assert.ok(fix?.edit);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.match(document.getText(), /\n {2}max_total_trials: 4\n/);
    await waitFor(() => (vscode.languages.getDiagnostics(document.uri).some((d) => d.code === 'unknown-key') ? undefined : true), { what: 'the unknown-key diagnostic to go away' });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('completion: distribution types, goal values, keys of the mapping and placeholder names', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: 'type: sweep\nsampling_algorithm: random\nsearch_space:\n  lr:\n    type: \nobjective:\n  goal: \nlimits:\n  max_total_trials: 3\n  \ntrial:\n  command: python t.py ${{search_space.\n',
    });
    const text = document.getText();
    const at = (needle: string): vscode.Position => document.positionAt(text.indexOf(needle) + needle.length);
    const types = await completionLabels(document.uri, at('    type: '));
    for (const t of ['choice', 'randint', 'uniform', 'loguniform', 'qlognormal']) assert.ok(types.includes(t), `${t} offered`);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, at('    type: '));
    const loguniform = list.items.find((i) => i.label === 'loguniform');
    assert.ok(loguniform?.insertText instanceof vscode.SnippetString);
    assert.equal(loguniform.insertText.value, 'loguniform\n    min_value: ${1:0}\n    max_value: ${2:1}');
    const goals = await completionLabels(document.uri, at('  goal: '));
    assert.ok(goals.includes('maximize') && goals.includes('minimize'));
    const limitKeys = await completionLabels(document.uri, at('max_total_trials: 3\n  '));
    for (const key of ['max_concurrent_trials', 'timeout', 'trial_timeout']) assert.ok(limitKeys.includes(key), `${key} offered`);
    assert.ok(!limitKeys.includes('max_total_trials'), 'a key already present is not offered');
    assert.ok((await completionLabels(document.uri, at('${{search_space.'))).includes('lr'));
  });

  test('completion: primary_metric offers the metric names earlier sweeps of this spec reported', async () => {
    const document = await open('language/assist.sweep.yaml');
    const sweepDir = join(workspaceFile('.hypersweep').fsPath, 'language-metrics-fixture');
    mkdirSync(sweepDir, { recursive: true });
    const events = [
      { v: 1, type: 'sweep-created', t: 1, name: 'language-metrics-fixture', specPath: document.uri.fsPath, specHash: 'x', sampler: 'random', seed: 1, goal: 'maximize', primaryMetric: 'acc', limits: { max_total_trials: 1 }, policy: null, hypersweepVersion: '0.1.0' },
      { v: 1, type: 'metric', t: 2, trialId: 'language-metrics-fixture_0', name: 'val_f1', value: 0.5, step: 0, timestamp: 2, source: 'stdout' },
    ];
    writeFileSync(join(sweepDir, 'journal.jsonl'), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    try {
      const labels = await completionLabels(document.uri, after(document, 'primary_metric: '));
      assert.ok(labels.includes('val_f1') && labels.includes('acc'), `metric names offered, got ${labels.join(', ')}`);
    } finally {
      rmSync(sweepDir, { recursive: true, force: true });
    }
  });

  test('hover: key docs, the real loguniform range, and the grid size', async () => {
    const assist = await open('language/assist.sweep.yaml');
    const logHover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', assist.uri, after(assist, 'type: logu')));
    assert.match(logHover, /e\^-6\.908\.\.e\^-2\.303 = \*\*0\.001\.\.0\.1\*\*/);
    const keyHover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', assist.uri, after(assist, 'primary_me')));
    assert.match(keyHover, /\*\*primary_metric\*\*/);
    const grid = await open('language/preview.sweep.yaml');
    const gridHover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', grid.uri, after(grid, 'sampling_algorithm: gr')));
    assert.match(gridHover, /\*\*Grid size: 4\*\* \(2 × 2\)/);
  });

  test('CodeLens at the top of a spec: Run Sweep, Validate, Preview Samples', async () => {
    const document = await open('language/assist.sweep.yaml');
    const lenses = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      const ours = found.filter((l) => l.command?.command.startsWith('hypersweep.'));
      return ours.length >= 3 ? ours : undefined;
    }, { what: 'HyperSweep code lenses' });
    assert.deepEqual(lenses.map((l) => [l.command?.command, l.range.start.line]), [
      ['hypersweep.runSweep', 0], ['hypersweep.validateSpec', 0], ['hypersweep.previewSamples', 0],
    ]);
    assert.equal((lenses[0]?.command?.arguments?.[0] as vscode.Uri | undefined)?.toString(), document.uri.toString());
  });

  test('Validate reports the counts of the spec problems', async () => {
    const uri = workspaceFile('language/problems.sweep.yaml');
    const counts = await vscode.commands.executeCommand<{ errors: number; warnings: number; infos: number }>('hypersweep.validateSpec', uri);
    assert.deepEqual(counts, { errors: 2, warnings: 4, infos: 0 });
  });

  test('Preview Samples opens a read-only document with the first configurations', async () => {
    const uri = workspaceFile('language/preview.sweep.yaml');
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>('hypersweep.previewSamples', uri);
    assert.equal(preview.uri.scheme, 'hypersweep-preview');
    assert.equal(preview.getText(), [
      '# First 10 configurations of preview.sweep.yaml',
      '# Sampler: grid.',
      '',
      '#  a  b',
      '0  1  x',
      '1  1  y',
      '2  2  x',
      '3  2  y',
      '',
      'The search space holds only 4 configurations.',
      '',
    ].join('\n'));
  });
});
