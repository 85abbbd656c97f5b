/**
 * Finding the sweep specs of the workspace without opening them: every `*.sweep.y(a)ml` plus
 * every other YAML file whose top level has `type: sweep` (a cheap text scan of files up to
 * 1 MB; node_modules, .hypersweep and .git are skipped). Used by workspace-wide validation, and
 * by Run Sweep's file picker so that `examples/x/sweep.yaml` or Azure's own files are listed.
 */
import * as vscode from 'vscode';
import { isSweepSpecFile, MAX_SCANNED_SPEC_BYTES, SWEEP_SPEC_FILE_NAME } from '../../core/spec/specFiles';

/** YAML files of the workspace that may be specs. */
export const YAML_GLOB = '**/*.{yaml,yml}';
/** Folders never scanned: dependencies, sweep folders (they hold copies of specs), git. */
export const SPEC_SCAN_EXCLUDE = '**/{node_modules,.hypersweep,.git}/**';
/** Upper bound on the YAML files looked at, so a huge monorepo stays cheap. */
const MAX_YAML_FILES = 5000;
const SCAN_BATCH = 32;

/** The text of a file: the open document's (which may be unsaved), else the file's on disk. */
export async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_SCANNED_SPEC_BYTES) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Whether the file at `uri` is a sweep spec (read only when its name does not say so). */
export async function isSweepSpecUri(uri: vscode.Uri): Promise<boolean> {
  if (SWEEP_SPEC_FILE_NAME.test(uri.path)) return true;
  const text = await currentText(uri);
  return text !== undefined && isSweepSpecFile(uri.path, text);
}

/** Every sweep spec of the workspace, sorted by path. */
export async function findSweepSpecs(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles(YAML_GLOB, SPEC_SCAN_EXCLUDE, MAX_YAML_FILES, token);
  const specs: vscode.Uri[] = [];
  // A few reads at a time: a workspace may hold thousands of YAML files.
  for (let i = 0; i < files.length && token?.isCancellationRequested !== true; i += SCAN_BATCH) {
    const batch = files.slice(i, i + SCAN_BATCH);
    const flags = await Promise.all(batch.map((uri) => isSweepSpecUri(uri)));
    specs.push(...batch.filter((_, j) => flags[j]));
  }
  return specs.sort((a, b) => a.path.localeCompare(b.path));
}
