/**
 * The Sobol low-discrepancy sequence with the Joe-Kuo direction numbers (table new-joe-kuo-6.21201),
 * random access by index, optionally scrambled with a seed.
 *
 * Unscrambled, point i is the i-th point of the standard Gray-code-order sequence (the order of
 * Joe and Kuo's reference program and of SciPy's `Sobol(d, scramble=False)`), bit for bit, starting
 * at the origin. Scrambled, every seed gives a different, reproducible randomisation that keeps the
 * net structure: a linear matrix scramble (Matousek 1998, "On the L2-discrepancy for anchored boxes";
 * Owen 1998) followed by a random digital shift.
 */
import { SOBOL_DIRECTION_ROWS, SOBOL_TABLE_NAME } from './sobolDirections';

/** Bits per coordinate: direction numbers are 32-bit integers and a coordinate is integer / 2^32. */
const BITS = 32;
const TWO_TO_32 = 2 ** 32;

/** How a {@link SobolSequence} randomises its points. */
export interface SobolOptions {
  /** Unsigned 32-bit seed (0 to 2^32 - 1) for the scramble; ignored when `scramble` is false. */
  readonly seed: number;
  /** False gives the standard unscrambled sequence (point 0 is the origin). */
  readonly scramble: boolean;
}

/**
 * A `dimensions`-dimensional Sobol sequence. Construction costs O(dimensions x 32^2) once;
 * each point costs O(dimensions x 32) and needs no earlier point, so any index can be asked for in
 * any order.
 */
export class SobolSequence {
  /** Most dimensions the embedded direction-number table supports. */
  static readonly maxDimensions = SOBOL_DIRECTION_ROWS.length + 1;
  /** Largest valid index: with 32-bit direction numbers the sequence has 2^32 distinct points. */
  static readonly maxIndex = TWO_TO_32 - 1;

  readonly dimensions: number;
  /** Direction numbers (scrambled when asked), `BITS` per dimension: V_1..V_32 of dimension j at j*BITS. */
  private readonly directions: Uint32Array;
  /** The digital shift per dimension (all zero when unscrambled). */
  private readonly shifts: Uint32Array;

  constructor(dimensions: number, options: SobolOptions) {
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > SobolSequence.maxDimensions) {
      throw new RangeError(
        `A Sobol sequence needs 1 to ${SobolSequence.maxDimensions} dimensions (one per search-space ` +
          `parameter), got ${String(dimensions)}. With more parameters, use the random sampler, or ` +
          `embed more rows of ${SOBOL_TABLE_NAME} and run \`npm run gen:sobol\`.`,
      );
    }
    if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed >= TWO_TO_32) {
      throw new RangeError(
        `A Sobol seed must be an integer from 0 to ${TWO_TO_32 - 1}, got ${String(options.seed)}.`,
      );
    }
    this.dimensions = dimensions;
    this.directions = new Uint32Array(dimensions * BITS);
    this.shifts = new Uint32Array(dimensions);
    // One generator for all dimensions, drawn dimension by dimension: dimension j's scramble then
    // depends only on the seed and j, so a space with one more parameter keeps the others' values.
    const random = options.scramble ? new SplitMix64(options.seed) : undefined;
    for (let j = 0; j < dimensions; j++) {
      const unscrambled = directionNumbers(j);
      if (random === undefined) {
        this.directions.set(unscrambled, j * BITS);
      } else {
        const columns = randomLowerTriangularColumns(random);
        for (let k = 0; k < BITS; k++) {
          this.directions[j * BITS + k] = multiply(columns, unscrambled[k] ?? 0);
        }
        this.shifts[j] = random.nextUint32();
      }
    }
  }

  /**
   * Point number `index` (0-based) as `dimensions` coordinates in [0, 1), each a multiple of 2^-32.
   * Throws a RangeError unless `index` is an integer from 0 to {@link SobolSequence.maxIndex}.
   */
  point(index: number): Float64Array {
    if (!Number.isInteger(index) || index < 0 || index > SobolSequence.maxIndex) {
      throw new RangeError(
        `A Sobol point index must be an integer from 0 to ${SobolSequence.maxIndex} (2^32 - 1), ` +
          `got ${String(index)}.`,
      );
    }
    // Gray code of the index: its set bits name the direction numbers whose XOR is the point. `>>>`
    // reads the index as unsigned, so indexes at and above 2^31 work too.
    const gray = (index ^ (index >>> 1)) >>> 0;
    const out = new Float64Array(this.dimensions);
    for (let j = 0; j < this.dimensions; j++) {
      let x = this.shifts[j] ?? 0;
      const base = j * BITS;
      for (let rest = gray; rest !== 0; rest &= rest - 1) {
        const lowest = 31 - Math.clz32(rest & -rest);
        x ^= this.directions[base + lowest] ?? 0;
      }
      out[j] = (x >>> 0) / TWO_TO_32;
    }
    return out;
  }
}

