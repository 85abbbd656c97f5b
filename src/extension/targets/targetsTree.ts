/** The Targets view: each target, its hosts with reachability, GPUs and free slots (targetsModel.ts). */
import * as vscode from 'vscode';
import type { HostRow, TargetRow } from './targetsModel';

type Node = TargetRow | HostRow;

export class TargetsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private rows: readonly TargetRow[] = [];

  constructor(private readonly compute: () => readonly TargetRow[]) {}

  /** Recomputes the rows and redraws the view. */
  refresh(): readonly TargetRow[] {
    this.rows = this.compute();
    this.changed.fire(undefined);
    return this.rows;
  }

  current(): readonly TargetRow[] {
    return this.rows;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return [...this.rows];
    return node.kind === 'target' ? [...node.hosts] : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const hasChildren = node.kind === 'target' && node.hosts.length > 0 && node.type === 'ssh';
    const item = new vscode.TreeItem(node.label, hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    if (node.kind === 'target') {
      item.id = `target:${node.name}`;
      item.contextValue = node.contextValue;
    } else {
      item.id = `host:${node.target}:${node.host}`;
      item.contextValue = 'target.host';
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
