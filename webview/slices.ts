/**
 * Slice plots: the objective (each trial's best primary value) against every parameter, one small
 * scatter each, in the order of importance, on the axis the parameter's distribution implies (log
 * for the log distributions, labelled positions for choices), as the Scatter tab draws one.
 */
import type { ParamScale, TrialRowView } from '../src/shared/dashboardProtocol';
import { baseOptions, Chart, palette, withAlpha, type XY } from './chartSetup';
import { el } from './format';
import { scatterPoints } from './scatter';

type SliceChart = Chart<'scatter', XY[]>;

export class SlicePlots {
  private charts: SliceChart[] = [];

  constructor(private readonly grid: HTMLElement) {}

  show(rows: readonly TrialRowView[], params: readonly string[], primaryMetric: string, scales: Readonly<Record<string, ParamScale>> | undefined): void {
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
    this.grid.replaceChildren();
    const colors = palette();
    for (const param of params) {
      const box = el(this.grid, 'div', 'slice-box');
      const canvas = el(box, 'canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `Best ${primaryMetric} against ${param}`);
      const { points, categories, log } = scatterPoints(rows, param, scales?.[param]);
      canvas.dataset['param'] = param;
      canvas.dataset['points'] = String(points.length);
      canvas.dataset['xScale'] = categories ? 'categorical' : log ? 'log' : 'linear';
      const options = baseOptions(log ? `${param} (log)` : param, primaryMetric);
      const x = options.scales?.['x'];
      if (x && 'ticks' in x && x.ticks) {
        if (categories) {
          x.ticks.callback = (value) => categories[Number(value)] ?? '';
          Object.assign(x, { min: -0.5, max: categories.length - 0.5, ticks: { ...x.ticks, stepSize: 1 } });
        } else if (log) {
          Object.assign(x, { type: 'logarithmic' });
        }
      }
      const color = colors.series[0] ?? colors.fg;
      this.charts.push(new Chart(canvas, {
        type: 'scatter',
        data: { datasets: [{ label: param, data: points, pointRadius: 2, borderColor: withAlpha(color, 0.7), backgroundColor: withAlpha(color, 0.4) }] },
        options: options as NonNullable<SliceChart['options']>,
      }));
      // The drawn x range, so a check can tell that every point lies inside it.
      const drawn = this.charts.at(-1)?.scales['x'];
      if (drawn) canvas.dataset['xRange'] = JSON.stringify([drawn.min, drawn.max]);
    }
  }
}
