/**
 * The Sweeps tab: this sweep and the sweeps next to it with the same objective (e.g. the same spec
 * with another sampler): a table (sampler, trials, best value and trial) and their best-so-far
 * curves overlaid, best value against trial number, each sweep in its own theme colour.
 */
import type { SweepComparisonView } from '../src/shared/dashboardProtocol';
import { baseOptions, Chart, pairs, palette, type XY } from './chartSetup';
import { el, formatValue } from './format';

export class SweepsView {
  private chart: Chart<'line', XY[]> | undefined;

  constructor(private readonly table: HTMLTableElement, private readonly hint: HTMLElement, private readonly canvas: HTMLCanvasElement) {}

  show(view: SweepComparisonView): void {
    const colors = palette();
    const colorOf = (i: number): string => colors.series[i % colors.series.length] ?? colors.fg;
    this.hint.textContent = view.sweeps.length < 2
      ? `No other sweep of this objective (${view.goal} ${view.metric}) next to this one yet: sweeps in the same folder with the same primary metric and goal appear here.`
      : `${view.sweeps.length} sweeps of ${view.goal} ${view.metric} in this folder: best so far against trial number.`;
    this.table.replaceChildren();
    const head = el(el(this.table, 'thead'), 'tr');
    for (const title of ['', 'sweep', 'sampler', 'trials', `best ${view.metric}`, 'best trial']) el(head, 'th', undefined, title);
    const body = el(this.table, 'tbody');
    view.sweeps.forEach((sweep, i) => {
      const row = el(body, 'tr', sweep.current ? 'current' : undefined);
      row.dataset['sweep'] = sweep.name;
      const swatch = el(el(row, 'td'), 'span', 'swatch');
      swatch.style.background = colorOf(i);
      el(row, 'td', undefined, sweep.current ? `${sweep.name} (this sweep)` : sweep.name);
      el(row, 'td', undefined, sweep.sampler);
      el(row, 'td', 'num', String(sweep.trials));
      el(row, 'td', 'num', sweep.best === null ? '–' : formatValue(sweep.best));
      el(row, 'td', undefined, sweep.bestTrialId ?? '–');
    });
    for (const skipped of view.skipped) el(el(body, 'tr', 'skipped'), 'td', undefined, `left out: ${skipped}`).colSpan = 6;
    const datasets = view.sweeps.map((sweep, i) => ({
      label: sweep.name, data: pairs(sweep.bestSoFar), stepped: 'before' as const,
      borderColor: colorOf(i), backgroundColor: colorOf(i), borderWidth: sweep.current ? 2.5 : 1.5,
    }));
    this.chart?.destroy();
    const options = baseOptions('trial number', `best ${view.metric} so far`);
    if (options.plugins) options.plugins.legend = { display: true, labels: { color: colors.fg } };
    this.canvas.dataset['lines'] = String(datasets.length);
    this.chart = new Chart(this.canvas, { type: 'line', data: { datasets }, options });
  }
}
