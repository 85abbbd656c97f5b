/**
 * Downsampling of metric curves for charts that are only so many pixels wide. A trial can report
 * thousands of values; a chart 600 px wide cannot show more than 600 distinct x positions, and
 * sending or drawing more only costs time. Min-max per bucket keeps each bucket's lowest and
 * highest value, so spikes and dips (a diverging run, the best epoch) survive, unlike averaging
 * or taking every n-th point.
 *
 * Results are flat arrays `[x0, y0, x1, y1, ...]` ready for the dashboard protocol. Non-finite
 * values (NaN, ±Infinity) are left out: a chart cannot place them.
 */

/** How to read x and y from a point. */
export interface PointAccess<P> {
  readonly x: (point: P) => number;
  readonly y: (point: P) => number;
}

/** Accessors for metric points (`{ step, value }`). */
export const STEP_VALUE: PointAccess<{ readonly step: number; readonly value: number }> = {
  x: (p) => p.step,
  y: (p) => p.value,
};

function finiteRange<P>(points: readonly P[], at: PointAccess<P>): { min: number; max: number; count: number } {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (const p of points) {
    const x = at.x(p);
    const y = at.y(p);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    count++;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { min, max, count };
}

/**
 * At most `maxPoints` points of `points` (flat `[x, y, ...]`), in x order: with `maxPoints / 2`
 * equal-width x buckets, each bucket keeps its lowest and its highest point. When the finite
 * points already fit they are all kept, in their original order.
 * @param maxPoints usually the chart's width in pixels; at least 2.
 */
export function downsampleMinMax<P>(points: readonly P[], at: PointAccess<P>, maxPoints: number): number[] {
  const limit = Math.max(2, Math.floor(maxPoints));
  const range = finiteRange(points, at);
  const out: number[] = [];
  if (range.count <= limit) {
    for (const p of points) {
      const x = at.x(p);
      const y = at.y(p);
      if (Number.isFinite(x) && Number.isFinite(y)) out.push(x, y);
    }
    return out;
  }
  const buckets = Math.floor(limit / 2);
  const span = range.max - range.min;
  // Per bucket: index of the lowest and of the highest point (-1 = empty).
  const low = new Int32Array(buckets).fill(-1);
  const high = new Int32Array(buckets).fill(-1);
  points.forEach((p, i) => {
    const x = at.x(p);
    const y = at.y(p);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    const b = span === 0 ? 0 : Math.min(buckets - 1, Math.floor(((x - range.min) / span) * buckets));
    const lo = low[b] ?? -1;
    const hi = high[b] ?? -1;
    if (lo < 0 || y < at.y(points[lo] as P)) low[b] = i;
    if (hi < 0 || y > at.y(points[hi] as P)) high[b] = i;
  });
  for (let b = 0; b < buckets; b++) {
    const lo = low[b] ?? -1;
    const hi = high[b] ?? -1;
    if (lo < 0 || hi < 0) continue;
    const first = Math.min(lo, hi);
    const second = Math.max(lo, hi);
    const a = points[first] as P;
    out.push(at.x(a), at.y(a));
    if (second !== first) {
      const c = points[second] as P;
      out.push(at.x(c), at.y(c));
    }
  }
  return out;
}

/**
 * The band that every series lies in: for `buckets` equal-width x buckets over all finite points
 * of all series, the bucket's centre x, lowest y and highest y, flat `[x, min, max, ...]`
 * (empty buckets are left out). Draws thousands of trials as one shape.
 */
export function envelopeMinMax<P>(series: Iterable<readonly P[]>, at: PointAccess<P>, buckets: number): number[] {
  const all = [...series];
  let min = Infinity;
  let max = -Infinity;
  for (const points of all) {
    const r = finiteRange(points, at);
    if (r.count === 0) continue;
    min = Math.min(min, r.min);
    max = Math.max(max, r.max);
  }
  if (min > max) return [];
  const count = Math.max(1, Math.floor(buckets));
  const span = max - min;
  const lows = new Float64Array(count).fill(Infinity);
  const highs = new Float64Array(count).fill(-Infinity);
  for (const points of all) {
    for (const p of points) {
      const x = at.x(p);
      const y = at.y(p);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const b = span === 0 ? 0 : Math.min(count - 1, Math.floor(((x - min) / span) * count));
      if (y < (lows[b] ?? Infinity)) lows[b] = y;
      if (y > (highs[b] ?? -Infinity)) highs[b] = y;
    }
  }
  const out: number[] = [];
  for (let b = 0; b < count; b++) {
    const lo = lows[b] ?? Infinity;
    const hi = highs[b] ?? -Infinity;
    if (lo > hi) continue;
    const x = span === 0 ? min : min + ((b + 0.5) / count) * span;
    out.push(x, lo, hi);
  }
  return out;
}
