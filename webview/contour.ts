/**
 * Contour of the objective over any two parameters: the plane is cut into cells (about √n per
 * numeric axis for n trials, 4 to MAX_CELLS, so cells hold trials; on the parameter's own scale,
 * log for the log distributions; one per category otherwise), each
 * cell coloured by the mean best primary value of the trials in it, on a ramp from the theme's
 * "better" colour (charts green) to its "worse" colour (charts red), goal aware; cells no trial
 * fell in stay empty. Drawn on a canvas directly (Chart.js has no contour); the legend is page text.
 */
import type { ParamScale, TrialRowView } from '../src/shared/dashboardProtocol';
import { palette } from './chartSetup';
import { formatValue } from './format';
import { sortCategories } from './scatter';
import { ownValue } from '../src/shared/nameRecords';

export const MAX_CELLS = 16;
const MARGIN = { left: 64, right: 12, top: 10, bottom: 40 };

interface Axis {
  readonly label: string;
  /** Cell index of a value, or undefined when it has none (inactive nested column). */
  cell(value: string | number | boolean | undefined): number | undefined;
  readonly cells: number;
  /** Tick labels at cell boundaries (numeric) or cell centres (categories). */
  readonly ticks: readonly { at: number; text: string }[];
}

function axisFor(rows: readonly TrialRowView[], param: string, scale: ParamScale | undefined): Axis {
  const CELLS = Math.max(4, Math.min(MAX_CELLS, Math.round(Math.sqrt(rows.length))));
  const values = rows.map((r) => ownValue(r.params, param));
  const numeric = scale !== 'categorical' && values.every((v) => v === undefined || typeof v === 'number');
  if (!numeric) {
    const categories = sortCategories([...new Set(values.filter((v) => v !== undefined).map(String))]);
    return {
      label: param, cells: Math.max(1, categories.length),
      cell: (v) => (v === undefined ? undefined : categories.indexOf(String(v))),
      ticks: categories.map((c, i) => ({ at: i + 0.5, text: c })),
    };
  }
  const log = scale === 'log' && values.every((v) => v === undefined || (typeof v === 'number' && v > 0));
  const t = (v: number): number => (log ? Math.log10(v) : v);
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).map(t);
  const lo = numbers.length > 0 ? Math.min(...numbers) : 0;
  const hi = numbers.length > 0 ? Math.max(...numbers) : 1;
  const span = hi > lo ? hi - lo : 1;
  return {
    label: log ? `${param} (log)` : param, cells: CELLS,
    cell: (v) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(CELLS - 1, Math.floor(((t(v) - lo) / span) * CELLS)) : undefined),
    ticks: [0, CELLS / 2, CELLS].map((at) => {
      const raw = lo + (at / CELLS) * span;
      return { at, text: formatValue(log ? 10 ** raw : raw) };
    }),
  };
}

function rgbOf(color: string, fallback: [number, number, number]): [number, number, number] {
  const hex = color.trim().match(/^#([0-9a-f]{6})$/i)?.[1];
  if (!hex) return fallback;
  const n = parseInt(hex, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The cells' mean objective and the count of trials per cell (row-major, x fastest). */
function contourCells(rows: readonly TrialRowView[], xParam: string, x: Axis, yParam: string, y: Axis): { means: Float64Array; counts: Int32Array } {
  const sums = new Float64Array(x.cells * y.cells);
  const counts = new Int32Array(x.cells * y.cells);
  for (const row of rows) {
    if (row.best === null) continue;
    const cx = x.cell(ownValue(row.params, xParam));
    const cy = y.cell(ownValue(row.params, yParam));
    if (cx === undefined || cy === undefined || cx < 0 || cy < 0) continue;
    const i = cy * x.cells + cx;
    sums[i] = (sums[i] ?? 0) + row.best;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return { means: sums.map((s, i) => ((counts[i] ?? 0) > 0 ? s / (counts[i] ?? 1) : Number.NaN)), counts };
}

export class ContourPlot {
  constructor(private readonly canvas: HTMLCanvasElement, private readonly legend: HTMLElement) {}

  show(rows: readonly TrialRowView[], xParam: string, yParam: string, scales: Readonly<Record<string, ParamScale>> | undefined, goal: 'minimize' | 'maximize', primaryMetric: string): void {
    const x = axisFor(rows, xParam, scales?.[xParam]);
    const y = axisFor(rows, yParam, scales?.[yParam]);
    const { means, counts } = contourCells(rows, xParam, x, yParam, y);
    const finite = [...means].filter(Number.isFinite);
    const lo = finite.length > 0 ? Math.min(...finite) : 0;
    const hi = finite.length > 0 ? Math.max(...finite) : 1;
    const colors = palette();
    const good = rgbOf(colors.best, [56, 138, 52]);
    const bad = rgbOf(colors.stop, [229, 20, 0]);
    const ratio = window.devicePixelRatio || 1;
    // A panel that was just selected may not be laid out yet (width 0): then the page's width.
    const width = Math.max(300, this.canvas.parentElement?.clientWidth || document.body.clientWidth - 40);
    const height = 380;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = height - MARGIN.top - MARGIN.bottom;
    const cellW = plotW / x.cells;
    const cellH = plotH / y.cells;
    let filled = 0;
    for (let cy = 0; cy < y.cells; cy++) {
      for (let cx = 0; cx < x.cells; cx++) {
        const mean = means[cy * x.cells + cx] ?? Number.NaN;
        if (!Number.isFinite(mean)) continue;
        filled++;
        // 0 = best end of the range, 1 = worst.
        const badness = hi > lo ? (goal === 'minimize' ? (mean - lo) / (hi - lo) : (hi - mean) / (hi - lo)) : 0;
        const mix = good.map((g, k) => Math.round(g + ((bad[k] ?? g) - g) * badness));
        ctx.fillStyle = `rgba(${mix.join(',')},0.75)`;
        ctx.fillRect(MARGIN.left + cx * cellW, MARGIN.top + plotH - (cy + 1) * cellH, Math.ceil(cellW), Math.ceil(cellH));
      }
    }
    ctx.strokeStyle = colors.grid;
    ctx.strokeRect(MARGIN.left, MARGIN.top, plotW, plotH);
    ctx.fillStyle = colors.fg;
    ctx.font = '11px sans-serif';
    ctx.textAlign = 'center';
    for (const tick of x.ticks) ctx.fillText(tick.text, MARGIN.left + tick.at * cellW, MARGIN.top + plotH + 14);
    ctx.fillText(x.label, MARGIN.left + plotW / 2, height - 6);
    ctx.textAlign = 'right';
    for (const tick of y.ticks) ctx.fillText(tick.text, MARGIN.left - 4, MARGIN.top + plotH - tick.at * cellH + 4);
    ctx.save();
    ctx.translate(12, MARGIN.top + plotH / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText(y.label, 0, 0);
    ctx.restore();
    this.canvas.dataset['cells'] = String(filled);
    this.canvas.dataset['trials'] = String([...counts].reduce((a, b) => a + b, 0));
    this.canvas.dataset['axes'] = JSON.stringify([x.label, y.label]);
    this.legend.textContent = finite.length === 0
      ? `No trial has a value of ${primaryMetric} for both ${xParam} and ${yParam} yet.`
      : `Mean best ${primaryMetric} of the trials in each cell: green is better (${formatValue(goal === 'minimize' ? lo : hi)}), red is worse (${formatValue(goal === 'minimize' ? hi : lo)}); empty cells had no trial.`;
  }
}
