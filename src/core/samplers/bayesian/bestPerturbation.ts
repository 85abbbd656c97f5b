/**
 * Perturbations of the best point: in 8+ dimensions one proposal in three (eliteProposal.ts
 * eliteTurn) is the best point found with a few coordinates redrawn anywhere in their range, the
 * rest left as they are. A coordinate search in the manner of DYCORS (Regis & Shoemaker, "Combining
 * radial basis function surrogates and dynamic coordinate search in high-dimensional expensive
 * black-box optimization", 2013), with uniform redraws instead of local steps.
 *
 * Why: on a rugged function whose ripples run along the coordinates (Levy) the elites settle
 * every coordinate in some ripple, and a coordinate in the wrong one never leaves it: the elite
 * spread there is a fraction of the ripple spacing, and a Gaussian step in all coordinates at once
 * breaks the ones that are right. Redrawing one or two coordinates of the best point tries other
 * ripples of those coordinates with everything else held at its best. Shifted Levy-10 (20 seeds,
 * 100 trials): the seeds left on far ripples went from 6 of 20 above regret 20 to 2 (README,
 * "Bayesian sampling"). A choice coordinate redrawn takes any of its options.
 *
 * Deterministic: the best point is a function of the history, every draw comes from the
 * proposal's own seeded stream.
 */
import type { FastRandom } from './fastRandom';

/** Coordinates a perturbation redraws on average (each with chance PERTURBED_COORDINATES / d; at least one). */
export const PERTURBED_COORDINATES = 2;

/** `best` (unit cube) with each coordinate redrawn uniformly with chance PERTURBED_COORDINATES / d, and at least one redrawn. */
export function perturbBest(best: Float64Array, rng: FastRandom): Float64Array {
  const d = best.length;
  const out = best.slice();
  const chance = Math.min(1, PERTURBED_COORDINATES / Math.max(1, d));
  let moved = false;
  for (let j = 0; j < d; j++) {
    if (rng.next() >= chance) continue;
    out[j] = rng.next();
    moved = true;
  }
  if (!moved && d > 0) out[rng.below(d)] = rng.next();
  return out;
}
