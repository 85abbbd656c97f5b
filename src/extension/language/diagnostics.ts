/**
 * Live validation of sweep specs: the engine's diagnostics, with its ranges, codes and
 * severities, shown in the Problems panel as the user types. With `hypersweep.validation.workspace`
 * (workspaceValidation.ts) the specs that are not open are validated from disk too, and a spec's
 * problems stay when its editor closes.
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import type { Diagnostic as SpecDiagnostic } from '../../core/spec/diagnostics';
import { loadSpec, nodeFileSystem } from '../../core/spec';
import { isSweepSpec } from './specDocuments';
import { readWorkspaceTargets } from '../targets/targetsConfig';
import { debounceAfter } from './validationPace';


const SEVERITY: Record<SpecDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Engine ranges are 1-based; VS Code's are 0-based. */
export function toVscodeRange(range: SpecDiagnostic['range']): vscode.Range {
  return new vscode.Range(range.start.line - 1, range.start.column - 1, range.end.line - 1, range.end.column - 1);
}

export function toVscodeDiagnostic(d: SpecDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVscodeRange(d.range), d.message, SEVERITY[d.severity]);
  diagnostic.code = d.code;
  diagnostic.source = 'hypersweep';
  return diagnostic;
}

/** The engine's diagnostics for a spec's text (`trial.code` is checked only for files on disk). */
export function validateText(uri: vscode.Uri, text: string): readonly SpecDiagnostic[] {
  const local = uri.scheme === 'file';
  return loadSpec(text, {
    fileName: uri.fsPath,
    ...(local ? { specDir: dirname(uri.fsPath), fileSystem: nodeFileSystem, targetNames: [...readWorkspaceTargets(dirname(uri.fsPath)).targets.keys()] } : {}),
  }).diagnostics;
}

/** The engine's diagnostics for a document. */
export function validateDocument(document: vscode.TextDocument): readonly SpecDiagnostic[] {
  return validateText(document.uri, document.getText());
}

export class SpecDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('hypersweep');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** What each document's last validation took (ms): big specs are validated less often while typing. */
  private readonly costs = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Called when a spec's editor closes: true keeps (re-validates from disk) its problems. */
  keepWhenClosed: (uri: vscode.Uri) => Promise<boolean> = () => Promise.resolve(false);

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.validate(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => void this.closed(d.uri)),
    );
    for (const document of vscode.workspace.textDocuments) this.validate(document);
  }

  private async closed(uri: vscode.Uri): Promise<void> {
    clearTimeout(this.timers.get(uri.toString()));
    this.costs.delete(uri.toString());
    if (!(await this.keepWhenClosed(uri))) this.collection.delete(uri);
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => this.validate(document), debounceAfter(this.costs.get(key))));
  }

  validate(document: vscode.TextDocument): void {
    if (!isSweepSpec(document)) {
      this.collection.delete(document.uri);
      return;
    }
    const started = performance.now();
    const diagnostics = validateDocument(document).map(toVscodeDiagnostic);
    this.costs.set(document.uri.toString(), performance.now() - started);
    this.collection.set(document.uri, diagnostics);
  }

  /** Shows the problems of a spec that is not open, validated from `text`. */
  setFromText(uri: vscode.Uri, text: string): void {
    this.collection.set(uri, validateText(uri, text).map(toVscodeDiagnostic));
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  /** The files that currently have HyperSweep problems listed. */
  uris(): vscode.Uri[] {
    const found: vscode.Uri[] = [];
    this.collection.forEach((uri) => found.push(uri));
    return found;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
