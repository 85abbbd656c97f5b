/**
 * CONTRACT (implemented by the space module): one encoding of a search space in the unit cube,
 * shared by the random, Sobol and Bayesian samplers.
 *
 * A *dimension* is one leaf distribution in YAML order, depth first: each top-level parameter
 * is a dimension; a choice whose options contain mappings is a dimension (which option), followed
 * by the dimensions of the distributions inside each option, option by option. Dimensions of an
 * option that was not chosen are inactive for that point.
 */
import type { Distribution, Params, SearchSpace } from '../spec/model';

export interface Dimension {
  /** Path of the value, e.g. `["lr"]` or `["model", 1, "depth"]` (option index inside a choice). */
  readonly path: readonly (string | number)[];
  /** Dotted label for people: `lr`, `model[1].depth`. */
  readonly label: string;
  readonly distribution: Distribution;
  /** Number of distinct values for choice/randint; `Infinity` for continuous or q-continuous. */
  readonly cardinality: number;
}
