/**
 * Elite draws: in 8+ dimensions most proposals are drawn from a Gaussian fitted to the best points
 * found so far, the search distribution of evolution strategies (the weighted recombination of
 * CMA-ES, Hansen, "The CMA Evolution Strategy: A Tutorial", 2016, with a diagonal covariance
 * estimated from the elites, as in the cross-entropy method), instead of from the GP.
 *
 * Why: on rugged objectives in 10+ dimensions (Levy, Ackley) a GP fitted to tens of points reads
 * the ripples as structure, and expected improvement spends its proposals on the variance it
 * leaves far from the data: on shifted Levy-10 seed 0 trials 6 to 40 scored 100-350 against a
 * design best of 117. The best points of a rugged function still outline its global trend, and a
 * distribution over them follows that trend (what CMA-ES does), narrowing as the elites
 * converge, while the remaining proposals still come from the GP's trust region
 * (trustRegion.ts), which refines what the elites found.
 *
 * Of every three proposals past the design, one is a draw of that distribution, one a perturbation
 * of the best point (bestPerturbation.ts) and one the GP's (eliteTurn).
 *
 * Deterministic: the distribution is a function of the observed points (ties keep history order)
 * and every draw comes from the proposal's own seeded stream.
 */
import type { FeatureLayout } from './features';
import type { FastRandom } from './fastRandom';

/**
 * Best points the distribution is fitted to. More than CMA-ES's μ (5–6 for 10–20 dimensions, per
 * generation) because these are the best of the whole history, which converge faster: with 8 a
 * few seeds settled on a far basin (10 seeds, 100 trials: shifted Levy-10 seeds 10-19 11.1 with 8,
 * 7.39 with 12; Ackley-20 6.86 and 6.07); 16 spread too slowly on Levy-10 at 50 trials.
 */
export const ELITE_COUNT = 12;
/** Least standard deviation per coordinate (unit cube), so the search never freezes on a coordinate. */
export const ELITE_SPREAD_FLOOR = 0.02;
/**
 * A draw's step from the weighted mean, per coordinate, is this share of the elites' spread. Why
 * not all of it: the weighted mean of the elites is often better than any of them (on Ackley-20
 * seed 2 at trial 10 it was 0.20 from the optimum, rms per unit coordinate, the best elite 0.28),
 * but a draw with the full spread s lands about sqrt(0.20² + s²) away in every coordinate, 0.31
 * there: in many dimensions the spread, not the mean, decides how far a draw falls. Half the
 * spread keeps draws near the mean while still moving every coordinate (README, "Bayesian sampling").
 */
export const ELITE_STEP_SCALE = 0.5;

/** What a proposal past the design does in 8+ dimensions, by its sequence number (eliteTurn). */
export type EliteTurn = 'perturbation' | 'elite' | 'model';

/**
 * One proposal in three each: a perturbation of the best point (sequence 0 mod 3), an elite draw
 * (1 mod 3), the GP's proposal in its trust region (2 mod 3). A function of the sequence alone, so
 * a batch and one-by-one proposals agree.
 */
export function eliteTurn(sequence: number): EliteTurn {
  const phase = sequence % 3;
  return phase === 0 ? 'perturbation' : phase === 1 ? 'elite' : 'model';
}
/**
 * Chance that a choice coordinate of an elite draw takes any option, uniformly, instead of an
 * elite's. Why: the elites' options alone never bring back an option that lost early. In a 9-D
 * sweep with an optimizer choice (40 trials, median stopping), the optimizer that was worst in the
 * first trials filled every elite, so the best one was never tried after trial 17. A fifth keeps
 * each of k options drawn at least 0.2/k of the time, as a Laplace prior does for TPE's
 * categorical densities. Only spaces with a choice and 8+ dimensions are affected.
 */
export const CHOICE_EXPLORATION = 0.2;

/** A distribution over the unit cube: per-coordinate mean and spread, and the elites and their weights. */
export interface EliteDistribution {
  readonly mean: Float64Array;
  readonly spread: Float64Array;
  readonly elites: readonly Float64Array[];
  readonly weights: readonly number[];
}

/**
 * The distribution of the best points `best` (unit-cube u, best first): log-rank weights as in
 * CMA-ES's recombination, the weighted mean, and the weighted spread around it (at least
 * ELITE_SPREAD_FLOOR); undefined with fewer than two points.
 */
export function eliteDistribution(best: readonly Float64Array[]): EliteDistribution | undefined {
  const elites = best.slice(0, ELITE_COUNT);
  const mu = elites.length;
  if (mu < 2) return undefined;
  const d = elites[0]?.length ?? 0;
  const raw = elites.map((_, i) => Math.log(mu + 0.5) - Math.log(i + 1));
  const total = raw.reduce((sum, w) => sum + w, 0);
  const weights = raw.map((w) => w / total);
  const mean = new Float64Array(d);
  const spread = new Float64Array(d);
  elites.forEach((u, i) => {
    for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) + (weights[i] ?? 0) * (u[j] ?? 0);
  });
  elites.forEach((u, i) => {
    for (let j = 0; j < d; j++) spread[j] = (spread[j] ?? 0) + (weights[i] ?? 0) * ((u[j] ?? 0) - (mean[j] ?? 0)) ** 2;
  });
  for (let j = 0; j < d; j++) spread[j] = Math.max(ELITE_SPREAD_FLOOR, Math.sqrt(spread[j] ?? 0));
  return { mean, spread, elites, weights };
}

/**
 * One draw of `distribution` (steps of ELITE_STEP_SCALE × spread), clipped to the unit cube. A categorical coordinate (whose u only
 * names an option, with no order between options) takes the option of an elite picked by weight
 * instead of a Gaussian step between unrelated options, or, with chance CHOICE_EXPLORATION, any
 * option (the middle of its cell). Continuous coordinates draw exactly as before: a space without
 * choices sees the same random stream.
 */
export function eliteDraw(distribution: EliteDistribution, layout: FeatureLayout, rng: FastRandom): Float64Array {
  const { mean, spread, elites, weights } = distribution;
  const d = mean.length;
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const dimension = layout.dimensions[j];
    if (dimension?.kind === 'categorical') {
      out[j] = rng.next() < CHOICE_EXPLORATION ? (rng.below(dimension.levels) + 0.5) / dimension.levels : pickByWeight(elites, weights, rng)[j] ?? 0.5;
      continue;
    }
    out[j] = Math.min(1 - 1e-9, Math.max(0, (mean[j] ?? 0.5) + ELITE_STEP_SCALE * (spread[j] ?? ELITE_SPREAD_FLOOR) * rng.normal()));
  }
  return out;
}

function pickByWeight(elites: readonly Float64Array[], weights: readonly number[], rng: FastRandom): Float64Array {
  let r = rng.next();
  for (let i = 0; i < elites.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return elites[i] ?? new Float64Array(0);
  }
  return elites[elites.length - 1] ?? new Float64Array(0);
}
