/**
 * Maximises log expected improvement over the unit cube of the space encoding. EI is cheap to
 * evaluate but multi-modal, so: many starting points (uniform random over the whole cube, plus
 * Gaussian perturbations of the best observed points at three step sizes, a local trust-region
 * style search around the incumbents), then a (1+1) evolution strategy with the one-fifth success
 * rule from the best few starts. Working on u rather than features lets one step move a choice or
 * an integer to a neighbouring cell; the features snap them (features.ts).
 */
import { insideBall, type AvoidedBall } from './basinEscape';
import { logExpectedImprovement } from './gaussian';
import type { FeatureLayout } from './features';
import { writeFeatures } from './features';
import type { FastRandom } from './fastRandom';
import type { GpPosterior } from './gp';
import type { TrustRegion } from './trustRegion';

/** A point of the cube and its acquisition value. */
export interface ScoredPoint {
  readonly u: Float64Array;
  readonly score: number;
}

/** What the search needs. */
export interface AcquisitionProblem {
  readonly layout: FeatureLayout;
  readonly posterior: GpPosterior;
  readonly incumbent: number;
  /** u of the observed points, best first (the local starts). */
  readonly anchors: readonly Float64Array[];
  /** Acquisition evaluations to spend (the caller scales it down for large models). */
  readonly evaluations: number;
  /** Where to search, when not the whole cube (trustRegion.ts); anchors outside it are clipped. */
  readonly region?: TrustRegion;
  /** A ball the search must leave alone (an escape proposal, basinEscape.ts): scored −∞ inside. */
  readonly avoid?: AvoidedBall;
}

/** Scores points of the cube; owns one feature buffer to avoid allocating per call. */
export class AcquisitionScorer {
  private readonly buffer: Float64Array;
  /** `scoreAbove`'s early-stop test, made once (not a closure per scored point): below `cutoff`. */
  private cutoff = -Infinity;
  private readonly belowCutoff: (mean: number, varianceAtMost: number) => boolean;
  constructor(private readonly problem: Pick<AcquisitionProblem, 'layout' | 'posterior' | 'incumbent' | 'avoid'>) {
    this.buffer = new Float64Array(problem.layout.width);
    const incumbent = problem.incumbent;
    this.belowCutoff = (mean, varianceAtMost) => logExpectedImprovement(mean, varianceAtMost, incumbent) < this.cutoff;
  }
  /** log EI at u (−∞ inside the avoided ball). */
  score(u: ArrayLike<number>): number {
    if (this.problem.avoid !== undefined && insideBall(this.problem.avoid, u)) return -Infinity;
    writeFeatures(this.problem.layout, u, this.buffer);
    return this.scoreFeatures(this.buffer);
  }
  /** log EI at a feature row. */
  scoreFeatures(features: Float64Array, offset = 0): number {
    const { mean, variance } = this.problem.posterior.predict(features, offset);
    return logExpectedImprovement(mean, variance, this.problem.incumbent);
  }
  /**
   * log EI at u when it may exceed `threshold`; otherwise possibly only an upper bound of it that
   * is below `threshold`. Points the search would discard anyway skip most of the variance solve;
   * every other point gets exactly `score(u)`, so the search makes the same choices either way.
   */
  scoreAbove(u: ArrayLike<number>, threshold: number): number {
    if (threshold === -Infinity) return this.score(u);
    if (this.problem.avoid !== undefined && insideBall(this.problem.avoid, u)) return -Infinity;
    writeFeatures(this.problem.layout, u, this.buffer);
    const { incumbent } = this.problem;
    // The margin covers rounding in log EI (erfc is a 1e-7 fit), so a bound is never trusted by less.
    this.cutoff = threshold - BOUND_MARGIN;
    const { mean, variance } = this.problem.posterior.predictUnless(this.buffer, 0, this.belowCutoff);
    return logExpectedImprovement(mean, variance, incumbent);
  }
}

/**
 * The `size` best scores seen so far; `threshold` is the worst of them once there are `size`.
 * Kept in a typed array: a number[] that starts empty changes its elements kind at the first
 * fractional score, which made the optimised search code bail out again in every fresh sampler.
 */
class BestScores {
  private readonly scores: Float64Array;
  private count = 0;
  constructor(private readonly size: number) {
    this.scores = new Float64Array(size);
  }
  get threshold(): number {
    return this.count < this.size || this.size === 0 ? -Infinity : this.scores[0]!;
  }
  add(score: number): void {
    const scores = this.scores;
    if (this.count >= this.size) {
      if (this.size === 0 || !(score > scores[0]!)) return;
      scores.copyWithin(0, 1, this.count);
      this.count -= 1;
    }
    // Ascending order, before the first score not below it; a linear insert is cheap for a few dozen.
    let at = 0;
    while (at < this.count && scores[at]! < score) at++;
    scores.copyWithin(at + 1, at, this.count);
    scores[at] = score;
    this.count += 1;
  }
}

const LOCAL_STEPS = [0.01, 0.05, 0.15] as const;
const REFINED_STARTS = 4;
/**
 * Starting points scored exactly: the ones refined and the best fallbacks (the caller judges the
 * best 8 new candidates). The others are only known to score below these, which is all the
 * search needs of them, so their variance solve stops early (about 40% of a proposal's time).
 */
const EXACT_STARTS = 32;
/** Log-EI slack before an upper bound counts as below a threshold (rounding of erfc's fit). */
const BOUND_MARGIN = 1e-3;

