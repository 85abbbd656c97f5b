/**
 * The leaderboard: a virtualised ARIA grid. Only the rows in view (plus a margin) exist in the
 * DOM, so 10,000 trials cost the same to paint as 30. Rows are recycled elements whose text is
 * rewritten on scroll. Keyboard: the grid is one tab stop; arrows, Page Up/Down, Home/End move
 * the active row, Enter opens its detail; column headers are buttons that sort.
 */
import { el, formatDuration, formatValue } from './format';
import { ownValue } from '../src/shared/nameRecords';
import type { DashboardStore, RankedRow, SortKey } from './store';

const ROW_HEIGHT = 24;
const OVERSCAN = 8;

interface Column {
  readonly key: SortKey;
  readonly label: string;
  readonly width: string;
  readonly numeric: boolean;
  readonly text: (ranked: RankedRow, now: number) => string;
}

function fixedColumns(primary: string): Column[] {
  return [
    { key: 'rank', label: '#', width: '3.2em', numeric: true, text: (r) => (r.rank === undefined ? '' : String(r.rank)) },
    { key: 'id', label: 'Trial', width: 'minmax(7em, 1.4fr)', numeric: false, text: (r) => r.row.id },
    { key: 'status', label: 'Status', width: '7.5em', numeric: false, text: (r) => r.row.status },
    { key: 'best', label: primary ? `Best ${primary}` : 'Best', width: 'minmax(6em, 1fr)', numeric: true, text: (r) => formatValue(r.row.best) },
  ];
}

function trailingColumns(): Column[] {
  return [
    { key: 'duration', label: 'Duration', width: '6em', numeric: true, text: (r, now) => formatDuration(r.row.startedAt === undefined ? undefined : (r.row.endedAt ?? now) - r.row.startedAt) },
    { key: 'reason', label: 'Reason', width: 'minmax(7em, 1.2fr)', numeric: false, text: (r) => r.row.reason ?? '' },
  ];
}

/** The virtualised, sortable, keyboard-driven trial table. */
export class Leaderboard {
  private columns: Column[] = [];
  private columnsKey = '';
  private readonly head: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private active = 0;
  private rows: RankedRow[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly store: DashboardStore,
    private readonly onOpen: (trialId: string) => void,
  ) {
    this.head = el(root, 'div', 'lb-head');
    this.head.setAttribute('role', 'row');
    this.viewport = el(root, 'div', 'lb-viewport');
    this.viewport.setAttribute('role', 'rowgroup');
    this.viewport.tabIndex = 0;
    this.viewport.setAttribute('aria-label', 'Trials; arrow keys move, Enter opens the trial, C (or Ctrl-click) picks it for comparison');
    this.spacer = el(this.viewport, 'div', 'lb-spacer');
    this.viewport.addEventListener('scroll', () => this.paintRows());
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    this.viewport.addEventListener('click', (e) => {
      const rowEl = (e.target as HTMLElement).closest<HTMLElement>('.lb-row');
      const id = rowEl?.dataset['id'];
      if (id === undefined) return;
      const pos = Number(rowEl?.dataset['pos'] ?? 0);
      // Ctrl/Cmd-click picks a trial for comparison; Shift-click picks the range from the active row.
      if (e.ctrlKey || e.metaKey) {
        this.store.toggleCompared(id);
      } else if (e.shiftKey) {
        const [from, to] = [Math.min(this.active, pos), Math.max(this.active, pos)];
        this.store.setCompared([...this.store.compared, ...this.rows.slice(from, to + 1).map((r) => r.row.id)]);
      } else {
        this.onOpen(id);
      }
      this.active = pos;
      this.paintRows();
    });
    root.setAttribute('role', 'grid');
    root.setAttribute('aria-label', 'Leaderboard');
    new ResizeObserver(() => this.paintRows()).observe(this.viewport);
  }

  /** Rebuilds the header when the parameter set changed, then repaints the visible rows. */
  render(): void {
    const header = this.store.header;
    const paramNames = header?.paramNames ?? [];
    const key = `${header?.primaryMetric ?? ''}|${paramNames.join('\u0000')}|${JSON.stringify(header?.paramScales ?? {})}`;
    if (key !== this.columnsKey) {
      this.columnsKey = key;
      this.columns = [
        ...fixedColumns(header?.primaryMetric ?? ''),
        ...paramNames.map((name): Column => ({
          key: `param:${name}`, label: name, width: 'minmax(5em, 1fr)', numeric: header?.paramScales?.[name] !== 'categorical',
          text: (r) => formatValue(ownValue(r.row.params, name)),
        })),
        ...trailingColumns(),
      ];
      this.root.style.setProperty('--lb-columns', this.columns.map((c) => c.width).join(' '));
      this.buildHead();
      for (const rowEl of this.pool) rowEl.remove();
      this.pool.length = 0;
    }
    this.updateSortMarks();
    this.rows = this.store.visibleRows();
    this.root.setAttribute('aria-rowcount', String(this.rows.length + 1));
    this.spacer.style.height = `${this.rows.length * ROW_HEIGHT}px`;
    if (this.active >= this.rows.length) this.active = Math.max(0, this.rows.length - 1);
    this.paintRows();
  }

