/**
 * Parallel coordinates of the parameters and the objective, drawn on a canvas. One vertical axis
 * per parameter plus the objective; each trial is a polyline through its values. Dragging along an
 * axis brushes a range: trials outside it are dimmed here and filtered out of the leaderboard.
 * A click on an axis without dragging clears its brush. Numeric axes spanning more than two
 * decades of positive values use a log scale (learning rates), categorical ones space their values
 * evenly.
 */
import type { ParamScale, TrialRowView } from '../src/shared/dashboardProtocol';
import { canvasToPng, palette, withAlpha } from './chartSetup';
import { formatValue } from './format';
import { ownValue } from '../src/shared/nameRecords';
import { sortCategories } from './scatter';
import type { DashboardStore } from './store';

const PAD_X = 48;
const PAD_TOP = 28;
const PAD_BOTTOM = 22;
const HIT = 14;

/**
 * A brush in the axis's own values: a value range on a numeric axis, or the kept categories. Kept
 * in values, not in screen positions, so rows arriving later (which can move an axis's ends) are
 * judged by the same range the user drew, and the leaderboard and the lines always agree.
 */
export type AxisBrush = { readonly min: number; readonly max: number } | { readonly values: readonly string[] };

/** How an axis spaces values: the parameter's distribution decides (log for the log ones). */
export type AxisScale = ParamScale;

type AxisValue = number | string | boolean | null | undefined;

/** Maps a row's value on one axis to 0 (bottom) .. 1 (top); undefined when it has none. */
interface Axis {
  readonly name: string;
  readonly label: string;
  readonly value: (row: TrialRowView) => AxisValue;
  readonly position: (row: TrialRowView) => number | undefined;
  readonly ticks: readonly { readonly at: number; readonly label: string }[];
  /** The brush covering normalised positions lo..hi. */
  readonly brushAt: (lo: number, hi: number) => AxisBrush;
  /** Where `brush` lies on this axis (normalised, clamped), or undefined when off the axis. */
  readonly span: (brush: AxisBrush) => [number, number] | undefined;
}

/** Whether `value` lies inside `brush` (a missing value never does). */
export function brushMatches(brush: AxisBrush, value: AxisValue): boolean {
  if (value === null || value === undefined) return false;
  if ('values' in brush) return brush.values.includes(String(value));
  const slack = 1e-9 * Math.max(Math.abs(brush.min), Math.abs(brush.max), 1e-300);
  return typeof value === 'number' && value >= brush.min - slack && value <= brush.max + slack;
}

const OBJECTIVE = '__objective';

/** The row's value on the axis named `name` (`__objective` is the best primary value). */
export function axisValue(name: string): (row: TrialRowView) => AxisValue {
  return name === OBJECTIVE ? (row) => row.best : (row) => ownValue(row.params, name);
}
const clamp01 = (t: number): number => Math.min(1, Math.max(0, t));

/**
 * Builds an axis for `name` from the values rows have. `scale` comes from the parameter's
 * distribution when known; without it (the objective, an unknown spec) positive values spanning
 * more than two decades get a log axis.
 */
export function buildAxis(name: string, label: string, value: (row: TrialRowView) => AxisValue, rows: readonly TrialRowView[], scale?: AxisScale): Axis {
  const values = rows.map(value).filter((v): v is number | string | boolean => v !== null && v !== undefined);
  if (scale !== 'categorical' && values.length > 0 && values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const nums = values as number[];
    let min = Infinity;
    let max = -Infinity;
    for (const v of nums) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const log = min > 0 && (scale === 'log' || (scale === undefined && max / min > 100));
    const f = (v: number): number => (log ? Math.log10(v) : v);
    const inverse = (t: number): number => (log ? 10 ** (lo + t * span) : lo + t * span);
    const lo = f(min);
    const span = f(max) - lo || 1;
    const at = (v: number): number => (f(v) - lo) / span;
    const position = (row: TrialRowView): number | undefined => {
      const v = value(row);
      return typeof v === 'number' && Number.isFinite(v) && (!log || v > 0) ? at(v) : undefined;
    };
    const ticks = [0, 0.5, 1].map((t) => ({ at: t, label: formatValue(inverse(t)) }));
    return {
      name, label: log ? `${label} (log)` : label, value, position, ticks,
      brushAt: (a, b) => ({ min: inverse(a), max: inverse(b) }),
      span: (brush) => ('values' in brush ? undefined : [clamp01(at(brush.min)), clamp01(at(brush.max))]),
    };
  }
  const categories = sortCategories([...new Set(values.map(String))]);
  const step = categories.length > 1 ? 1 / (categories.length - 1) : 0;
  const at = new Map(categories.map((c, i) => [c, categories.length > 1 ? i * step : 0.5]));
  const position = (row: TrialRowView): number | undefined => {
    const v = value(row);
    return v === null || v === undefined ? undefined : at.get(String(v));
  };
  return {
    name, label, value, position,
    ticks: categories.slice(0, 20).map((c) => ({ at: at.get(c) ?? 0, label: c })),
    brushAt: (a, b) => ({ values: categories.filter((c) => {
      const t = at.get(c) ?? -1;
      return t >= a - 1e-9 && t <= b + 1e-9;
    }) }),
    span: (brush) => {
      if (!('values' in brush)) return undefined;
      const ts = brush.values.map((c) => at.get(c)).filter((t): t is number => t !== undefined);
      return ts.length === 0 ? undefined : [Math.min(...ts), Math.max(...ts)];
    },
  };
}

