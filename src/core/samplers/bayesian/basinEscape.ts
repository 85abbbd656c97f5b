/**
 * Leaving a basin once the search has settled in it.
 *
 * Why: expected improvement around the best point found is small but certain, while elsewhere it
 * is tiny because the model, fitted mostly to points in that basin, has learned short lengthscales
 * and a mean that calls everything else average. So once EI has found a good local optimum it
 * refines it for ever: on Hartmann-6 half the seeds sat in the second-best basin (regret 0.119)
 * from trial 70 to trial 1,000.
 *
 * The rule: when the best value has not improved by a meaningful margin for STALL_TRIALS(d) trials
 * (the basin is exhausted), proposals escape: two in three for the first BURST_STALLS·stallTrials(d)
 * trials of the stall, one in two after it (escapesAt). An escape proposal is log EI with the
 * incumbent's ball (radius ESCAPE_RADIUS in the model's lengthscales, smaller when that would cover
 * most of the cube) excluded, measured against the best value OUTSIDE that ball, from a model whose
 * lengthscales are capped at the cube's width (escapeModel.ts). That is an
 * independent search for the next-best basin, refined like the main one; as soon as it beats the incumbent it becomes the incumbent, and the main search follows.
 * When the escape search has nothing left to find (stalledProposal) the turn refines the incumbent.
 * The rest keep exploiting, so small regrets still shrink (Branin, mixed). Everything is a pure function of the observed values in
 * sequence order and of the proposal's sequence number, so it is deterministic for a seed and a
 * resumed sweep proposes the same.
 */
import { SobolSequence } from '../sobolSequence';

/**
 * An improvement counts when it beats the best by this fraction of its magnitude (as the trust
 * region counts successes): a valley still being descended (Rosenbrock) keeps improving by such
 * fractions, a converged basin does not. A margin relative to the spread of all values instead
 * called Rosenbrock stalled from regret 10 on (median regret at 100 trials 8.5 instead of 2.9).
 */
const MEANINGFUL_FRACTION = 1e-3;
/** Share of the observations, best first, whose neighbourhood of the incumbent escape proposals avoid. */
export const ESCAPE_TOP_SHARE = 0.2;
/** Side of the box around the best point outside the avoided basin that an escape proposal searches. */
export const ESCAPE_REGION_LENGTH = 0.5;
/**
 * Right after a stall, two proposals in three escape; why a burst: a converged basin gains at most
 * 0.1 % per trial, while a new basin needs a few tens of proposals to be found and descended. On
 * Hartmann-6 (10 seeds, 100 trials) one escape in two left 6 seeds in the second basin (median
 * regret 0.119); two in three leave 4. Every proposal escaping also freed them, but seeds stalled
 * within 0.1 % of the optimum stopped improving (seed 5 kept 4.2e-3 instead of reaching 3.8e-4).
 * After the burst one in two: a search with several equally good optima (Branin) stalls early and
 * for good, and kept at two in three it refined half as fast (median regret at 100 trials 1.2e-5
 * instead of 4.8e-6 on 5 seeds; with the burst 5.5e-6).
 */
export const BURST_STALLS = 2;

/** Trials without a meaningful improvement after which the search counts as stalled in d dimensions. */
export function stallTrials(d: number): number {
  return Math.max(10, 2 * d);
}

/** Kernel distance within which escape proposals avoid the best points (Matérn 5/2 correlation ≈ 0.52 there; 0.8 and 1.5 escaped later on Hartmann-6 seed 0). */
export const ESCAPE_RADIUS = 1;

/**
 * How many trials ago the search stalled (0: it just did), or undefined while it has not: `values`
 * are the observed values oriented to minimisation in the order the trials were proposed; the
 * first `initial` only set the best.
 */
export function stallAge(values: readonly number[], initial: number, d: number): number | undefined {
  if (values.length < initial + stallTrials(d)) return undefined;
  let best = Infinity;
  let lastImprovement = 0;
  values.forEach((value, index) => {
    if (value < best - MEANINGFUL_FRACTION * Math.abs(best)) lastImprovement = index;
    best = Math.min(best, value);
  });
  const age = values.length - 1 - Math.max(lastImprovement, initial - 1) - stallTrials(d);
  return age >= 0 ? age : undefined;
}