/** v clipped to coordinate i's range: the trust region's, else the unit interval. */
function clampTo(region: TrustRegion | undefined, i: number, v: number): number {
  const lower = region?.lower[i] ?? 0;
  const upper = Math.min(1 - 1e-9, region?.upper[i] ?? 1);
  return Math.min(upper, Math.max(lower, v));
}

/**
 * u moved on a random subset of coordinates (at least one): continuous coordinates by a Gaussian
 * step of size `step`; a choice or integer coordinate, whose cells a small step would rarely
 * leave, jumps instead (an integer to a neighbouring value, a choice to any option), and less
 * often, or nothing would settle.
 */
function perturb(u: Float64Array, step: number, rng: FastRandom, layout: FeatureLayout, region: TrustRegion | undefined): Float64Array {
  const d = u.length;
  const out = u.slice();
  if (d === 0) return out;
  // Every coordinate in up to 10 dimensions, about 10 of them beyond: a step that moves all of
  // 50 coordinates is almost never an improvement.
  const probability = Math.min(1, 10 / d);
  let moved = false;
  for (let i = 0; i < d; i++) {
    if (rng.next() < probability) {
      moveCoordinate(out, i, step, rng, layout, region);
      moved = true;
    }
  }
  if (!moved) moveCoordinate(out, rng.below(d), step, rng, layout, region);
  return out;
}

/** One coordinate of `perturb`'s step, in place (a function, not a closure made per step). */
function moveCoordinate(out: Float64Array, i: number, step: number, rng: FastRandom, layout: FeatureLayout, region: TrustRegion | undefined): void {
  const dim = layout.dimensions[i];
  const value = out[i] ?? 0;
  if (dim === undefined || dim.kind === 'continuous' || !Number.isFinite(dim.levels)) out[i] = clampTo(region, i, value + step * rng.normal());
  else if (rng.next() < 0.7) return;
  else if (dim.kind === 'categorical') out[i] = (rng.below(dim.levels) + 0.5) / dim.levels;
  else out[i] = clampTo(region, i, value + (rng.next() < 0.5 ? -1 : 1) / dim.levels);
}

function uniformPoint(d: number, rng: FastRandom, region: TrustRegion | undefined): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const lower = region?.lower[i] ?? 0;
    const upper = region?.upper[i] ?? 1;
    out[i] = clampTo(region, i, lower + (upper - lower) * rng.next());
  }
  return out;
}

/**
 * Candidates sorted by acquisition, best first: the refined optima first among equals, then the
 * starting points (so a caller that must reject the best, e.g. as a duplicate, has fallbacks).
 */
export function searchAcquisition(problem: AcquisitionProblem, dimensionCount: number, rng: FastRandom): ScoredPoint[] {
  const scorer = new AcquisitionScorer(problem);
  const refineBudget = Math.min(Math.floor(problem.evaluations / 3), REFINED_STARTS * 40);
  const startBudget = Math.max(16, problem.evaluations - refineBudget);
  const uniform: Float64Array[] = [];
  const local: Float64Array[] = [];
  const anchors = problem.anchors.slice(0, 5);
  const localShare = anchors.length === 0 ? 0 : Math.floor(startBudget / 2);
  for (let i = 0; i < startBudget - localShare; i++) uniform.push(uniformPoint(dimensionCount, rng, problem.region));
  for (let i = 0; i < localShare; i++) {
    // The incumbent gets half the local starts, the next anchors share the rest.
    const anchor = i % 2 === 0 ? anchors[0] : anchors[1 + (i % Math.max(1, anchors.length - 1))] ?? anchors[0];
    if (anchor === undefined) break;
    local.push(perturb(anchor, LOCAL_STEPS[i % LOCAL_STEPS.length] ?? 0.05, rng, problem.layout, problem.region));
  }
  // The local starts are scored first: they are usually the best, so the bar they set lets most
  // uniform starts stop early. The list keeps the drawing order (ties sort the same either way).
  const best = new BestScores(EXACT_STARTS);
  const scoreAll = (points: readonly Float64Array[]): ScoredPoint[] => points.map((u) => {
    const score = scorer.scoreAbove(u, best.threshold);
    best.add(score);
    return { u, score };
  });
  const scoredLocal = scoreAll(local);
  const starts = [...scoreAll(uniform), ...scoredLocal];
  starts.sort((a, b) => b.score - a.score);
  const refined: ScoredPoint[] = [];
  const perStart = Math.floor(refineBudget / REFINED_STARTS);
  for (const start of starts.slice(0, REFINED_STARTS)) refined.push(refine(start, perStart, scorer, rng, problem));
  return [...refined, ...starts].sort((a, b) => b.score - a.score);
}

/** (1+1)-ES from `start`: keep a step if it improves, grow the step on success, shrink it on failure. */
function refine(start: ScoredPoint, evaluations: number, scorer: AcquisitionScorer, rng: FastRandom, problem: AcquisitionProblem): ScoredPoint {
  let best = start;
  let step = 0.05;
  for (let i = 0; i < evaluations; i++) {
    const u = perturb(best.u, step, rng, problem.layout, problem.region);
    // Only an improvement is kept, so a point that cannot beat the best need not be scored exactly.
    const score = scorer.scoreAbove(u, best.score);
    if (score > best.score) {
      best = { u, score };
      step = Math.min(0.3, step * 1.5);
    } else {
      step = Math.max(1e-4, step * 0.85);
    }
  }
  return best;
}
