/**
 * Exact inversion of a monotone map from the unit interval, by bisection over the bit patterns of
 * doubles. Non-negative doubles sort like their bit patterns read as integers, so about 62
 * halvings find the exact boundary between two adjacent doubles; no tolerance is involved. This is
 * what lets `toUnit` return a point that `fromUnit` maps back to the very same value.
 */

/** The largest double below 1: the top of the unit interval [0, 1) that samplers draw from. */
export const UNIT_MAX = 1 - 2 ** -53;

const view = new DataView(new ArrayBuffer(8));
const TWO_32 = 4294967296;

function bitsOf(x: number): bigint {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

function doubleOf(bits: bigint): number {
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
}

/** The double whose bit pattern is high·2³² + low (both unsigned 32-bit words). */
function doubleOfWords(high: number, low: number): number {
  view.setUint32(0, high);
  view.setUint32(4, low);
  return view.getFloat64(0);
}

const BITS_OF_UNIT_MAX = bitsOf(UNIT_MAX);
view.setFloat64(0, UNIT_MAX);
const UNIT_MAX_HIGH = view.getUint32(0);
const UNIT_MAX_LOW = view.getUint32(4);

/** Half-width of the bracket tried around a hint: far wider than rounding moves a boundary. */
const NEAR_WIDTH = 2 ** -40;

/**
 * The smallest u in [0, UNIT_MAX] where `predicate` holds, for a predicate that is false up to
 * some point and true from there on; `undefined` when it never holds.
 *
 * The bit patterns are held as two 32-bit words in plain numbers, not as a BigInt: the same
 * midpoints (⌊(low + high)/2⌋ of the 64-bit patterns), but BigInt arithmetic allocated on every
 * halving. With `near`, a guess of where the predicate turns true, the bisection starts from
 * [near − 2⁻⁴⁰, near + 2⁻⁴⁰] when the predicate is false and true at its ends (else from the
 * whole interval): about 14 halvings instead of 62. A monotone predicate turns true at one point
 * only, so the answer is the same from any bracket.
 */
export function firstUnitWhere(predicate: (u: number) => boolean, near?: number): number | undefined {
  if (!predicate(UNIT_MAX)) return undefined;
  if (predicate(0)) return 0;
  // Candidate bits low (predicate false) and high (predicate true), as words.
  let lowHigh = 0;
  let lowLow = 0;
  let highHigh = UNIT_MAX_HIGH;
  let highLow = UNIT_MAX_LOW;
  if (near !== undefined && near >= 0 && near <= UNIT_MAX) {
    const below = Math.max(0, near - NEAR_WIDTH);
    const above = Math.min(UNIT_MAX, near + NEAR_WIDTH);
    if (!predicate(below) && predicate(above)) {
      view.setFloat64(0, below);
      lowHigh = view.getUint32(0);
      lowLow = view.getUint32(4);
      view.setFloat64(0, above);
      highHigh = view.getUint32(0);
      highLow = view.getUint32(4);
    }
  }
  // Invariant: predicate(low) is false, predicate(high) is true. The difference is exact while
  // it is small, and only its comparison with 1 matters.
  while ((highHigh - lowHigh) * TWO_32 + (highLow - lowLow) > 1) {
    const sumHigh = lowHigh + highHigh;
    let middleHigh = Math.floor(sumHigh / 2);
    let middleLow = Math.floor(((sumHigh - 2 * middleHigh) * TWO_32 + lowLow + highLow) / 2);
    if (middleLow >= TWO_32) {
      middleHigh += 1;
      middleLow -= TWO_32;
    }
    if (predicate(doubleOfWords(middleHigh, middleLow))) {
      highHigh = middleHigh;
      highLow = middleLow;
    } else {
      lowHigh = middleHigh;
      lowLow = middleLow;
    }
  }
  return doubleOfWords(highHigh, highLow);
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

/**
 * The interval of u that a monotone non-decreasing `f` maps to `target`; `near`, a guess of where
 * (see firstUnitWhere), only for an `f` known to be monotone to the last bit.
 */
export function unitCell(f: (u: number) => number, target: number, near?: number): UnitCell {
  const low = firstUnitWhere((u) => f(u) >= target, near);
  if (low === undefined) return { low: UNIT_MAX, high: UNIT_MAX, exact: false };
  if (f(low) !== target) return { low, high: low, exact: false };
  const above = firstUnitWhere((u) => f(u) > target, near);
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
