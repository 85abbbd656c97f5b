/**
 * The webview's copy of the sweep: rows by id, the header, the early-termination stops, and the
 * user's view settings (sort, text and status filter, parallel-coordinate brushes). Views read
 * `visibleRows()`, which is recomputed lazily once per change, never once per event.
 */
import { MAX_COMPARED, type SweepHeaderView, type TerminationView, type TrialRowView } from '../src/shared/dashboardProtocol';
import { ownValue } from '../src/shared/nameRecords';

/** Sortable columns: fixed ones, or `param:<name>`. */
export type SortKey = 'rank' | 'id' | 'status' | 'best' | 'duration' | 'reason' | `param:${string}`;

export interface SortOrder {
  readonly key: SortKey;
  readonly descending: boolean;
}

/** A row with its rank (1-based among rows with a value; undefined for the rest). */
export interface RankedRow {
  readonly row: TrialRowView;
  readonly rank: number | undefined;
}

/** A filter contributed by a brushed axis: true when the row lies inside the brush. */
export type RowPredicate = (row: TrialRowView) => boolean;

type Listener = () => void;

function durationOf(row: TrialRowView, now: number): number | undefined {
  return row.startedAt === undefined ? undefined : (row.endedAt ?? now) - row.startedAt;
}

function compareUnknown(a: unknown, b: unknown): number {
  // Missing values sort last in either direction (handled by the caller), numbers numerically.
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

export class DashboardStore {
  header: SweepHeaderView | undefined;
  terminations: TerminationView[] = [];
  checks = 0;
  sort: SortOrder = { key: 'rank', descending: false };
  text = '';
  status = '';
  selectedId: string | undefined;
  private readonly rows = new Map<string, TrialRowView>();
  private readonly brushes = new Map<string, RowPredicate>();
  private ranks = new Map<string, number>();
  private cache: RankedRow[] | undefined;
  private readonly listeners: Listener[] = [];

  /** Called after every change (views schedule their own repaint). */
  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    this.cache = undefined;
    for (const listener of this.listeners) listener();
  }

  /** Replaces everything with a snapshot. */
  reset(header: SweepHeaderView, rows: readonly TrialRowView[], terminations: readonly TerminationView[], checks: number): void {
    this.header = header;
    this.rows.clear();
    for (const row of rows) this.rows.set(row.id, row);
    this.terminations = [...terminations];
    this.checks = checks;
    this.rerank();
    this.changed();
  }

  /** Merges an update: changed rows replace their old version, new stops are appended. */
  update(header: SweepHeaderView, rows: readonly TrialRowView[], terminations: readonly TerminationView[], checks: number): void {
    this.header = header;
    for (const row of rows) this.rows.set(row.id, row);
    this.terminations.push(...terminations);
    this.checks = checks;
    if (rows.length > 0) this.rerank();
    this.changed();
  }

  /**
   * Ranks rows as the engine's leaderboard does: by best primary value for the goal, ties by
   * trial index, rows without a value unranked.
   */
  private rerank(): void {
    const maximize = this.header?.goal !== 'minimize';
    const scored = [...this.rows.values()].filter((r) => r.best !== null && Number.isFinite(r.best));
    scored.sort((a, b) => {
      const av = a.best ?? 0;
      const bv = b.best ?? 0;
      if (av !== bv) return maximize ? bv - av : av - bv;
      return a.index - b.index;
    });
    this.ranks = new Map(scored.map((r, i) => [r.id, i + 1]));
  }

  get size(): number {
    return this.rows.size;
  }

  row(id: string): TrialRowView | undefined {
    return this.rows.get(id);
  }

  rankOf(id: string): number | undefined {
    return this.ranks.get(id);
  }

  /** Every row (unfiltered), in index order. */
  allRows(): TrialRowView[] {
    return [...this.rows.values()].sort((a, b) => a.index - b.index);
  }

  setSort(key: SortKey): void {
    this.sort = this.sort.key === key ? { key, descending: !this.sort.descending } : { key, descending: key === 'best' && this.header?.goal !== 'minimize' };
    this.changed();
  }

  setText(text: string): void {
    this.text = text;
    this.changed();
  }

  setStatus(status: string): void {
    this.status = status;
    this.changed();
  }

  setBrush(axis: string, predicate: RowPredicate | undefined): void {
    if (predicate) this.brushes.set(axis, predicate);
    else this.brushes.delete(axis);
    this.changed();
  }

  clearBrushes(): void {
    if (this.brushes.size === 0) return;
    this.brushes.clear();
    this.changed();
  }

  get brushCount(): number {
    return this.brushes.size;
  }

  select(id: string | undefined): void {
    this.selectedId = id;
    for (const listener of this.listeners) listener();
  }

  /** Trials picked for comparison, in the order they were picked (at most MAX_COMPARED). */
  compared: string[] = [];

  /** Adds `id` to the comparison, or takes it out when it is in. */
  toggleCompared(id: string): void {
    this.setCompared(this.compared.includes(id) ? this.compared.filter((c) => c !== id) : [...this.compared, id]);
  }

  setCompared(ids: readonly string[]): void {
    this.compared = [...new Set(ids)].slice(0, MAX_COMPARED);
    for (const listener of this.listeners) listener();
  }

  /** Whether `row` passes the text, status and brush filters. */
  matches(row: TrialRowView): boolean {
    if (this.status && row.status !== this.status) return false;
    for (const predicate of this.brushes.values()) if (!predicate(row)) return false;
    if (!this.text) return true;
    const needle = this.text.toLowerCase();
    if (row.id.toLowerCase().includes(needle) || row.status.toLowerCase().includes(needle) || (row.reason ?? '').toLowerCase().includes(needle)) return true;
    return Object.entries(row.params).some(([k, v]) => `${k}=${String(v)}`.toLowerCase().includes(needle));
  }

  private sortValue(row: TrialRowView, now: number): unknown {
    const key = this.sort.key;
    switch (key) {
      case 'rank': return this.ranks.get(row.id);
      case 'id': return row.index;
      case 'status': return row.status;
      case 'best': return row.best ?? undefined;
      case 'duration': return durationOf(row, now);
      case 'reason': return row.reason;
      default: return ownValue(row.params, key.slice('param:'.length));
    }
  }

  /** The filtered rows in the current sort order (cached until the next change). */
  visibleRows(now: number = Date.now()): RankedRow[] {
    if (this.cache) return this.cache;
    const keyed = [...this.rows.values()].filter((r) => this.matches(r)).map((row) => ({ row, value: this.sortValue(row, now) }));
    const sign = this.sort.descending ? -1 : 1;
    keyed.sort((a, b) => {
      const aMissing = a.value === undefined || a.value === '';
      const bMissing = b.value === undefined || b.value === '';
      if (aMissing !== bMissing) return aMissing ? 1 : -1;
      const c = aMissing ? 0 : compareUnknown(a.value, b.value) * sign;
      return c !== 0 ? c : a.row.index - b.row.index;
    });
    this.cache = keyed.map(({ row }) => ({ row, rank: this.ranks.get(row.id) }));
    return this.cache;
  }
}
