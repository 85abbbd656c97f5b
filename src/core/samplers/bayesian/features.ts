/**
 * How the Gaussian process sees a point of the search space. The samplers share one unit-cube
 * encoding (space/encoding.ts: one coordinate u per leaf distribution); the model turns u into
 * features so that distances mean something:
 * - continuous and q-distributions: the coordinate itself (for log scales that is the log value,
 *   for the normal family the prior CDF, so equal distances are equally plausible steps);
 * - randint: the coordinate snapped to the centre of its integer's cell (an ordered scale);
 * - choice: one-hot, scaled by 1/√2 so any two different options are at distance 1 and no option
 *   sits "between" two others (no false ordering);
 * - inactive dimensions (the options of a nested choice that was not chosen) get a fixed value
 *   (0.5, or all-zero for a one-hot), so they never make two points of one branch look different.
 * Every dimension is one lengthscale group: a one-hot block shares one lengthscale.
 */
import { choiceIndex } from '../../space/distributions';
import type { Dimension } from '../../space/encoding';

/** How one encoded dimension becomes features. */
export interface FeatureDimension {
  readonly kind: 'continuous' | 'integer' | 'categorical';
  /** Number of values for integer/categorical dimensions, Infinity for continuous ones. */
  readonly levels: number;
  /** First feature of this dimension. */
  readonly offset: number;
  /** Number of features (levels for categorical, else 1). */
  readonly width: number;
  /** The nested choice dimension this one belongs to (-1 at the top level)... */
  readonly parent: number;
  /** ...and which option of that choice makes it active. */
  readonly parentOption: number;
}

/** The feature map of a search space. */
export interface FeatureLayout {
  readonly dimensions: readonly FeatureDimension[];
  /** Total number of features. */
  readonly width: number;
  /** Lengthscale group (= dimension index) of every feature. */
  readonly groupOf: Int32Array;
  /** Whether some dimension is nested under a choice (only then can one be inactive). */
  readonly nested: boolean;
}

const ONE_HOT = Math.SQRT1_2;

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/** The feature layout for the encoding's dimensions (in the order `dimensions()` gives them). */
export function featureLayout(dims: readonly Dimension[]): FeatureLayout {
  const out: FeatureDimension[] = [];
  const groups: number[] = [];
  let offset = 0;
  dims.forEach((dim, index) => {
    const distribution = dim.distribution;
    const kind = distribution.type === 'choice' ? 'categorical' : distribution.type === 'randint' ? 'integer' : 'continuous';
    const width = kind === 'categorical' ? Math.max(1, dim.cardinality) : 1;
    // A nested dimension's path is its choice's path plus [option index, entry name].
    let parent = -1;
    let parentOption = -1;
    if (dim.path.length >= 3) {
      const parentPath = dim.path.slice(0, -2);
      parent = dims.findIndex((other) => samePath(other.path, parentPath));
      const option = dim.path[dim.path.length - 2];
      parentOption = typeof option === 'number' ? option : -1;
    }
    out.push({ kind, levels: dim.cardinality, offset, width, parent, parentOption });
    for (let i = 0; i < width; i++) groups.push(index);
    offset += width;
  });
  return { dimensions: out, width: offset, groupOf: Int32Array.from(groups), nested: out.some((dim) => dim.parent >= 0) };
}

/** Which dimensions point `u` uses: a nested dimension is active when its choice is, and picks its option. */
export function activeDimensions(layout: FeatureLayout, u: ArrayLike<number>): boolean[] {
  const active: boolean[] = [];
  layout.dimensions.forEach((dim) => {
    if (dim.parent < 0) {
      active.push(true);
      return;
    }
    const parent = layout.dimensions[dim.parent];
    const parentActive = active[dim.parent] ?? false;
    const chosen = parent === undefined ? -1 : choiceIndex(parent.levels, u[dim.parent] ?? 0);
    active.push(parentActive && chosen === dim.parentOption);
  });
  return active;
}

/**
 * The features of point `u` into `into` (length `layout.width`), from offset `at`. The acquisition
 * search calls this for every point it scores (thousands per proposal), so a space without nested
 * choices, where every dimension is active, skips `activeDimensions` and its array.
 */
export function writeFeatures(layout: FeatureLayout, u: ArrayLike<number>, into: Float64Array, at = 0): void {
  const active = layout.nested ? activeDimensions(layout, u) : undefined;
  const dimensions = layout.dimensions;
  for (let index = 0; index < dimensions.length; index++) {
    const dim = dimensions[index];
    if (dim === undefined) continue;
    const isActive = active === undefined || active[index] === true;
    const base = at + dim.offset;
    const coordinate = u[index] ?? 0.5;
    if (dim.kind === 'categorical') {
      for (let k = 0; k < dim.width; k++) into[base + k] = 0;
      if (isActive) into[base + choiceIndex(dim.levels, coordinate)] = ONE_HOT;
    } else if (!isActive) {
      into[base] = 0.5;
    } else if (dim.kind === 'integer') {
      into[base] = (choiceIndex(dim.levels, coordinate) + 0.5) / dim.levels;
    } else {
      into[base] = Math.min(1, Math.max(0, coordinate));
    }
  }
}

/** The features of point `u` as a new array. */
export function featuresOf(layout: FeatureLayout, u: ArrayLike<number>): Float64Array {
  const out = new Float64Array(layout.width);
  writeFeatures(layout, u, out);
  return out;
}
