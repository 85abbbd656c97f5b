/**
 * Quick fixes: every engine diagnostic that carries a `fix` (misspelled key, missing key, legacy
 * placeholder, loguniform raw bounds, unused search-space key, ...) becomes a code action. The
 * document is re-validated so the fix's edits match its current text exactly.
 */
import * as vscode from 'vscode';
import type { Diagnostic as SpecDiagnostic } from '../../core/spec/diagnostics';
import { toVscodeDiagnostic, validateDocument } from './diagnostics';
import { isSweepSpec } from './specDocuments';

function sameDiagnostic(a: vscode.Diagnostic, b: SpecDiagnostic, document: vscode.TextDocument): boolean {
  return a.code === b.code && document.offsetAt(a.range.start) === b.range.start.offset && document.offsetAt(a.range.end) === b.range.end.offset;
}

export class SpecQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!isSweepSpec(document)) return [];
    // The engine's diagnostics are recomputed rather than taken only from `context`: the
    // editor's markers may lag a fresh validation, and a fix must match the current text.
    const ours = context.diagnostics.filter((d) => d.source === 'hypersweep');
    const actions: vscode.CodeAction[] = [];
    for (const found of validateDocument(document)) {
      const fix = found.fix;
      if (!fix) continue;
      const shown = ours.find((d) => sameDiagnostic(d, found, document)) ?? toVscodeDiagnostic(found);
      if (!shown.range.intersection(range)) continue;
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      const edit = new vscode.WorkspaceEdit();
      for (const e of fix.edits) {
        edit.replace(document.uri, new vscode.Range(document.positionAt(e.range.start.offset), document.positionAt(e.range.end.offset)), e.newText);
      }
      action.edit = edit;
      action.diagnostics = [shown];
      action.isPreferred = fix.edits.length > 0 && found.code !== 'unused-parameter';
      actions.push(action);
    }
    return actions;
  }
}
