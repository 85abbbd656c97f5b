/**
 * Scatter of the objective (each trial's best primary value) against one chosen parameter.
 * Categorical parameters are placed at evenly spaced positions labelled with their values.
 */
import type { TrialRowView } from '../src/shared/dashboardProtocol';
import { baseOptions, Chart, palette, withAlpha, type XY } from './chartSetup';

/** The x position of each row for `param`, and tick labels when the parameter is categorical. */
export function scatterPoints(rows: readonly TrialRowView[], param: string): { points: (XY & { id: string })[]; categories: string[] | undefined } {
  const values = rows.map((r) => r.params[param]);
  const numeric = values.every((v) => v === undefined || typeof v === 'number');
  const categories = numeric ? undefined : [...new Set(values.filter((v) => v !== undefined).map(String))].sort();
  const points: (XY & { id: string })[] = [];
  rows.forEach((row, i) => {
    const v = values[i];
    if (row.best === null || v === undefined) return;
    const x = categories ? categories.indexOf(String(v)) : (v as number);
    points.push({ x, y: row.best, id: row.id });
  });
  return { points, categories };
}

/** The scatter chart. */
export class ScatterChart {
  private chart: Chart<'scatter', (XY & { id: string })[]> | undefined;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly onPick: (trialId: string) => void) {}

  show(rows: readonly TrialRowView[], param: string, primaryMetric: string, bestTrialId: string | undefined): void {
    const { points, categories } = scatterPoints(rows, param);
    const colors = palette();
    const best = points.filter((p) => p.id === bestTrialId);
    const datasets = [
      { label: 'best trial', data: best, pointRadius: 6, pointStyle: 'star' as const, borderColor: colors.best, backgroundColor: colors.best, borderWidth: 2 },
      { label: 'trials', data: points, pointRadius: 2.5, borderColor: withAlpha(colors.series[0] ?? colors.fg, 0.8), backgroundColor: withAlpha(colors.series[0] ?? colors.fg, 0.5) },
    ];
    this.chart?.destroy();
    const options = baseOptions(param, `best ${primaryMetric}`);
    const x = options.scales?.['x'];
    if (categories && x && 'ticks' in x && x.ticks) {
      // Ticks between categories (non-integer positions) stay unlabelled.
      x.ticks.callback = (value) => categories[Number(value)] ?? '';
    }
    options.onClick = (_event, elements) => {
      const hit = elements[0];
      if (!hit) return;
      const point = datasets[hit.datasetIndex]?.data[hit.index];
      if (point) this.onPick(point.id);
    };
    this.chart = new Chart(this.canvas, { type: 'scatter', data: { datasets }, options: options as NonNullable<Chart<'scatter', (XY & { id: string })[]>['options']> });
  }
}