  private buildHead(): void {
    this.head.replaceChildren();
    for (const column of this.columns) {
      const cell = el(this.head, 'div', `lb-cell${column.numeric ? ' num' : ''}`);
      cell.setAttribute('role', 'columnheader');
      const button = el(cell, 'button', 'lb-sort', column.label);
      button.type = 'button';
      button.title = `Sort by ${column.label}`;
      button.dataset['key'] = column.key;
      button.addEventListener('click', () => this.store.setSort(column.key));
    }
  }

  private updateSortMarks(): void {
    const sort = this.store.sort;
    this.head.querySelectorAll<HTMLElement>('.lb-sort').forEach((button) => {
      const cell = button.parentElement;
      const sorted = button.dataset['key'] === sort.key;
      cell?.setAttribute('aria-sort', sorted ? (sort.descending ? 'descending' : 'ascending') : 'none');
      button.classList.toggle('sorted', sorted);
      button.classList.toggle('descending', sorted && sort.descending);
    });
  }

  private rowElement(i: number): HTMLElement {
    let rowEl = this.pool[i];
    if (!rowEl) {
      rowEl = el(this.viewport, 'div', 'lb-row');
      rowEl.setAttribute('role', 'row');
      for (const column of this.columns) {
        const cell = el(rowEl, 'div', `lb-cell${column.numeric ? ' num' : ''}`);
        cell.setAttribute('role', 'gridcell');
      }
      this.pool[i] = rowEl;
    }
    return rowEl;
  }

  /** Writes the rows in view into the recycled row elements. */
  private paintRows(): void {
    const height = this.viewport.clientHeight || 400;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const count = Math.min(this.rows.length - first, Math.ceil(height / ROW_HEIGHT) + 2 * OVERSCAN);
    const now = Date.now();
    const best = this.store.header?.bestTrialId;
    for (let i = 0; i < Math.max(count, 0); i++) {
      const pos = first + i;
      const ranked = this.rows[pos];
      if (!ranked) continue;
      const rowEl = this.rowElement(i);
      rowEl.hidden = false;
      rowEl.style.transform = `translateY(${pos * ROW_HEIGHT}px)`;
      rowEl.id = `lb-row-${pos}`;
      rowEl.dataset['id'] = ranked.row.id;
      rowEl.dataset['pos'] = String(pos);
      rowEl.setAttribute('aria-rowindex', String(pos + 2));
      rowEl.setAttribute('aria-selected', String(ranked.row.id === this.store.selectedId));
      rowEl.classList.toggle('top', ranked.row.id === best);
      rowEl.classList.toggle('active', pos === this.active);
      rowEl.classList.toggle('selected', ranked.row.id === this.store.selectedId);
      rowEl.classList.toggle('compared', this.store.compared.includes(ranked.row.id));
      this.columns.forEach((column, c) => {
        const cell = rowEl.children[c] as HTMLElement | undefined;
        if (!cell) return;
        const text = column.text(ranked, now);
        if (column.key === 'status') {
          cell.replaceChildren();
          el(cell, 'span', `badge status-${ranked.row.status.toLowerCase()}`, text);
        } else if (column.key === 'id' && ranked.row.id === best) {
          cell.replaceChildren();
          const star = el(cell, 'span', 'codicon codicon-star-full');
          star.setAttribute('aria-label', 'best trial');
          cell.append(` ${text}`);
        } else {
          cell.textContent = text;
        }
        // Narrow columns cut text with an ellipsis; the whole value stays one hover away.
        cell.title = text;
      });
    }
    for (let i = Math.max(count, 0); i < this.pool.length; i++) {
      const rowEl = this.pool[i];
      if (rowEl) rowEl.hidden = true;
    }
    this.viewport.setAttribute('aria-activedescendant', `lb-row-${this.active}`);
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    const move = moves[e.key];
    if (move !== undefined) {
      e.preventDefault();
      this.setActive(this.active + move);
      return;
    }
    if (e.key === 'c' || e.key === 'C') {
      // The keyboard's way to pick a trial for comparison.
      e.preventDefault();
      const ranked = this.rows[this.active];
      if (ranked) this.store.toggleCompared(ranked.row.id);
      this.paintRows();
      return;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const ranked = this.rows[this.active];
      if (ranked) this.onOpen(ranked.row.id);
    }
  }

  /** Moves the keyboard cursor to position `pos` (clamped) and scrolls it into view. */
  setActive(pos: number): void {
    if (this.rows.length === 0) return;
    this.active = Math.min(this.rows.length - 1, Math.max(0, pos));
    const top = this.active * ROW_HEIGHT;
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > this.viewport.scrollTop + this.viewport.clientHeight) this.viewport.scrollTop = top + ROW_HEIGHT - this.viewport.clientHeight;
    this.paintRows();
  }

  /** Position of the trial in the current view, or -1. */
  positionOf(id: string): number {
    return this.rows.findIndex((r) => r.row.id === id);
  }
}