/**
 * V_1..V_32 of dimension `j` (0-based), scaled by 2^32: V_k = m_k / 2^k, with m_k beyond the
 * table's initial values given by the recurrence of the dimension's primitive polynomial
 * (Bratley & Fox 1988; Joe & Kuo 2008, eq. (1)).
 */
function directionNumbers(j: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (j === 0) {
    // Dimension 1 is not in the table: all m_k = 1, the van der Corput sequence in base 2.
    for (let k = 1; k <= BITS; k++) v[k - 1] = 2 ** (BITS - k);
    return v;
  }
  const row = SOBOL_DIRECTION_ROWS[j - 1];
  const s = row?.[0];
  const a = row?.[1];
  if (row === undefined || s === undefined || a === undefined) {
    throw new RangeError(`No direction numbers for Sobol dimension ${j + 1}.`);
  }
  for (let k = 1; k <= BITS; k++) {
    if (k <= s) {
      v[k - 1] = (row[1 + k] ?? 0) * 2 ** (BITS - k);
      continue;
    }
    // V_k = V_{k-s} ^ (V_{k-s} >> s) ^ (XOR of a_l * V_{k-l} for l = 1..s-1), where a_l is bit
    // (s-1-l) of a: the polynomial's inner coefficients, most significant first.
    const back = v[k - s - 1] ?? 0;
    let next = back ^ (back >>> s);
    for (let l = 1; l < s; l++) {
      if ((a >>> (s - 1 - l)) & 1) next ^= v[k - l - 1] ?? 0;
    }
    v[k - 1] = next >>> 0;
  }
  return v;
}

/**
 * A random lower-triangular binary matrix with unit diagonal, stored by column as 32-bit masks:
 * `columns[p]` is the image of the digit at bit p (bit 31 is the first binary digit after the
 * point). Lower-triangular in digit order means a digit only changes less significant digits, so
 * the first m digits of a scrambled coordinate depend only on the first m digits of the original:
 * every elementary interval keeps exactly its share of points.
 */
function randomLowerTriangularColumns(random: SplitMix64): Uint32Array {
  const columns = new Uint32Array(BITS);
  columns[0] = 1;
  for (let p = 1; p < BITS; p++) {
    const below = 2 ** p - 1;
    columns[p] = (2 ** p + (random.nextUint32() & below)) >>> 0;
  }
  return columns;
}

/** The matrix (given by columns) times the 32-digit vector `digits`, over GF(2). */
function multiply(columns: Uint32Array, digits: number): number {
  let result = 0;
  for (let rest = digits | 0; rest !== 0; rest &= rest - 1) {
    result ^= columns[31 - Math.clz32(rest & -rest)] ?? 0;
  }
  return result >>> 0;
}

const MASK_64 = (1n << 64n) - 1n;

/**
 * SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
 * a 64-bit counter advanced by the golden-ratio constant, then mixed by two xor-shift-multiply
 * rounds. Tiny, passes BigCrush, and any 32-bit seed is a good starting state, which is all the
 * scramble needs. Uses BigInt for exact 64-bit arithmetic; it runs only while a sequence is built.
 */
class SplitMix64 {
  private state: bigint;

  constructor(seed: number) {
    this.state = BigInt(seed) & MASK_64;
  }

  /** The next output's high 32 bits (the better-mixed half). */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & MASK_64;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
    z ^= z >> 31n;
    return Number(z >> 32n);
  }
}
