/**
 * The header: sweep name and status, progress (done / running / total), elapsed time, best value
 * and trial, sampler and policy, the Stop / Resume / Extend / Export buttons, prior trials,
 * enqueued configurations and extensions, and how far the host got
 * while it is still reading a long journal.
 */
import type { SweepHeaderView } from '../src/shared/dashboardProtocol';
import { byId, el, formatDuration, formatValue } from './format';

/** Warnings shown in full in the header; more are counted. */
const WARNINGS_SHOWN = 5;

/** Whole percent read, never 100 while reading is not done. */
function loadingPercent(readBytes: number, totalBytes: number): number {
  if (!(totalBytes > 0)) return 0;
  return Math.min(99, Math.max(0, Math.floor((100 * readBytes) / totalBytes)));
}

export class HeaderView {
  private header: SweepHeaderView | undefined;

  constructor(private readonly onPickBest: (trialId: string) => void) {
    byId('best-link').addEventListener('click', () => {
      const id = this.header?.bestTrialId;
      if (id !== undefined) this.onPickBest(id);
    });
    byId('leading-link').addEventListener('click', () => {
      const id = this.header?.leading?.trialId;
      if (id !== undefined) this.onPickBest(id);
    });
    // Elapsed time moves on its own while a sweep runs.
    setInterval(() => this.tick(), 1000);
  }

  show(header: SweepHeaderView): void {
    this.header = header;
    byId('sweep-name').textContent = header.name;
    const status = byId('sweep-status');
    status.textContent = header.statusLabel ?? header.status;
    status.className = `badge status-${header.statusWarning === true ? 'warning' : header.status.toLowerCase()}`;
    byId('sweep-end').textContent = header.endReason ? `: ${header.endReason}` : '';
    const c = header.counts;
    const reruns = header.reruns ? ` + ${header.reruns.count} re-run${header.reruns.count === 1 ? '' : 's'} (${header.reruns.done} done)` : '';
    byId('progress-text').textContent = `${header.done} done (${c.Completed} completed, ${c.Canceled} canceled, ${c.Failed} failed), ${header.running} running, of ${header.total}${reruns}`;
    const bar = byId('progress-bar');
    bar.style.width = `${header.total > 0 ? Math.min(100, (100 * header.done) / header.total) : 0}%`;
    byId('progress').setAttribute('aria-valuenow', String(header.done));
    byId('progress').setAttribute('aria-valuemax', String(header.total));
    byId('best-value').textContent = header.bestValue !== undefined
      ? `${formatValue(header.bestValue)} (${header.goal} ${header.primaryMetric})`
      : header.statusWarning === true ? `none: no trial reported ${header.primaryMetric}` : 'none yet';
    const link = byId<HTMLButtonElement>('best-link');
    link.textContent = header.bestTrialId ?? '';
    link.hidden = header.bestTrialId === undefined;
    // A running trial ahead of the best finished one is named, as leading, never as best.
    const leading = header.leading;
    byId('leading').hidden = leading === undefined;
    byId('leading-value').textContent = leading ? formatValue(leading.value) : '';
    byId('leading-link').textContent = leading ? `${leading.trialId} (${leading.status})` : '';
    this.showWarnings(header.warnings ?? []);
    byId('sampler').textContent = header.sampler;
    byId('policy').textContent = header.policy;
    this.showLoading(header);
    byId('stop-button').hidden = !header.canStop;
    byId('resume-button').hidden = !header.canResume;
    byId('extend-button').hidden = header.canExtend !== true;
    this.showOrigins(header.origins ?? []);
    this.tick();
  }

  /** The journal's warnings, the first few in full (the rest counted), rewritten only on change. */
  private showWarnings(warnings: readonly string[]): void {
    const list = byId('sweep-warnings');
    const key = warnings.join('\u0000');
    if (list.dataset['key'] === key) return;
    list.dataset['key'] = key;
    list.replaceChildren();
    for (const message of warnings.slice(0, WARNINGS_SHOWN)) {
      const item = el(list, 'li', 'warning');
      el(item, 'span', 'codicon codicon-warning').setAttribute('aria-label', 'warning');
      item.append(message);
    }
    if (warnings.length > WARNINGS_SHOWN) el(list, 'li', 'warning', `and ${warnings.length - WARNINGS_SHOWN} more warnings (hypersweep status lists them all)`);
  }

  /**
   * Prior trials (warm start), enqueued configurations and extensions, one line each: an extended
   * sweep's earlier outcome is told here as it was, beside the current status, never rewritten.
   */
  private showOrigins(lines: readonly string[]): void {
    const list = byId('sweep-origins');
    const key = lines.join('\u0000');
    if (list.dataset['key'] === key) return;
    list.dataset['key'] = key;
    list.replaceChildren();
    for (const line of lines) {
      const item = el(list, 'li', 'origin');
      el(item, 'span', `codicon codicon-${line.startsWith('prior') ? 'history' : line.startsWith('extended') ? 'add' : 'list-ordered'}`).setAttribute('aria-hidden', 'true');
      item.append(line);
    }
  }

  /** "Reading journal… 42%" while the host is still reading a long journal; empty when done. */
  private showLoading(header: SweepHeaderView): void {
    const loading = header.loading;
    const text = loading === undefined ? '' : `Reading journal… ${loadingPercent(loading.readBytes, loading.totalBytes)}%`;
    const node = byId('journal-loading');
    // Only on change: a live region re-announces every write, even of the same text.
    if (node.textContent !== text) node.textContent = text;
  }

  private tick(): void {
    const h = this.header;
    byId('elapsed').textContent = h?.startedAt === undefined ? 'not started' : formatDuration((h.endedAt ?? Date.now()) - h.startedAt);
  }
}
