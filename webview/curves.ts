/**
 * The curves tab: the chosen metric against interval (the n-th report) for the trials the host picked (best ones
 * emphasised, the selected one highlighted, early-terminated ones marked with a cross where they
 * stopped, everyone else as a min-max band), and the best value so far against trial number.
 * The host has already downsampled every series to the chart's width.
 */
import type { ChartDataset } from 'chart.js';
import type { CurvesView } from '../src/shared/dashboardProtocol';
import { baseOptions, Chart, pairs, palette, withAlpha, type XY } from './chartSetup';

type LineSet = ChartDataset<'line', XY[]>;

/**
 * A downsampled series cut where after-stop values begin (`from`, an interval): the counted part,
 * and the after-stop tail starting at the last counted point so the greyed line joins it.
 */
export function splitAfterStop(points: readonly XY[], from: number | undefined): { counted: XY[]; afterStop: XY[] } {
  if (from === undefined) return { counted: [...points], afterStop: [] };
  const counted = points.filter((p) => p.x < from);
  const tail = points.filter((p) => p.x >= from);
  const joint = counted.at(-1);
  return { counted, afterStop: tail.length > 0 && joint ? [joint, ...tail] : tail };
}

/** Curves chart + best-so-far chart. */
export class CurvesCharts {
  private curves: Chart<'line', XY[]> | undefined;
  private bestSoFar: Chart<'line', XY[]> | undefined;
  private last: CurvesView | undefined;
  /** Text alternative: what the chart shows, in words (read by screen readers, checked by tests). */
  readonly summary: HTMLElement;

  constructor(
    private readonly curvesCanvas: HTMLCanvasElement,
    private readonly bestCanvas: HTMLCanvasElement,
    summary: HTMLElement,
  ) {
    this.summary = summary;
  }

  /** Draws `view`, replacing the data in place (no chart rebuild, no animation). */
  show(view: CurvesView, primaryMetric: string, goal: string): void {
    this.last = view;
    const colors = palette();
    const datasets: LineSet[] = [];
    if (view.envelope.length > 0) {
      const low: XY[] = [];
      const high: XY[] = [];
      for (let i = 0; i + 2 < view.envelope.length; i += 3) {
        const x = view.envelope[i] as number;
        low.push({ x, y: view.envelope[i + 1] as number });
        high.push({ x, y: view.envelope[i + 2] as number });
      }
      datasets.push({ label: 'all trials (min)', data: low, borderColor: withAlpha(colors.muted, 0.25), borderWidth: 0, pointRadius: 0 });
      datasets.push({ label: 'all trials (max)', data: high, borderColor: withAlpha(colors.muted, 0.25), borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: withAlpha(colors.muted, 0.15) });
    }
    // Ordinary lines first, then the best, then the selected one, so emphasis is drawn on top.
    const rank = { normal: 0, best: 1, selected: 2 } as const;
    const ordered = [...view.series].sort((a, b) => rank[a.emphasis] - rank[b.emphasis]);
    // A line needs two points: when trials report once or a few times, each report is a dot, or
    // the chart would be blank.
    const longest = Math.max(0, ...view.series.map((s) => s.points.length / 2));
    const dots = longest <= 20 ? (longest <= 1 ? 3 : 2) : 0;
    let afterStopSeries = 0;
    ordered.forEach((series, i) => {
      const base = colors.series[i % colors.series.length] ?? colors.fg;
      const color = series.emphasis === 'best' ? colors.best : series.emphasis === 'selected' ? colors.selected : withAlpha(base, 0.55);
      const { counted, afterStop } = splitAfterStop(pairs(series.points), series.afterStopFrom);
      datasets.push({
        label: series.trialId,
        data: counted,
        borderColor: color,
        borderWidth: series.emphasis === 'normal' ? 1 : 2.5,
        pointRadius: dots,
        backgroundColor: color,
      });
      if (afterStop.length > 0) {
        // Values reported after the stop decision: kept and shown, but greyed and dashed, since nothing counts them.
        afterStopSeries++;
        datasets.push({
          label: `${series.trialId} (after stop, not counted)`,
          data: afterStop,
          borderColor: withAlpha(colors.muted, 0.6),
          borderDash: [4, 3],
          borderWidth: 1,
          pointRadius: dots,
          backgroundColor: withAlpha(colors.muted, 0.6),
        });
      }
    });
    const stops = view.series.filter((s) => s.stoppedAt).map((s) => ({ x: s.stoppedAt?.[0] ?? 0, y: s.stoppedAt?.[1] ?? 0 }));
    if (stops.length > 0) {
      datasets.push({ label: 'stopped early', data: stops, showLine: false, pointRadius: 6, pointStyle: 'crossRot', borderColor: colors.stop, borderWidth: 2 });
    }
    this.curves = this.draw(this.curves, this.curvesCanvas, datasets, 'interval (n-th report)', view.metric);
    this.bestSoFar = this.draw(this.bestSoFar, this.bestCanvas, [{
      label: `best ${primaryMetric} so far`, data: pairs(view.bestSoFar), borderColor: colors.best, borderWidth: 2, stepped: 'before', pointRadius: view.bestSoFar.length <= 2 ? 3 : 0, backgroundColor: colors.best,
    }], 'trial number', `best ${primaryMetric} (${goal})`);
    const best = view.bestTrialIds;
    this.summary.textContent = `${view.metric} against interval: ${view.series.length} of ${view.trialsWithData} trials drawn as lines`
      + `${view.envelope.length > 0 ? ', the rest as a band' : ''}; best: ${best.join(', ') || 'none yet'}; `
      + `${stops.length} stopped early (marked ×)`
      + `${afterStopSeries > 0 ? `; ${afterStopSeries} reported after their stop (greyed, not counted)` : ''}.`;
  }

  private draw(chart: Chart<'line', XY[]> | undefined, canvas: HTMLCanvasElement, datasets: LineSet[], x: string, y: string): Chart<'line', XY[]> {
    if (chart) {
      chart.data.datasets = datasets;
      const scales = chart.options.scales;
      const yScale = scales?.['y'];
      if (yScale && 'title' in yScale && yScale.title) yScale.title.text = y;
      chart.update('none');
      return chart;
    }
    return new Chart<'line', XY[]>(canvas, { type: 'line', data: { datasets }, options: baseOptions(x, y) });
  }

  /** Repaints with current theme colours (after a theme switch). */
  repaint(primaryMetric: string, goal: string): void {
    if (this.last) this.show(this.last, primaryMetric, goal);
  }
}
