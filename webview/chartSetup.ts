/**
 * Chart.js with only the parts the dashboard uses registered (keeps the bundle small), and the
 * helpers every chart shares: theme colours, flat-array conversion, PNG export with a background.
 */
import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LogarithmicScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { themeColor } from './format';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Filler, Legend, Tooltip);

export { Chart };
export type { ChartConfiguration };

/** A chart point; Chart.js reads `{ x, y }` without parsing when `parsing: false`. */
export interface XY {
  x: number;
  y: number;
}

/** `[x0, y0, x1, y1, ...]` -> points. */
export function pairs(flat: readonly number[]): XY[] {
  const out: XY[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ x: flat[i] as number, y: flat[i + 1] as number });
  return out;
}

/** Colours from the current VS Code theme (re-read on each draw, so a theme switch applies). */
export function palette(): { fg: string; muted: string; grid: string; series: string[]; best: string; selected: string; stop: string; band: string; bg: string } {
  const fg = themeColor('foreground', '#333');
  return {
    fg,
    muted: themeColor('descriptionForeground', '#777'),
    grid: themeColor('charts-lines', 'rgba(128,128,128,0.3)'),
    series: [
      themeColor('charts-blue', '#3794ff'),
      themeColor('charts-purple', '#b180d7'),
      themeColor('charts-green', '#89d185'),
      themeColor('charts-yellow', '#cca700'),
      themeColor('charts-orange', '#d18616'),
    ],
    best: themeColor('charts-green', '#388a34'),
    selected: themeColor('focusBorder', '#007fd4'),
    stop: themeColor('charts-red', '#f14c4c'),
    band: themeColor('charts-lines', 'rgba(128,128,128,0.3)'),
    bg: themeColor('editor-background', '#ffffff'),
  };
}

/** `color` with alpha `a` (works for `#rgb`, `#rrggbb`; other forms are returned unchanged). */
export function withAlpha(color: string, a: number): string {
  const hex = color.trim().match(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i)?.[1];
  if (!hex) return color;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const n = parseInt(full, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

/** Shared options: no animation (live updates must not queue tweens), theme-coloured axes. */
export function baseOptions(xTitle: string, yTitle: string): NonNullable<ChartConfiguration<'line'>['options']> {
  const colors = palette();
  const axis = (title: string) => ({
    type: 'linear' as const,
    title: { display: true, text: title, color: colors.muted },
    ticks: { color: colors.muted, maxTicksLimit: 8 },
    grid: { color: colors.grid },
  });
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    // Legends only where a chart has few named lines (compare); elsewhere the text says who is who.
    plugins: { tooltip: { enabled: true }, legend: { display: false } },
    scales: { x: axis(xTitle), y: axis(yTitle) },
    elements: { point: { radius: 0 }, line: { borderWidth: 1 } },
  };
}

/** The canvas as PNG on the theme's background (a transparent PNG is unreadable on the other theme). */
export function canvasToPng(canvas: HTMLCanvasElement): string {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d');
  if (!ctx) return canvas.toDataURL('image/png');
  ctx.fillStyle = palette().bg;
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.drawImage(canvas, 0, 0);
  return copy.toDataURL('image/png');
}
