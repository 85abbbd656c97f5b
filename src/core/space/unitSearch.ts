/**
 * Exact inversion of a monotone map from the unit interval, by bisection over the bit patterns of
 * doubles. Non-negative doubles sort like their bit patterns read as integers, so about 62
 * halvings find the exact boundary between two adjacent doubles; no tolerance is involved. This is
 * what lets `toUnit` return a point that `fromUnit` maps back to the very same value.
 */

/** The largest double below 1: the top of the unit interval [0, 1) that samplers draw from. */
export const UNIT_MAX = 1 - 2 ** -53;

const view = new DataView(new ArrayBuffer(8));

function bitsOf(x: number): bigint {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

function doubleOf(bits: bigint): number {
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
}

const BITS_OF_UNIT_MAX = bitsOf(UNIT_MAX);

/**
 * The smallest u in [0, UNIT_MAX] where `predicate` holds, for a predicate that is false up to
 * some point and true from there on; `undefined` when it never holds.
 */
export function firstUnitWhere(predicate: (u: number) => boolean): number | undefined {
  if (!predicate(UNIT_MAX)) return undefined;
  let low = 0n; // candidate bits, predicate may be false
  let high = BITS_OF_UNIT_MAX; // predicate known true
  if (predicate(0)) return 0;
  // Invariant: predicate(low) is false, predicate(high) is true.
  while (high - low > 1n) {
    const middle = (low + high) / 2n;
    if (predicate(doubleOf(middle))) high = middle;
    else low = middle;
  }
  return doubleOf(high);
}

/** The double just below `u` (for u > 0). */
export function previousUnit(u: number): number {
  return u <= 0 ? 0 : doubleOf(bitsOf(u) - 1n);
}

/** Where a monotone non-decreasing map `f` takes the value `target` on [0, UNIT_MAX]. */
export interface UnitCell {
  /** First u with f(u) >= target (clamped to UNIT_MAX when f stays below). */
  readonly low: number;
  /** Last u with f(u) <= target. */
  readonly high: number;
  /** True when f really takes `target` somewhere (then f(u) = target on [low, high]). */
  readonly exact: boolean;
}

/** The interval of u that a monotone non-decreasing `f` maps to `target`. */
export function unitCell(f: (u: number) => number, target: number): UnitCell {
  const low = firstUnitWhere((u) => f(u) >= target);
  if (low === undefined) return { low: UNIT_MAX, high: UNIT_MAX, exact: false };
  if (f(low) !== target) return { low, high: low, exact: false };
  const above = firstUnitWhere((u) => f(u) > target);
  const high = above === undefined ? UNIT_MAX : previousUnit(above);
  return { low, high, exact: true };
}

/** The middle of [low, high]; always inside the interval despite rounding. */
export function middleOf(low: number, high: number): number {
  return low + (high - low) / 2;
}

/**
 * A u within `radius` doubles of `near` where `f(u) === target`, or undefined. Bisection assumes
 * `f` is monotone, but a rational approximation such as AS 241 can wobble by one ulp, and a value
 * that sits in such a wobble is missed; it is then always within a few doubles of the boundary.
 */
export function exactNear(f: (u: number) => number, target: number, near: number, radius = 256): number | undefined {
  const centre = bitsOf(near);
  for (let step = 0n; step <= BigInt(radius); step++) {
    for (const bits of step === 0n ? [centre] : [centre - step, centre + step]) {
      if (bits < 0n || bits > BITS_OF_UNIT_MAX) continue;
      const u = doubleOf(bits);
      if (f(u) === target) return u;
    }
  }
  return undefined;
}