/** Whether the search has stalled (see stallAge). */
export function isStalled(values: readonly number[], initial: number, d: number): boolean {
  return stallAge(values, initial, d) !== undefined;
}

/**
 * Whether the proposal with this sequence number escapes, given the stall's age (undefined: not
 * stalled, never): two in three during the burst, then one in two.
 */
export function escapesAt(sequence: number, age: number | undefined, d: number): boolean {
  if (age === undefined) return false;
  if (age < BURST_STALLS * stallTrials(d)) return sequence % 3 !== 2;
  return sequence % 2 === 1;
}

/**
 * The area escape proposals avoid: every u whose kernel distance (u differences divided by the
 * fitted lengthscales) to one of the best points is below `radius`. Scaled by the lengthscales,
 * the balls stretch along directions the objective hardly depends on, so a long, flat basin is
 * avoided whole instead of being re-explored from its far end.
 */
export interface AvoidedBall {
  readonly centers: readonly Float64Array[];
  /** 1/ℓ per u coordinate. */
  readonly inverseLengthscales: Float64Array;
  readonly radius: number;
}

/** Squared distance from u to `center` in units of 1/`scale`, summed only until it reaches `stopAt`. */
function scaledSquaredDistance(center: Float64Array, u: ArrayLike<number>, scale: Float64Array, stopAt = Infinity): number {
  let s = 0;
  for (let i = 0; i < center.length && s < stopAt; i++) s += (((u[i] ?? 0) - (center[i] ?? 0)) * (scale[i] ?? 1)) ** 2;
  return s;
}

/** Whether u lies inside any ball of `avoided`. */
export function insideBall(avoided: AvoidedBall, u: ArrayLike<number>): boolean {
  const r2 = avoided.radius * avoided.radius;
  return avoided.centers.some((center) => scaledSquaredDistance(center, u, avoided.inverseLengthscales, r2) < r2);
}

/**
 * Largest share of the unit cube the avoided basin may cover: past it, its radius shrinks until it
 * covers this share (basinWithin). Why: when the model's lengthscales are long against the cube,
 * balls of ESCAPE_RADIUS cover most of it and "outside" is only the corners, where an escape has
 * nothing to find: on Rosenbrock-4 (seeds 0, 5, 6, 9) the basin covered 36-99 % of the cube at
 * every escape, and the escapes scored 1e5-2e6 against incumbents of 2-315, while on Hartmann-6
 * (seeds 0, 3, 6, 13, 18, the ones that sat in the second basin) it covered 1-18 %, so there
 * nothing changes. Shrunk rather than escapes dropped: Rosenbrock-4 and the mixed benchmark have
 * traps an escape is needed for (Rosenbrock-4 at regret 2,500 on the x4 = −5 face, mixed at 0.3
 * with the poly kernel), and a smaller ball lets the escape search them nearer the
 * incumbent. Mixed, seeds 10-29: 7 seeds on the poly kernel at 100 trials before, 2 with 0.3.
 * Rosenbrock-4 median regret at 50 / 100 trials, seeds 0-19: 25.6 / 3.60 before, 15.1 / 3.45 with
 * 0.3 (0.25: 16.9 / 3.90, 0.35: 25.3 / 3.97, 0.4: 20.7 / 3.71: noisy around it); seeds 0-29: 14.2 /
 * 3.61 before, 14.1 / 3.52 with 0.3 (upper quartile at 50 trials 107 → 40, worst at 100 43.5 → 15).
 * Dropping escapes past 0.3 instead left three Rosenbrock-4 seeds of 10-19 at 2,500 at 50 trials
 * (median 40.8 against 26.0).
 */
export const MAX_BASIN_COVERAGE = 0.3;
/** Points of the unscrambled Sobol sequence that measure a basin's coverage (1/256 resolution). */
const COVERAGE_POINTS = 256;

/** Scaled distance from u to the nearest centre of `avoided`. */
function nearestDistance(avoided: AvoidedBall, u: ArrayLike<number>): number {
  let nearest = Infinity;
  for (const center of avoided.centers) nearest = Math.min(nearest, scaledSquaredDistance(center, u, avoided.inverseLengthscales));
  return Math.sqrt(nearest);
}

/** The coverage points for `d` dimensions: a fixed set, so made once per dimension count, not per escape proposal. */
const coveragePointsByDimension = new Map<number, readonly Float64Array[]>();

