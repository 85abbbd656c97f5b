/**
 * The header: sweep name and status, progress (done / running / total), elapsed time, best value
 * and trial, sampler and policy, the Stop / Resume / Export buttons, and how far the host got
 * while it is still reading a long journal.
 */
import type { SweepHeaderView } from '../src/shared/dashboardProtocol';
import { byId, formatDuration, formatValue } from './format';

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
    // Elapsed time moves on its own while a sweep runs.
    setInterval(() => this.tick(), 1000);
  }

  show(header: SweepHeaderView): void {
    this.header = header;
    byId('sweep-name').textContent = header.name;
    const status = byId('sweep-status');
    status.textContent = header.status;
    status.className = `badge status-${header.status.toLowerCase()}`;
    byId('sweep-end').textContent = header.endReason ? `: ${header.endReason}` : '';
    const c = header.counts;
    byId('progress-text').textContent = `${header.done} done (${c.Completed} completed, ${c.Canceled} canceled, ${c.Failed} failed), ${header.running} running, of ${header.total}`;
    const bar = byId('progress-bar');
    bar.style.width = `${header.total > 0 ? Math.min(100, (100 * header.done) / header.total) : 0}%`;
    byId('progress').setAttribute('aria-valuenow', String(header.done));
    byId('progress').setAttribute('aria-valuemax', String(header.total));
    byId('best-value').textContent = header.bestValue === undefined ? 'none yet' : `${formatValue(header.bestValue)} (${header.goal} ${header.primaryMetric})`;
    const link = byId<HTMLButtonElement>('best-link');
    link.textContent = header.bestTrialId ?? '';
    link.hidden = header.bestTrialId === undefined;
    byId('sampler').textContent = header.sampler;
    byId('policy').textContent = header.policy;
    this.showLoading(header);
    byId('stop-button').hidden = !header.canStop;
    byId('resume-button').hidden = !header.canResume;
    this.tick();
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
