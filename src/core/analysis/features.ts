/**
 * Columns as the forest sees them: every trial's value falls in a bin, and every bin stands for a
 * share of the searched space (its width). Numeric columns are cut at their values' quantiles (at
 * most MAX_NUMERIC_BINS bins) on their own scale, log for the log distributions, so the widths
 * measure the space as the sweep searched it; the outer bins reach the searched bounds. Categories
 * are one bin each, of equal width. A nested column that is inactive in some trials (another branch
 * was chosen) gets one more bin, `inactive`, weighted by how often that happens.
 *
 * Binning makes each tree a partition into whole bins, so the fANOVA marginals are exact sums over
 * bins, and it keeps training linear in the trial count (histogram splits).
 */
import type { CellValue, ParamScale } from '../../shared/dashboardProtocol';
import type { Column } from './columns';

export const MAX_NUMERIC_BINS = 32;

export interface Feature {
  readonly name: string;
  readonly scale: ParamScale;
  /** The bin of each counted trial. */
  readonly bins: Int32Array;
  /** The share of the searched space each bin stands for; sums to 1. */
  readonly widths: Float64Array;
  /** Numeric bins keep their order in splits; categories split into any two sets. */
  readonly ordered: boolean;
}

function transform(scale: ParamScale, value: number): number {
  return scale === 'log' ? Math.log(value) : value;
}

/** Index of the first cut greater than `value` = the number of cuts at or below it. */
function binOf(cuts: readonly number[], value: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cuts[mid] ?? Infinity) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Cuts between distinct values: midpoints when few, else quantiles of the trials' values. */
function cutsOf(sorted: readonly number[]): number[] {
  const distinct = sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
  if (distinct.length <= MAX_NUMERIC_BINS) {
    return distinct.slice(1).map((v, i) => ((distinct[i] ?? v) + v) / 2);
  }
  const cuts: number[] = [];
  const min = sorted[0] ?? 0;
  for (let k = 1; k < MAX_NUMERIC_BINS; k += 1) {
    const q = sorted[Math.floor((k * sorted.length) / MAX_NUMERIC_BINS)] ?? min;
    if (q > min && q !== cuts.at(-1)) cuts.push(q);
  }
  return cuts;
}

function numericFeature(column: Column): Feature | undefined {
  const positive = column.values.every((v) => v === undefined || (typeof v === 'number' && v > 0));
  const scale: ParamScale = column.scale === 'log' && positive ? 'log' : 'linear';
  const active = column.values.flatMap((v) => (typeof v === 'number' && Number.isFinite(v) ? [transform(scale, v)] : []));
  const sorted = Float64Array.from(active).sort();
  const observedMin = sorted[0];
  const observedMax = sorted.at(-1);
  if (observedMin === undefined || observedMax === undefined) return undefined;
  const lo = Math.min(observedMin, column.searched ? transform(scale, column.searched.min) : observedMin);
  const hi = Math.max(observedMax, column.searched ? transform(scale, column.searched.max) : observedMax);
  const inactiveCount = column.values.length - active.length;
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return inactiveCount > 0 && active.length > 0 ? presenceFeature(column) : undefined;
  const cuts = cutsOf([...sorted]);
  const activeShare = active.length / column.values.length;
  const edges = [lo, ...cuts, hi];
  const widths = Array.from({ length: cuts.length + 1 }, (_, i) => (((edges[i + 1] ?? hi) - (edges[i] ?? lo)) / (hi - lo)) * activeShare);
  const inactiveBin = widths.length;
  if (inactiveCount > 0) widths.push(1 - activeShare);
  const bins = Int32Array.from(column.values, (v) => (typeof v === 'number' && Number.isFinite(v) ? binOf(cuts, transform(scale, v)) : inactiveBin));
  return { name: column.name, scale, bins, widths: Float64Array.from(widths), ordered: true };
}

/** A nested column with one value wherever it is active: all that varies is whether it is. */
function presenceFeature(column: Column): Feature {
  const activeShare = column.values.filter((v) => v !== undefined).length / column.values.length;
  return {
    name: column.name,
    scale: 'categorical',
    bins: Int32Array.from(column.values, (v) => (v === undefined ? 1 : 0)),
    widths: Float64Array.from([activeShare, 1 - activeShare]),
    ordered: false,
  };
}

function categoryKey(value: CellValue): string {
  return `${typeof value}:${String(value)}`;
}

function categoricalFeature(column: Column): Feature | undefined {
  const keys = [...new Set(column.values.flatMap((v) => (v === undefined ? [] : [categoryKey(v)])))].sort();
  const inactiveCount = column.values.filter((v) => v === undefined).length;
  if (keys.length + (inactiveCount > 0 ? 1 : 0) < 2) return undefined;
  const index = new Map(keys.map((key, i) => [key, i]));
  const activeShare = 1 - inactiveCount / column.values.length;
  const widths = keys.map(() => activeShare / keys.length);
  if (inactiveCount > 0) widths.push(1 - activeShare);
  const bins = Int32Array.from(column.values, (v) => (v === undefined ? keys.length : (index.get(categoryKey(v)) ?? 0)));
  return { name: column.name, scale: 'categorical', bins, widths: Float64Array.from(widths), ordered: false };
}

/** The column as bins; undefined when it does not vary over the counted trials (it explains nothing). */
export function featureOf(column: Column): Feature | undefined {
  const numeric = column.scale !== 'categorical' && column.values.every((v) => v === undefined || typeof v === 'number');
  return numeric ? numericFeature(column) : categoricalFeature(column);
}
