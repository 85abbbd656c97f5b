/**
 * Completion and hover for sweep specs: thin adapters over the engine's `completionsAt` and
 * `hoverAt` (src/core/spec/assist), which hold all the logic. `primary_metric` completion also
 * reads the journals of earlier sweeps of the spec under the sweeps folder. The HyperSweep
 * snippets come from here too (not from package.json), so they appear only in sweep specs.
 */
import * as vscode from 'vscode';
import { isAbsolute, join } from 'node:path';
import { completionsAt, hoverAt, reportedMetricNames, type AssistCompletion } from '../../core/spec/assist';
import { SWEEPS_FOLDER } from '../../core/journal/layout';
import { isSweepSpec } from './specDocuments';

const KINDS: Record<AssistCompletion['kind'], vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  variant: vscode.CompletionItemKind.Snippet,
  name: vscode.CompletionItemKind.Variable,
  metric: vscode.CompletionItemKind.Value,
  snippet: vscode.CompletionItemKind.Snippet,
};

/** The sweeps folder for a document: setting `hypersweep.sweepsFolder`, relative to its workspace folder. */
function sweepsFolderFor(document: vscode.TextDocument): string | undefined {
  const folder = vscode.workspace.getConfiguration('hypersweep', document.uri).get<string>('sweepsFolder', SWEEPS_FOLDER) || SWEEPS_FOLDER;
  if (isAbsolute(folder)) return folder;
  const root = vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.workspace.workspaceFolders?.[0];
  return root && root.uri.scheme === 'file' ? join(root.uri.fsPath, folder) : undefined;
}

function toItem(document: vscode.TextDocument, item: AssistCompletion): vscode.CompletionItem {
  const result = new vscode.CompletionItem(item.label, KINDS[item.kind]);
  result.insertText = item.snippet ? new vscode.SnippetString(item.insertText) : item.insertText;
  result.range = new vscode.Range(document.positionAt(item.range.start), document.positionAt(item.range.end));
  if (item.detail) result.detail = item.detail;
  if (item.documentation) result.documentation = new vscode.MarkdownString(item.documentation);
  if (item.sortText) result.sortText = item.sortText;
  // Values are replaced whole, so filter on the text typed so far within the range.
  result.filterText = item.filterText ?? item.label;
  // The engine's text carries its full indentation (spaces: YAML forbids tabs); VS Code would
  // otherwise add the cursor line's indentation again and turn spaces into tabs.
  result.keepWhitespace = true;
  return result;
}

export class SpecCompletions implements vscode.CompletionItemProvider {
  static readonly triggerCharacters = [':', ' ', '.'];

  constructor(private readonly log: vscode.LogOutputChannel) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    if (!isSweepSpec(document)) return [];
    const text = document.getText();
    const offset = document.offsetAt(position);
    let metricNames: readonly string[] = [];
    if (/primary_metric\s*:/.test(document.lineAt(position.line).text) && document.uri.scheme === 'file') {
      const folder = sweepsFolderFor(document);
      try {
        metricNames = folder ? await reportedMetricNames(folder, document.uri.fsPath) : [];
      } catch (error) {
        this.log.warn(`Could not read earlier sweeps for metric names: ${String(error)}`);
      }
    }
    return completionsAt(text, offset, { metricNames }).map((item) => toItem(document, item));
  }
}

export class SpecHovers implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!isSweepSpec(document)) return undefined;
    const hover = hoverAt(document.getText(), document.offsetAt(position));
    if (!hover) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(hover.markdown), new vscode.Range(document.positionAt(hover.range.start), document.positionAt(hover.range.end)));
  }
}
