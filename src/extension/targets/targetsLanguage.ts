/**
 * Editing `hypersweep.targets.yaml`: live diagnostics with quick fixes, completion and hover, all
 * from the engine (src/core/targets: validate.ts, assist.ts). The Red Hat YAML extension, when
 * installed, adds schemas/targets.schema.json on top (package.json `yamlValidation`).
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import type { Diagnostic as CoreDiagnostic } from '../../core/spec/diagnostics';
import { nodeFileSystem } from '../../core/spec/nodeFileSystem';
import { targetsCompletionsAt, targetsHoverAt } from '../../core/targets/assist';
import { validateTargets } from '../../core/targets/validate';
import { sshConfigHostAliases } from './sshConfigHosts';

const DEBOUNCE_MS = 250;
const FILE_PATTERN = /(^|[\\/])hypersweep\.targets\.ya?ml$/;
export const TARGETS_SELECTOR: vscode.DocumentSelector = [{ pattern: '**/hypersweep.targets.{yaml,yml}' }];

export function isTargetsFile(document: vscode.TextDocument): boolean {
  return FILE_PATTERN.test(document.fileName);
}

const SEVERITY: Record<CoreDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function rangeOf(document: vscode.TextDocument, range: CoreDiagnostic['range']): vscode.Range {
  return new vscode.Range(document.positionAt(range.start.offset), document.positionAt(range.end.offset));
}

function diagnose(document: vscode.TextDocument): readonly CoreDiagnostic[] {
  const local = document.uri.scheme === 'file';
  return validateTargets(document.getText(), local ? { fileDir: dirname(document.fileName), fileSystem: nodeFileSystem } : {}).diagnostics;
}

function toVscode(document: vscode.TextDocument, d: CoreDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(rangeOf(document, d.range), d.message, SEVERITY[d.severity]);
  diagnostic.code = d.code;
  diagnostic.source = 'hypersweep-targets';
  return diagnostic;
}

class TargetsDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('hypersweep-targets');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly onSaved: () => void) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.validate(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (isTargetsFile(d)) this.onSaved();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    ];
    for (const document of vscode.workspace.textDocuments) this.validate(document);
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => this.validate(document), DEBOUNCE_MS));
  }

  validate(document: vscode.TextDocument): void {
    if (!isTargetsFile(document)) return;
    this.collection.set(document.uri, diagnose(document).map((d) => toVscode(document, d)));
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

const fixes: vscode.CodeActionProvider = {
  provideCodeActions(document, range) {
    if (!isTargetsFile(document)) return [];
    const actions: vscode.CodeAction[] = [];
    // Recomputed so the edits match the current text exactly.
    for (const found of diagnose(document)) {
      if (!found.fix || !rangeOf(document, found.range).intersection(range)) continue;
      const action = new vscode.CodeAction(found.fix.title, vscode.CodeActionKind.QuickFix);
      const edit = new vscode.WorkspaceEdit();
      for (const e of found.fix.edits) edit.replace(document.uri, rangeOf(document, e.range), e.newText);
      action.edit = edit;
      action.diagnostics = [toVscode(document, found)];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  },
};

const completions: vscode.CompletionItemProvider = {
  provideCompletionItems(document, position) {
    if (!isTargetsFile(document)) return [];
    const aliases = /\bhosts?\s*:|\blogin\s*:/.test(document.lineAt(position.line).text) ? sshConfigHostAliases() : [];
    return targetsCompletionsAt(document.getText(), document.offsetAt(position), { hostAliases: aliases }).map((item) => {
      const result = new vscode.CompletionItem(item.label, item.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember);
      result.insertText = item.snippet ? new vscode.SnippetString(item.insertText) : item.insertText;
      result.range = new vscode.Range(document.positionAt(item.range.start), document.positionAt(item.range.end));
      if (item.detail) result.detail = item.detail;
      if (item.documentation) result.documentation = new vscode.MarkdownString(item.documentation);
      if (item.sortText) result.sortText = item.sortText;
      result.filterText = item.label;
      result.keepWhitespace = true;
      return result;
    });
  },
};

const hovers: vscode.HoverProvider = {
  provideHover(document, position) {
    if (!isTargetsFile(document)) return undefined;
    const hover = targetsHoverAt(document.getText(), document.offsetAt(position));
    return hover ? new vscode.Hover(new vscode.MarkdownString(hover.markdown), new vscode.Range(document.positionAt(hover.range.start), document.positionAt(hover.range.end))) : undefined;
  },
};

/** Registers the targets file's editing support; `onSaved` refreshes the Targets view. */
export function registerTargetsLanguage(onSaved: () => void): vscode.Disposable[] {
  return [
    new TargetsDiagnostics(onSaved),
    vscode.languages.registerCodeActionsProvider(TARGETS_SELECTOR, fixes, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerCompletionItemProvider(TARGETS_SELECTOR, completions, ':', ' '),
    vscode.languages.registerHoverProvider(TARGETS_SELECTOR, hovers),
  ];
}
