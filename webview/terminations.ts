/**
 * Early-termination stops: a timeline (trials stopped so far against time since the sweep
 * started, one × per stop: how fast the policy prunes, and when) and the list of stops, each a full
 * sentence with its numbers. The list is also the timeline's text alternative; each entry and each
 * × opens its trial.
 */
import type { RungView, TerminationView } from '../src/shared/dashboardProtocol';
import { baseOptions, Chart, palette, type XY } from './chartSetup';
import { el } from './format';

/** How many list entries are rendered at most (the timeline still shows every stop). */
const LIST_LIMIT = 500;

type StopPoint = XY & { id: string };

/**
 * The timeline's points: stops in time order, `y` = trials stopped so far, `x` = time since
 * `startedAt` in `unit`s. Stops without a time (their trial has not ended yet) are placed at the
 * latest known time; without any time at all, x is the stop's position in decision order.
 */
export function timelinePoints(stops: readonly TerminationView[], startedAt: number | undefined, endedAt: (trialId: string) => number | undefined = () => undefined): { points: StopPoint[]; unit: 'min' | 's' | 'stop' } {
  // A stop arrives before its trial has ended; the trial's row, updated live, knows when it did.
  const terminations = stops.map((t) => (t.time !== undefined ? t : { ...t, ...(endedAt(t.trialId) !== undefined ? { time: endedAt(t.trialId) } : {}) }));
  const timed = terminations.some((t) => t.time !== undefined) && startedAt !== undefined;
  if (!timed) return { points: [...terminations].sort((a, b) => a.order - b.order).map((t, i) => ({ x: i + 1, y: i + 1, id: t.trialId })), unit: 'stop' };
  const latest = Math.max(...terminations.map((t) => t.time ?? -Infinity));
  const ordered = terminations.map((t) => ({ t, at: t.time ?? latest })).sort((a, b) => a.at - b.at || a.t.order - b.t.order);
  const spanSeconds = (latest - startedAt) / 1000;
  const unit = spanSeconds > 600 ? 'min' : 's';
  const scale = unit === 'min' ? 60_000 : 1000;
  return { points: ordered.map(({ t, at }, i) => ({ x: Math.max(0, (at - startedAt) / scale), y: i + 1, id: t.trialId })), unit };
}

export class TerminationsView {
  private chart: Chart<'line', StopPoint[]> | undefined;
  private shown = '';
  private rungTable: HTMLTableElement | undefined;
  private rungsShown = '';

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly list: HTMLOListElement,
    private readonly summary: HTMLElement,
    private readonly onPick: (trialId: string) => void,
  ) {}

  show(terminations: readonly TerminationView[], policy: string, startedAt: number | undefined, endedAt?: (trialId: string) => number | undefined, rungs?: readonly RungView[]): void {
    this.showRungs(rungs);
    const n = terminations.length;
    this.summary.textContent = policy === 'none'
      ? 'No early-termination policy: every trial runs to the end.'
      : `${n} stop${n === 1 ? '' : 's'}: ${n} trial${n === 1 ? ' was' : 's were'} stopped early (${policy}).`;
    const { points, unit } = timelinePoints(terminations, startedAt, endedAt);
    // Redrawn when a stop is added or a stopped trial's end time arrives.
    const key = JSON.stringify(points);
    if (this.shown === key) return;
    this.shown = key;
    const latest = terminations.slice(-LIST_LIMIT).reverse();
    this.list.replaceChildren();
    for (const t of latest) {
      const item = el(this.list, 'li', 'et-item');
      const button = el(item, 'button', 'link', t.trialId);
      button.type = 'button';
      button.addEventListener('click', () => this.onPick(t.trialId));
      el(item, 'span', 'et-sentence', ` ${t.sentence}`);
    }
    const colors = palette();
    this.canvas.dataset['points'] = JSON.stringify(points.map((p) => [p.x, p.y]));
    const xTitle = unit === 'stop' ? 'stop number (in decision order)' : `time since the sweep started (${unit})`;
    const datasets = [{
      label: 'trials stopped so far', data: points, stepped: 'after' as const, borderColor: colors.stop, borderWidth: 1.5,
      pointRadius: 5, pointStyle: 'crossRot' as const, pointBorderWidth: 2, pointBorderColor: colors.stop,
    }];
    if (this.chart) {
      this.chart.data.datasets = datasets;
      const x = this.chart.options.scales?.['x'];
      if (x && 'title' in x && x.title) x.title.text = xTitle;
      this.chart.update('none');
      return;
    }
    const options = baseOptions(xTitle, 'trials stopped so far');
    options.onClick = (_e, elements) => {
      const hit = elements[0];
      const point = hit ? this.chart?.data.datasets[0]?.data[hit.index] : undefined;
      if (point) this.onPick(point.id);
    };
    const y = options.scales?.['y'];
    if (y) Object.assign(y, { beginAtZero: true, ticks: { ...('ticks' in y ? y.ticks : {}), precision: 0 } });
    this.chart = new Chart<'line', StopPoint[]>(this.canvas, { type: 'line', data: { datasets }, options });
  }

  /**
   * ASHA and Hyperband: a small table under the summary, one row per rung of each bracket, with
   * how many trials reached it, were stopped there and went on (the first of these named, best
   * first, each opening its trial). Hidden for the other policies.
   */
  private showRungs(rungs: readonly RungView[] | undefined): void {
    const key = JSON.stringify(rungs ?? null);
    if (key === this.rungsShown) return;
    this.rungsShown = key;
    if (!rungs || rungs.length === 0) {
      if (this.rungTable) this.rungTable.hidden = true;
      return;
    }
    if (!this.rungTable) {
      this.rungTable = document.createElement('table');
      this.rungTable.className = 'et-rungs';
      this.rungTable.id = 'et-rungs';
      this.summary.after(this.rungTable);
    }
    const table = this.rungTable;
    table.hidden = false;
    table.replaceChildren();
    el(table, 'caption', undefined, 'Rungs: trials that reached each rung (primary-metric reports), stopped there, and promoted');
    const brackets = rungs[0]?.brackets ?? 1;
    const head = el(el(table, 'thead'), 'tr');
    for (const title of [...(brackets > 1 ? ['bracket'] : []), 'rung', 'reached', 'stopped', 'promoted', 'promoted trials (best first)']) el(head, 'th', undefined, title);
    const body = el(table, 'tbody');
    for (const rung of rungs) {
      const row = el(body, 'tr');
      row.dataset['rung'] = `${rung.bracket}:${rung.resource}`;
      if (brackets > 1) el(row, 'td', undefined, `${rung.bracket + 1} of ${rung.brackets}`);
      for (const value of [rung.resource, rung.reached, rung.stopped, rung.promoted]) el(row, 'td', 'num', String(value));
      const names = el(row, 'td', 'et-promoted');
      for (const id of rung.promotedIds) {
        const button = el(names, 'button', 'link', id);
        button.type = 'button';
        button.addEventListener('click', () => this.onPick(id));
      }
      if (rung.promoted > rung.promotedIds.length) el(names, 'span', undefined, ` and ${rung.promoted - rung.promotedIds.length} more`);
    }
  }
}