/** The parallel-coordinates canvas and its brushes. */
export class ParallelCoordinates {
  private axes: Axis[] = [];
  private readonly brushes = new Map<string, AxisBrush>();
  private drag: { axis: Axis; from: number; to: number } | undefined;
  private pending = false;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly store: DashboardStore) {
    canvas.addEventListener('pointerdown', (e) => this.onDown(e));
    canvas.addEventListener('pointermove', (e) => this.onMove(e));
    canvas.addEventListener('pointerup', (e) => this.onUp(e));
    new ResizeObserver(() => this.requestDraw()).observe(canvas);
  }

  /** Axis x positions, evenly spread over the canvas width. */
  private axisX(i: number): number {
    const width = this.canvas.clientWidth;
    return this.axes.length <= 1 ? width / 2 : PAD_X + (i * (width - 2 * PAD_X)) / (this.axes.length - 1);
  }

  private toY(t: number): number {
    const h = this.canvas.clientHeight;
    return PAD_TOP + (1 - t) * (h - PAD_TOP - PAD_BOTTOM);
  }

  private fromY(y: number): number {
    const h = this.canvas.clientHeight;
    return Math.min(1, Math.max(0, 1 - (y - PAD_TOP) / (h - PAD_TOP - PAD_BOTTOM)));
  }

  /** Redraws on the next frame (many changes in one frame draw once). */
  requestDraw(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  private rebuildAxes(rows: readonly TrialRowView[]): void {
    const header = this.store.header;
    const params = header?.paramNames ?? [];
    this.axes = [
      ...params.map((p) => buildAxis(p, p, axisValue(p), rows, header?.paramScales?.[p])),
      buildAxis(OBJECTIVE, `best ${header?.primaryMetric ?? 'objective'}`, axisValue(OBJECTIVE), rows),
    ];
  }

  private draw(): void {
    const canvas = this.canvas;
    if (canvas.clientWidth === 0 || canvas.clientHeight === 0) return; // hidden tab: drawn when shown
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(canvas.clientWidth * ratio);
    canvas.height = Math.round(canvas.clientHeight * ratio);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const rows = this.store.allRows();
    this.rebuildAxes(rows);
    const colors = palette();
    const selected = this.store.selectedId;
    const best = this.store.header?.bestTrialId;
    // Dimmed lines (filtered out) first, then kept lines, then best and selected on top.
    const kept: TrialRowView[] = [];
    ctx.lineWidth = 1;
    ctx.strokeStyle = withAlpha(colors.muted, 0.12);
    ctx.beginPath();
    for (const row of rows) {
      if (this.store.matches(row)) kept.push(row);
      else this.trace(ctx, row);
    }
    ctx.stroke();
    ctx.strokeStyle = withAlpha(colors.series[0] ?? colors.fg, kept.length > 2000 ? 0.15 : 0.45);
    ctx.beginPath();
    for (const row of kept) this.trace(ctx, row);
    ctx.stroke();
    for (const [id, color] of [[best, colors.best], [selected, colors.selected]] as const) {
      const row = id === undefined ? undefined : this.store.row(id);
      if (!row) continue;
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = color;
      ctx.beginPath();
      this.trace(ctx, row);
      ctx.stroke();
    }
    this.drawAxes(ctx, colors.fg, colors.muted, colors.selected);
  }

  private trace(ctx: CanvasRenderingContext2D, row: TrialRowView): void {
    let started = false;
    this.axes.forEach((axis, i) => {
      const t = axis.position(row);
      if (t === undefined) {
        started = false;
        return;
      }
      const x = this.axisX(i);
      const y = this.toY(t);
      if (started) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      started = true;
    });
  }

  private drawAxes(ctx: CanvasRenderingContext2D, fg: string, muted: string, brushColor: string): void {
    ctx.font = '11px var(--vscode-font-family, sans-serif)';
    ctx.textAlign = 'center';
    this.axes.forEach((axis, i) => {
      const x = this.axisX(i);
      ctx.strokeStyle = fg;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, this.toY(0));
      ctx.lineTo(x, this.toY(1));
      ctx.stroke();
      ctx.fillStyle = fg;
      ctx.fillText(axis.label, x, PAD_TOP - 12);
      ctx.fillStyle = muted;
      ctx.textAlign = 'left';
      for (const tick of axis.ticks) ctx.fillText(tick.label, x + 4, this.toY(tick.at) + 4);
      ctx.textAlign = 'center';
      const brush = this.brushes.get(axis.name);
      const range = this.drag?.axis.name === axis.name ? [this.drag.from, this.drag.to] : brush ? axis.span(brush) : undefined;
      if (range) {
        const [a, b] = range;
        ctx.fillStyle = withAlpha(brushColor, 0.25);
        ctx.strokeStyle = brushColor;
        const top = this.toY(Math.max(a ?? 0, b ?? 0));
        const height = this.toY(Math.min(a ?? 0, b ?? 0)) - top;
        ctx.fillRect(x - 7, top, 14, height);
        ctx.strokeRect(x - 7, top, 14, height);
      }
    });
  }

  private axisAt(clientX: number): Axis | undefined {
    const x = clientX - this.canvas.getBoundingClientRect().left;
    return this.axes.find((_, i) => Math.abs(this.axisX(i) - x) <= HIT);
  }

  private onDown(e: PointerEvent): void {
    const axis = this.axisAt(e.clientX);
    if (!axis) return;
    const t = this.fromY(e.clientY - this.canvas.getBoundingClientRect().top);
    this.drag = { axis, from: t, to: t };
    this.canvas.setPointerCapture(e.pointerId);
  }

  private onMove(e: PointerEvent): void {
    if (!this.drag) {
      this.canvas.style.cursor = this.axisAt(e.clientX) ? 'ns-resize' : 'default';
      return;
    }
    this.drag.to = this.fromY(e.clientY - this.canvas.getBoundingClientRect().top);
    this.requestDraw();
  }

  private onUp(_e: PointerEvent): void {
    const drag = this.drag;
    this.drag = undefined;
    if (!drag) return;
    const lo = Math.min(drag.from, drag.to);
    const hi = Math.max(drag.from, drag.to);
    this.setBrush(drag.axis.name, hi - lo < 0.01 ? undefined : [lo, hi]);
  }

  /** Brushes `axisName` to the normalised range [lo, hi] (0 bottom, 1 top), or clears it. */
  setBrush(axisName: string, range: [number, number] | undefined): void {
    const axis = this.axes.find((a) => a.name === axisName);
    if (!axis) return;
    const brush = range ? axis.brushAt(range[0], range[1]) : undefined;
    if (brush) this.brushes.set(axisName, brush);
    else this.brushes.delete(axisName);
    const value = axisValue(axisName);
    this.store.setBrush(axisName, brush ? (row) => brushMatches(brush, value(row)) : undefined);
    this.publishBrushes();
    this.requestDraw();
  }

  clearBrushes(): void {
    this.brushes.clear();
    this.store.clearBrushes();
    this.publishBrushes();
    this.requestDraw();
  }

  /** The brushes in values, on the canvas (what the leaderboard filters by, for tests and tools). */
  private publishBrushes(): void {
    this.canvas.dataset['brushes'] = JSON.stringify(Object.fromEntries(this.brushes));
  }

  /** The axis names, left to right. */
  axisNames(): string[] {
    return this.axes.map((a) => a.name);
  }

  toPng(): string {
    return canvasToPng(this.canvas);
  }
}
