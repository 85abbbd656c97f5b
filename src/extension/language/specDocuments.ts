/**
 * Which documents are sweep specs: `*.sweep.yaml`, `*.sweep.yml`, and any YAML file whose top
 * level has `type: sweep` (engine: specFiles.ts). Specs stay YAML documents so other YAML
 * tooling keeps working; HyperSweep only adds to them.
 */
import type * as vscode from 'vscode';
import { hasTopLevelTypeSweep, SWEEP_SPEC_FILE_NAME, YAML_FILE_NAME } from '../../core/spec/specFiles';

export function isSweepSpec(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'yaml' && !YAML_FILE_NAME.test(document.fileName)) return false;
  if (SWEEP_SPEC_FILE_NAME.test(document.fileName)) return true;
  return hasTopLevelTypeSweep(document.getText());
}
