/**
 * Smoke test of the extension inside a real VS Code (code-server's Node extension host): it
 * activates, validates a broken spec from the test workspace, and registers its commands.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { waitFor } from './support/waitFor';

const EXTENSION_ID = 'hypersweep.hypersweep';

/** The commands the areas promise each other (docs: the shared extension contracts). */
const CONTRACT_COMMANDS = [
  'hypersweep.runSweep', 'hypersweep.resumeSweep', 'hypersweep.stopSweep', 'hypersweep.cancelTrial',
  'hypersweep.rerunTrial', 'hypersweep.showTrialOutput', 'hypersweep.copyTrialCommand',
  'hypersweep.openTrialFolder', 'hypersweep.exportResults', 'hypersweep.deleteSweep',
  'hypersweep.refreshSweeps', 'hypersweep.openDashboard', 'hypersweep.newSweepSpec',
  'hypersweep.validateSpec', 'hypersweep.previewSamples',
];

async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in this VS Code`);
  await extension.activate();
  return extension;
}

function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness opens test/fixtures/vscode-workspace as the workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

interface ContributedCommand {
  readonly command: string;
}

function contributedCommands(extension: vscode.Extension<unknown>): string[] {
  const manifest = JSON.parse(readFileSync(join(extension.extensionPath, 'package.json'), 'utf8')) as {
    contributes?: { commands?: ContributedCommand[] };
  };
  return (manifest.contributes?.commands ?? []).map((c) => c.command);
}

suite('smoke: the extension in a real VS Code', () => {
  test('runs in VS Code 1.100 and activates', async () => {
    assert.match(vscode.version, /^1\.100\./);
    const extension = await activeExtension();
    assert.equal(extension.isActive, true);
  });

  test('shows hypersweep diagnostics for a broken spec', async () => {
    await activeExtension();
    const uri = workspaceFile('smoke/broken.sweep.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'hypersweep');
      return found.length >= 3 ? found : undefined;
    }, { what: 'hypersweep diagnostics for smoke/broken.sweep.yaml' });

    const byCode = new Map(diagnostics.map((d) => [String(d.code), d]));
    const placeholder = byCode.get('unknown-placeholder');
    assert.ok(placeholder, `codes seen: ${[...byCode.keys()].join(', ')}`);
    assert.equal(placeholder.severity, vscode.DiagnosticSeverity.Error);
    // `${{search_space.depht}}` on line 4 (0-based 3): the range covers the placeholder.
    assert.equal(placeholder.range.start.line, 3);
    assert.equal(document.getText(placeholder.range), '${{search_space.depht}}');

    const goal = byCode.get('invalid-value');
    assert.ok(goal, 'the misspelled goal `maximise` is reported');
    assert.equal(document.getText(goal.range), 'maximise');
    assert.equal(byCode.get('loguniform-raw-bounds')?.severity, vscode.DiagnosticSeverity.Warning);
  });

  test('registers every command it contributes', async () => {
    const extension = await activeExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributedCommands(extension).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], 'contributed in package.json but not registered');
  });

  test('contributes and registers the commands the areas promise each other', async () => {
    const extension = await activeExtension();
    const contributed = new Set(contributedCommands(extension));
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(CONTRACT_COMMANDS.filter((id) => !contributed.has(id)), [], 'not contributed in package.json');
    assert.deepEqual(CONTRACT_COMMANDS.filter((id) => !registered.has(id)), [], 'not registered');
  });
});