function coveragePoints(d: number): readonly Float64Array[] {
  let points = coveragePointsByDimension.get(d);
  if (points === undefined) {
    const sobol = new SobolSequence(d, { seed: 0, scramble: false });
    points = Array.from({ length: COVERAGE_POINTS }, (_, i) => Float64Array.from(sobol.point(i + 1)));
    coveragePointsByDimension.set(d, points);
  }
  return points;
}

/**
 * `avoided` with its radius shrunk, when needed, so that it covers at most MAX_BASIN_COVERAGE of
 * the unit cube, measured on the first COVERAGE_POINTS points of the unscrambled Sobol sequence in
 * `d` dimensions (after its origin): a fixed point set, so the result is a function of the basin
 * alone. Centres no longer within the shrunk ball of the incumbent (the first centre) drop out.
 */
export function basinWithin(avoided: AvoidedBall, d: number): AvoidedBall {
  if (d < 1 || d > SobolSequence.maxDimensions) return avoided;
  const distances = coveragePoints(d).map((point) => nearestDistance(avoided, point)).sort((a, b) => a - b);
  const allowed = distances[Math.floor(MAX_BASIN_COVERAGE * COVERAGE_POINTS)] ?? Infinity;
  if (allowed >= avoided.radius) return avoided;
  const incumbent = avoided.centers[0];
  const around = { ...avoided, centers: incumbent === undefined ? [] : [incumbent], radius: allowed };
  return { ...avoided, centers: avoided.centers.filter((u) => insideBall(around, u)), radius: allowed };
}

/**
 * The incumbent's basin as escape proposals avoid it: balls around those of the best points
 * (`best`, best first) that lie within the ball of the very best, shrunk to cover at most
 * MAX_BASIN_COVERAGE of the cube (basinWithin). Points of another basin stay outside, so an escape
 * search that found a new basin keeps refining it until it wins.
 */
export function incumbentBasin(best: readonly Float64Array[], lengthscales: Float64Array): AvoidedBall | undefined {
  const incumbent = best[0];
  if (incumbent === undefined) return undefined;
  const inverseLengthscales = lengthscales.map((l) => 1 / l);
  const around = { centers: [incumbent], inverseLengthscales, radius: ESCAPE_RADIUS };
  return basinWithin({ centers: best.filter((u) => insideBall(around, u)), inverseLengthscales, radius: ESCAPE_RADIUS }, incumbent.length);
}

/**
 * Below this log expected improvement (in standard deviations of the model's targets) an escape
 * candidate has nothing left to find outside the basin. Why: with several equally good optima
 * (Branin) the escape search finds and refines another one, and its log EI against that optimum
 * falls to −9…−11 while the in-basin search still expects −6…−9; escaping anyway spent every
 * other proposal after the stall on an optimum that can never beat the incumbent. A stuck
 * search's escape candidates (Hartmann-6 in its second basin, Rosenbrock-4 in its valley) mostly
 * score −1…−5. −6 and −7 left a Rosenbrock-4 seed at regret 2,500 for 100 trials; −9 helped Branin less.
 */
export const ESCAPE_MIN_LOG_EI = -8;
/**
 * An in-basin candidate below this log EI is no better than the escape's pick: the model sees
 * nothing to gain anywhere (Hartmann-6 seed 3 at trial 20: −20…−40, lengthscales spanning the
 * cube), and the escape's pick, or the random draw when the escape search finds none, is what
 * gets it a new fit.
 */
export const HOPELESS_LOG_EI = -15;

/**
 * The proposal for a turn that escapes or not (escapesAt): `propose(escape)` is the escape search's
 * or the plain acquisition's best candidate with its log EI, undefined when it found none (the
 * sampler then draws at random). An escape candidate below ESCAPE_MIN_LOG_EI, or none at all,
 * gives way to the in-basin candidate unless that one is hopeless too. Calls `propose` in a fixed
 * order (escape first), so a proposal stays a function of the seed and the history.
 */
export function stalledProposal<T extends { readonly score: number }>(escape: boolean, propose: (escape: boolean) => T | undefined): T | undefined {
  if (!escape) return propose(false);
  const escaped = propose(true);
  if (escaped !== undefined && escaped.score >= ESCAPE_MIN_LOG_EI) return escaped;
  const inBasin = propose(false);
  return inBasin !== undefined && inBasin.score >= HOPELESS_LOG_EI ? inBasin : escaped;
}
