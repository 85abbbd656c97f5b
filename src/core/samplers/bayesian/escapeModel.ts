/**
 * The model an escape proposal (basinEscape.ts) scores its candidates with: the fitted one, with
 * every lengthscale capped at the width of the unit cube.
 *
 * Why: a search stuck in a basin has its data there, and a fitted lengthscale far longer than the
 * cube says a coordinate does not matter, which may be true of that basin alone. On Hartmann-6
 * seed 13, stuck in the second basin (regret 0.119) for all 300 trials, at trial 200 the fit on
 * all 200 points gave x3 a lengthscale of 81, and most fits on 64-point subsets 50-100: the model
 * predicted the basin's value along the whole of x3, so escapes never looked for the x3 the global basin needs
 * (0.48 against the stuck basin's 0.87). Capped, the escape's model stays uncertain along every
 * coordinate away from the data, as it should when the data come from one basin. Per-seed runs of
 * 300 trials: seeds 0-29 stuck in the second basin 2 (13, 20) → 0; seeds 0-9 median regret at
 * 50 / 100 / 300 trials 0.132 / 0.0694 / 1.92e-3 → 0.126 / 0.060 / 3.5e-3 (bench/samplers/NOTES.md).
 * The avoided basin is still measured with the fitted lengthscales, so what counts as the
 * incumbent's basin does not change. Only escape turns use it, so only stalled searches below 8
 * dimensions see any difference.
 */
import type { GpHyperparameters } from './gp';

/** Longest lengthscale an escape's model keeps, in unit-cube features (a Matérn 5/2 correlation of 0.52 across the cube). */
export const ESCAPE_MAX_LENGTHSCALE = 1;

/** `params` with every lengthscale capped at ESCAPE_MAX_LENGTHSCALE (the same object when none is longer). */
export function escapeHyperparameters(params: GpHyperparameters): GpHyperparameters {
  if (params.lengthscales.every((l) => l <= ESCAPE_MAX_LENGTHSCALE)) return params;
  return { ...params, lengthscales: params.lengthscales.map((l) => Math.min(l, ESCAPE_MAX_LENGTHSCALE)) };
}
