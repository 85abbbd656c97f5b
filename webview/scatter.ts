/**
 * Scatter of the objective (each trial's best primary value) against one chosen parameter, on the
 * axis its distribution implies: log for the log distributions, evenly spaced labelled positions for
 * choices and other non-numeric values, linear otherwise. Every trial with a value is a point.
 */
import type { ParamScale, TrialRowView } from '../src/shared/dashboardProtocol';
import { baseOptions, Chart, palette, withAlpha, type XY } from './chartSetup';
import { ownValue } from '../src/shared/nameRecords';

/** Category order: numerically when every category is a number, else as text. */
export function sortCategories(values: readonly string[]): string[] {
  const numeric = values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  return [...values].sort((a, b) => (numeric ? Number(a) - Number(b) : a.localeCompare(b, undefined, { numeric: true })));
}

/** The x position of each row for `param`, tick labels when categorical, and whether x is log. */
export function scatterPoints(rows: readonly TrialRowView[], param: string, scale?: ParamScale): { points: (XY & { id: string })[]; categories: string[] | undefined; log: boolean } {
  const values = rows.map((r) => ownValue(r.params, param));
  const numeric = values.every((v) => v === undefined || typeof v === 'number');
  const categories = numeric && scale !== 'categorical' ? undefined : sortCategories([...new Set(values.filter((v) => v !== undefined).map(String))]);
  // A log axis cannot place zero or negatives: then the values themselves say linear.
  const log = categories === undefined && scale === 'log' && values.every((v) => v === undefined || (typeof v === 'number' && v > 0));
  const points: (XY & { id: string })[] = [];
  rows.forEach((row, i) => {
    const v = values[i];
    if (row.best === null || v === undefined) return;
    const x = categories ? categories.indexOf(String(v)) : (v as number);
    points.push({ x, y: row.best, id: row.id });
  });
  // By x: the charts tell Chart.js the data is normalized, and it then takes the axis range from
  // the first and last point; in trial order a log axis left out most trials.
  points.sort((a, b) => a.x - b.x);
  return { points, categories, log };
}

/** The scatter chart. */
export class ScatterChart {
  private chart: Chart<'scatter', (XY & { id: string })[]> | undefined;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly onPick: (trialId: string) => void) {}

  show(rows: readonly TrialRowView[], param: string, primaryMetric: string, bestTrialId: string | undefined, scale?: ParamScale): void {
    const { points, categories, log } = scatterPoints(rows, param, scale);
    const colors = palette();
    const best = points.filter((p) => p.id === bestTrialId);
    const datasets = [
      { label: 'best trial', data: best, pointRadius: 6, pointStyle: 'star' as const, borderColor: colors.best, backgroundColor: colors.best, borderWidth: 2 },
      { label: 'trials', data: points, pointRadius: 2.5, borderColor: withAlpha(colors.series[0] ?? colors.fg, 0.8), backgroundColor: withAlpha(colors.series[0] ?? colors.fg, 0.5) },
    ];
    this.chart?.destroy();
    const options = baseOptions(log ? `${param} (log)` : param, `best ${primaryMetric}`);
    const x = options.scales?.['x'];
    if (x && 'ticks' in x && x.ticks) {
      if (categories) {
        // Ticks between categories (non-integer positions) stay unlabelled; half a step of margin
        // keeps the first and last category off the chart's edges.
        x.ticks.callback = (value) => categories[Number(value)] ?? '';
        Object.assign(x, { min: -0.5, max: categories.length - 0.5, ticks: { ...x.ticks, stepSize: 1 } });
      } else if (log) {
        Object.assign(x, { type: 'logarithmic' });
      }
    }
    options.onClick = (_event, elements) => {
      const hit = elements[0];
      if (!hit) return;
      const point = datasets[hit.datasetIndex]?.data[hit.index];
      if (point) this.onPick(point.id);
    };
    this.canvas.dataset['points'] = String(points.length);
    this.canvas.dataset['xScale'] = categories ? 'categorical' : log ? 'log' : 'linear';
    this.chart = new Chart(this.canvas, { type: 'scatter', data: { datasets }, options: options as NonNullable<Chart<'scatter', (XY & { id: string })[]>['options']> });
    // The drawn x range, so a check can tell that every point lies inside it.
    const drawn = this.chart.scales['x'];
    if (drawn) this.canvas.dataset['xRange'] = JSON.stringify([drawn.min, drawn.max]);
  }
}
