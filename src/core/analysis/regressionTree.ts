/**
 * One regression tree of the forest, grown on binned features (CART with the squared-error
 * criterion, as in Breiman's random forests): a split sends a set of bins left, the rest right.
 * Numeric splits keep bin order; categorical splits order the categories by their mean target in
 * the node, which finds the best two-set split exactly for squared error (Breiman et al., CART,
 * 1984, §9.4). Each leaf keeps the bins of every feature it covers: that is all fANOVA needs.
 */
import type { Feature } from './features';

export interface TreeOptions {
  readonly minLeaf: number;
  readonly maxDepth: number;
}

/** A leaf: its mean target and, per feature, which bins it covers (1) or not (0). */
export interface Leaf {
  readonly value: number;
  /** Concatenated per-feature bin masks, feature f at `offsets[f]`. */
  readonly mask: Uint8Array;
}

export interface GrownTree {
  readonly leaves: Leaf[];
}

interface Layout {
  readonly features: readonly Feature[];
  readonly offsets: readonly number[];
  readonly totalBins: number;
  readonly y: Float64Array;
  readonly options: TreeOptions;
  /** Per-bin scratch sums, reused by every node (allocation per node dominated the run time). */
  readonly counts: Float64Array;
  readonly sums: Float64Array;
}

interface Split {
  readonly feature: number;
  /** Per bin of that feature: 1 when it goes left. */
  readonly left: Uint8Array;
  readonly gain: number;
}

export function binLayout(features: readonly Feature[]): { offsets: number[]; totalBins: number } {
  const offsets: number[] = [];
  let total = 0;
  for (const f of features) {
    offsets.push(total);
    total += f.widths.length;
  }
  return { offsets, totalBins: total };
}

/** The best split of rows[start, end) on one feature, or undefined when none leaves minLeaf on both sides. */
function bestSplitOn(layout: Layout, f: number, rows: Int32Array, start: number, end: number, mask: Uint8Array, total: number): Split | undefined {
  const feature = layout.features[f];
  if (!feature) return undefined;
  const nBins = feature.widths.length;
  const offset = layout.offsets[f] ?? 0;
  const counts = layout.counts.fill(0, 0, nBins);
  const sums = layout.sums.fill(0, 0, nBins);
  const bins = feature.bins;
  const y = layout.y;
  for (let i = start; i < end; i += 1) {
    const row = rows[i] ?? 0;
    const b = bins[row] ?? 0;
    counts[b] = (counts[b] ?? 0) + 1;
    sums[b] = (sums[b] ?? 0) + (y[row] ?? 0);
  }
  const order: number[] = [];
  for (let b = 0; b < nBins; b += 1) if (mask[offset + b] === 1) order.push(b);
  if (!feature.ordered) {
    // Empty categories (covered, no trial here) go last: they follow whichever side ends the order.
    const mean = (b: number): number => ((counts[b] ?? 0) > 0 ? (sums[b] ?? 0) / (counts[b] ?? 1) : Infinity);
    order.sort((a, b) => mean(a) - mean(b) || a - b);
  }
  const n = end - start;
  const minLeaf = layout.options.minLeaf;
  let nLeft = 0;
  let sumLeft = 0;
  let best = -Infinity;
  let bestAt = -1;
  for (let k = 0; k < order.length - 1; k += 1) {
    const b = order[k] ?? 0;
    const c = counts[b] ?? 0;
    if (c === 0) continue;
    nLeft += c;
    sumLeft += sums[b] ?? 0;
    const nRight = n - nLeft;
    if (nLeft < minLeaf || nRight < minLeaf) continue;
    const sumRight = total - sumLeft;
    const score = (sumLeft * sumLeft) / nLeft + (sumRight * sumRight) / nRight;
    if (score > best) {
      best = score;
      bestAt = k;
    }
  }
  if (bestAt < 0) return undefined;
  const left = new Uint8Array(nBins);
  for (let k = 0; k <= bestAt; k += 1) left[order[k] ?? 0] = 1;
  return { feature: f, left, gain: best - (total * total) / n };
}

function grow(layout: Layout, rows: Int32Array, start: number, end: number, mask: Uint8Array, depth: number, leaves: Leaf[]): void {
  const n = end - start;
  let total = 0;
  let squares = 0;
  for (let i = start; i < end; i += 1) {
    const v = layout.y[rows[i] ?? 0] ?? 0;
    total += v;
    squares += v * v;
  }
  const mean = total / n;
  // Relative tolerance: a node whose values agree to rounding is pure.
  const pure = squares / n - mean * mean <= 1e-12 * Math.max(1, mean * mean);
  let split: Split | undefined;
  if (!pure && depth < layout.options.maxDepth && n >= 2 * layout.options.minLeaf) {
    for (let f = 0; f < layout.features.length; f += 1) {
      const candidate = bestSplitOn(layout, f, rows, start, end, mask, total);
      if (candidate && candidate.gain > 1e-12 * Math.abs(squares) && (!split || candidate.gain > split.gain)) split = candidate;
    }
  }
  if (!split) {
    leaves.push({ value: mean, mask });
    return;
  }
  const feature = layout.features[split.feature];
  const bins = feature?.bins ?? new Int32Array(0);
  // In-place partition: rows whose bin goes left first.
  let middle = start;
  for (let i = start; i < end; i += 1) {
    const row = rows[i] ?? 0;
    if (split.left[bins[row] ?? 0] === 1) {
      rows[i] = rows[middle] ?? 0;
      rows[middle] = row;
      middle += 1;
    }
  }
  const offset = layout.offsets[split.feature] ?? 0;
  const leftMask = mask.slice();
  const rightMask = mask.slice();
  for (let b = 0; b < split.left.length; b += 1) {
    if (split.left[b] === 1) rightMask[offset + b] = 0;
    else leftMask[offset + b] = 0;
  }
  grow(layout, rows, start, middle, leftMask, depth + 1, leaves);
  grow(layout, rows, middle, end, rightMask, depth + 1, leaves);
}

/** Grows a tree on `rows` (a bootstrap sample of trial indices; reordered in place). */
export function growTree(features: readonly Feature[], y: Float64Array, rows: Int32Array, options: TreeOptions): GrownTree {
  const { offsets, totalBins } = binLayout(features);
  const leaves: Leaf[] = [];
  if (rows.length === 0) return { leaves };
  const widest = Math.max(...features.map((f) => f.widths.length));
  const scratch = { counts: new Float64Array(widest), sums: new Float64Array(widest) };
  grow({ features, offsets, totalBins, y, options, ...scratch }, rows, 0, rows.length, new Uint8Array(totalBins).fill(1), 0, leaves);
  return { leaves };
}
