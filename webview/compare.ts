/**
 * Comparing trials: the trials picked in the leaderboard (Ctrl/Cmd-click, Shift-click, or C) side
 * by side, one column each: status, best value, duration and every parameter, values that differ
 * between them marked; and the chosen metric's curves of each, overlaid on one chart.
 */
import type { CompareView, TrialRowView } from '../src/shared/dashboardProtocol';
import { baseOptions, Chart, pairs, palette, type XY } from './chartSetup';
import { el, formatDuration, formatValue } from './format';
import { ownValue } from '../src/shared/nameRecords';

export class CompareTrials {
  private chart: Chart<'line', XY[]> | undefined;
  private tableKey = '';

  constructor(private readonly table: HTMLTableElement, private readonly hint: HTMLElement, private readonly canvas: HTMLCanvasElement) {}

  /** The side-by-side table for `rows` (in pick order); rewritten only when something shown changed. */
  showTable(rows: readonly TrialRowView[], paramNames: readonly string[], primaryMetric: string): void {
    const now = Date.now();
    const key = JSON.stringify([rows, paramNames, primaryMetric]);
    if (key === this.tableKey) return;
    this.tableKey = key;
    this.hint.textContent = rows.length >= 2
      ? `Comparing ${rows.length} trials. Ctrl-click (Cmd-click) a row to add or remove one.`
      : 'Pick two or more trials in the leaderboard to compare them: Ctrl-click (Cmd-click on macOS), Shift-click for a range, or C on the active row.';
    this.table.replaceChildren();
    if (rows.length < 2) return;
    const head = el(this.table, 'thead');
    const headRow = el(head, 'tr');
    el(headRow, 'th', undefined, '').setAttribute('scope', 'col');
    for (const row of rows) el(headRow, 'th', undefined, row.id).setAttribute('scope', 'col');
    const body = el(this.table, 'tbody');
    const line = (name: string, values: readonly string[]): void => {
      const tr = el(body, 'tr');
      if (new Set(values).size > 1) tr.className = 'differs';
      el(tr, 'th', undefined, name).setAttribute('scope', 'row');
      for (const value of values) el(tr, 'td', undefined, value);
    };
    line('Status', rows.map((r) => r.status));
    line(`Best ${primaryMetric}`, rows.map((r) => formatValue(r.best)));
    line('Intervals', rows.map((r) => String(r.intervals)));
    line('Duration', rows.map((r) => formatDuration(r.startedAt === undefined ? undefined : (r.endedAt ?? now) - r.startedAt)));
    for (const name of paramNames) {
      const values = rows.map((r) => formatValue(ownValue(r.params, name)));
      if (values.some((v) => v !== '')) line(name, values);
    }
  }

  /** The compared trials' curves of one metric, overlaid. */
  showCurves(view: CompareView): void {
    const colors = palette();
    const longest = Math.max(0, ...view.series.map((s) => s.points.length / 2));
    const datasets = view.series.map((series, i) => {
      const color = colors.series[i % colors.series.length] ?? colors.fg;
      return { label: series.trialId, data: pairs(series.points), borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: longest <= 20 ? 3 : 0 };
    });
    this.canvas.dataset['series'] = JSON.stringify(view.series.map((s) => [s.trialId, s.points.length / 2]));
    this.canvas.setAttribute('aria-label', `${view.metric} against interval for ${view.series.map((s) => s.trialId).join(', ')}; the table above compares their parameters`);
    if (this.chart) {
      this.chart.data.datasets = datasets;
      const y = this.chart.options.scales?.['y'];
      if (y && 'title' in y && y.title) y.title.text = view.metric;
      this.chart.update('none');
      return;
    }
    const options = baseOptions('interval (n-th report)', view.metric);
    // With several trials on one chart the legend is what tells them apart.
    options.plugins = { ...options.plugins, legend: { display: true, labels: { color: colors.fg } } };
    this.chart = new Chart<'line', XY[]>(this.canvas, { type: 'line', data: { datasets }, options });
  }
}
