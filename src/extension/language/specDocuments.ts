/**
 * Which documents are sweep specs: `*.sweep.yaml`, `*.sweep.yml`, and any YAML file whose top
 * level has `type: sweep` (decisions.md, "Spec file"). Specs stay YAML documents so other YAML
 * tooling keeps working; HyperSweep only adds to them.
 */
import type * as vscode from 'vscode';

const SWEEP_FILE = /\.sweep\.ya?ml$/i;
const TOP_LEVEL_TYPE_SWEEP = /^type:\s*["']?sweep["']?\s*(#.*)?$/im;

export function isSweepSpec(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'yaml' && !/\.ya?ml$/i.test(document.fileName)) return false;
  if (SWEEP_FILE.test(document.fileName)) return true;
  return TOP_LEVEL_TYPE_SWEEP.test(document.getText());
}
