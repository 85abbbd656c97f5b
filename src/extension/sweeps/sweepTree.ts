/** The trial explorer (`hypersweep.sweeps`): sweeps -> trials -> details, refreshed live. */
import * as vscode from 'vscode';
import type { TrialRecord } from '../../core/journal/state';
import type { SweepWatcher, WatchedSweep } from './sweepWatcher';
import { sortTrials, sweepView, trialDetails, trialView, type IconView, type NodeView, type TrialSort } from './treeModel';

/** Tree elements carry the shared command argument fields (`sweepDir`, `trialId`). */
export type SweepNode =
  | { readonly kind: 'sweep'; readonly sweepDir: string }
  | { readonly kind: 'trial'; readonly sweepDir: string; readonly trialId: string }
  | { readonly kind: 'detail'; readonly sweepDir: string; readonly trialId: string; readonly index: number };

function themeIcon(icon: IconView): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

function item(view: NodeView, collapsible: vscode.TreeItemCollapsibleState, id: string): vscode.TreeItem {
  const treeItem = new vscode.TreeItem(view.label, collapsible);
  treeItem.id = id;
  treeItem.description = view.description;
  treeItem.tooltip = view.tooltip;
  treeItem.iconPath = themeIcon(view.icon);
  treeItem.contextValue = view.contextValue;
  return treeItem;
}

/** Nodes are cached by identity so refreshes of one node keep the rest of the tree as it was. */
export class SweepTreeProvider implements vscode.TreeDataProvider<SweepNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SweepNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sweepNodes = new Map<string, SweepNode>();
  private readonly trialNodes = new Map<string, SweepNode>();
  private readonly dirty = new Set<string>();
  private all = false;
  private timer: NodeJS.Timeout | undefined;
  /** Trials as created, or best primary value first (the view's sort toggle). */
  private sortOrder: TrialSort = 'order';

  constructor(private readonly watcher: SweepWatcher, private readonly debounceMs = 250) {}

  get sort(): TrialSort {
    return this.sortOrder;
  }

  set sort(sort: TrialSort) {
    this.sortOrder = sort;
    this.invalidate();
  }

  /** The trial ids under a sweep, in the order the view shows them. */
  trialOrder(sweepDir: string): string[] {
    const sweep = this.watcher.get(sweepDir);
    return sweep ? sortTrials(sweep.state, this.sortOrder).map((t) => t.id) : [];
  }

  /** Marks a sweep as changed (undefined: the list of sweeps changed); refreshes after a short pause. */
  invalidate(sweepDir?: string): void {
    if (sweepDir === undefined || !this.sweepNodes.has(sweepDir)) this.all = true;
    else this.dirty.add(sweepDir);
    this.timer ??= setTimeout(() => this.flush(), this.debounceMs);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.all) this.changed.fire(undefined);
    else for (const dir of this.dirty) this.changed.fire(this.sweepNodes.get(dir));
    this.all = false;
    this.dirty.clear();
  }

  private sweepNode(dir: string): SweepNode {
    let node = this.sweepNodes.get(dir);
    if (!node) this.sweepNodes.set(dir, (node = { kind: 'sweep', sweepDir: dir }));
    return node;
  }

  private trialNode(dir: string, trialId: string): SweepNode {
    const key = `${dir}\n${trialId}`;
    let node = this.trialNodes.get(key);
    if (!node) this.trialNodes.set(key, (node = { kind: 'trial', sweepDir: dir, trialId }));
    return node;
  }

  private trial(node: { sweepDir: string; trialId: string }): { sweep: WatchedSweep; trial: TrialRecord } | undefined {
    const sweep = this.watcher.get(node.sweepDir);
    const trial = sweep?.state.trials.find((t) => t.id === node.trialId);
    return sweep && trial ? { sweep, trial } : undefined;
  }

  getChildren(node?: SweepNode): SweepNode[] {
    if (!node) return this.watcher.sweeps().filter((s) => s.state.info).map((s) => this.sweepNode(s.dir));
    if (node.kind === 'sweep') return this.trialOrder(node.sweepDir).map((id) => this.trialNode(node.sweepDir, id));
    if (node.kind === 'trial') {
      const found = this.trial(node);
      return found ? trialDetails(found.trial).map((_, index) => ({ kind: 'detail', sweepDir: node.sweepDir, trialId: node.trialId, index })) : [];
    }
    return [];
  }

  getParent(node: SweepNode): SweepNode | undefined {
    if (node.kind === 'sweep') return undefined;
    if (node.kind === 'trial') return this.sweepNode(node.sweepDir);
    return this.trialNode(node.sweepDir, node.trialId);
  }

  getTreeItem(node: SweepNode): vscode.TreeItem {
    if (node.kind === 'sweep') {
      const sweep = this.watcher.get(node.sweepDir);
      if (!sweep) return new vscode.TreeItem('(removed)');
      return item(sweepView(sweep), vscode.TreeItemCollapsibleState.Collapsed, `sweep:${node.sweepDir}`);
    }
    const found = this.trial(node);
    if (!found) return new vscode.TreeItem('(removed)');
    if (node.kind === 'trial') {
      const treeItem = item(trialView(found.trial, found.sweep.state), vscode.TreeItemCollapsibleState.Collapsed, `trial:${node.sweepDir}\n${node.trialId}`);
      treeItem.command = { command: 'hypersweep.showTrialOutput', title: 'Show Trial Output', arguments: [{ sweepDir: node.sweepDir, trialId: node.trialId }] };
      return treeItem;
    }
    const detail = trialDetails(found.trial)[node.index];
    const treeItem = new vscode.TreeItem(detail?.label ?? '', vscode.TreeItemCollapsibleState.None);
    treeItem.description = detail?.description ?? '';
    treeItem.tooltip = detail ? `${detail.label}: ${detail.description}` : '';
    treeItem.iconPath = new vscode.ThemeIcon(detail?.icon ?? 'info');
    treeItem.contextValue = 'trial.detail';
    return treeItem;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}
