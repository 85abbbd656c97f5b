/**
 * Bayesian sampling (`sampling_algorithm: bayesian`): a Gaussian process over the unit-cube
 * encoding of the space (bayesian/features.ts) with a Matérn 5/2 ARD kernel and MAP-fitted
 * hyperparameters (bayesian/gp.ts), targets on a shifted log scale (bayesian/observations.ts), and log expected
 * improvement maximised by random and local starts plus refinement (bayesian/acquisitionSearch.ts).
 *
 * Why a GP and not TPE: on the small budgets sweeps have (tens to a few hundred trials) a GP with
 * fitted lengthscales models interactions between parameters and learns which ones matter,
 * and log EI exploits that sharply; TPE's independent (or KDE-joint) densities need more trials.
 *
 * - Proposals 0 … nInit−1 (nInit = clamp(d + 1, 5, 10) for d dimensions, 6 from 8 dimensions on)
 *   come from the scrambled Sobol sequence, as do proposals made while fewer than two trials have
 *   a value.
 * - From 8 dimensions on, the acquisition search stays in a TuRBO-style trust region around the
 *   best point (bayesian/trustRegion.ts): global EI there wastes trials on the cube's faces.
 * - From 8 dimensions on, of every three proposals past the design one is drawn from a Gaussian
 *   over the best points found (bayesian/eliteProposal.ts) and one is the best point with a few
 *   coordinates redrawn (bayesian/bestPerturbation.ts): on rugged objectives the GP reads ripples
 *   as structure, while the elites follow the global trend and the perturbations move single
 *   coordinates out of the wrong ripple.
 * - Below 8 dimensions, once the best has not improved by 0.1 % for a while, most proposals search
 *   outside the incumbent's basin (bayesian/basinEscape.ts), so a search never settles in a local
 *   optimum, scored by the model with its lengthscales capped at the cube's width
 *   (bayesian/escapeModel.ts), since the basin's data cannot tell which coordinates matter
 *   elsewhere. (From 8 on the elite draws keep moving instead; escapes there only cost regret.)
 * - Pending and running trials are fantasised (Kriging believer), so concurrent proposals spread
 *   out; a proposal is never closer than MIN_PENDING_DISTANCE (feature space) to a pending one, and
 *   never repeats an earlier configuration. Failed, stopped and silent trials: observations.ts.
 * - A pure function of (space, seed, history): all randomness comes from stream (seed, sequence),
 *   hyperparameters are fitted on a schedule from data the history alone defines
 *   (refitSchedule.ts), and a call for k proposals gives exactly what k calls for one would, each
 *   seeing the earlier ones as pending. So a resumed sweep proposes what the uninterrupted one
 *   would have.
 */
import type { SampleOptions } from '../space/distributions';
import { SpaceValueError } from '../space/distributions';
import { decode, dimensions, encode, paramsKey } from '../space/encoding';
import type { Params } from '../spec/model';
import { FastRandom } from './bayesian/fastRandom';
import { ESCAPE_REGION_LENGTH, ESCAPE_TOP_SHARE, incumbentBasin, escapesAt, insideBall, stallAge, stalledProposal } from './bayesian/basinEscape';
import { featureLayout, featuresOf, type FeatureLayout } from './bayesian/features';
import { logTargets, readObservations } from './bayesian/observations';
import { searchAcquisition, AcquisitionScorer } from './bayesian/acquisitionSearch';
import { TRUST_REGION_MIN_DIMENSIONS, trustRegionAround, trustRegionLength, type TrustRegion } from './bayesian/trustRegion';
import { chooseSubset, fitModel, MODEL_POINTS, withFantasies, type FittedModel, type TrainingData } from './bayesian/surrogate';
import { HyperparameterMemo } from './bayesian/refitSchedule';
import { rememberingParamsKey } from './bayesian/configurationKeys';
import type { GpPosterior } from './bayesian/gp';
import { eliteDistribution, eliteDraw, eliteTurn, type EliteDistribution } from './bayesian/eliteProposal';
import { perturbBest } from './bayesian/bestPerturbation';
import { escapeHyperparameters } from './bayesian/escapeModel';
import { CorrectionFits } from './bayesian/configCorrection';
import { checkCount, nextSequence } from './history';
import { RandomStream } from './rng';
import type { HistoryEntry, Proposal, ProposeResult, Sampler, SamplerContext } from './sampler';
import { SobolSequence } from './sobolSequence';
import { DiscreteRemainder } from './withoutReplacement';

/** Least feature-space distance between a proposal and any pending trial (no near-duplicates). */
export const MIN_PENDING_DISTANCE = 0.02;
/** Acquisition evaluations per proposal for a small model; scaled down as the model grows. */
const EVALUATION_BUDGET = 3000;
/**
 * Multiply-adds one proposal may spend on acquisition evaluations: 1.5e7 from 12 dimensions on,
 * 7e6 below. Why: 1.5e7 everywhere made the search half of a proposal at 100 trials on Hartmann-6;
 * 7e6 everywhere left the 10-seed regrets below 12 dimensions within noise, while 20-dimensional
 * Ackley, a larger space to search, lost (bench/samplers/NOTES.md).
 */
const EVALUATION_WORK = 1.5e7;
const SMALL_SPACE_WORK = 7e6;
const SMALL_SPACE_DIMENSIONS = 12;

/** Most encoded configurations remembered (a few thousand trials' worth of small arrays). */
const PLACEMENT_CACHE_SIZE = 20_000;

/** Random streams at and above this number are for subset draws; proposals use their sequence. */
const SUBSET_STREAM_BASE = 2 ** 48;

/** Size of the space-filling start for `d` dimensions. */
export function initialDesignSize(d: number): number {
  // With the trust region (8+ dimensions) proposals improve from the incumbent step by step, so
  // model-guided trials are worth more than more of the design (Levy-10, 50 trials: median regret
  // 19.97 with 10 design points, 17.7 with 6, in a 10-seed run).
  if (d >= TRUST_REGION_MIN_DIMENSIONS) return 6;
  return Math.min(10, Math.max(5, d + 1));
}

/** A configuration's unit-cube point and its model features. */
interface Placement {
  readonly u: Float64Array;
  readonly features: Float64Array;
}

interface Point {
  readonly params: Params;
  readonly features: Float64Array;
}

/** The Bayesian sampler for `context`; `options.logbase` sets the base of the log distributions. */
export function createBayesianSampler(context: SamplerContext, options: SampleOptions = {}): Sampler {
  const { space, seed, goal } = context;
  const dims = dimensions(space);
  const d = dims.length;
  const layout = featureLayout(dims);
  const sobol = d <= SobolSequence.maxDimensions ? new SobolSequence(Math.max(1, d), { seed, scramble: true }) : undefined;
  const nInit = initialDesignSize(d);

  /** Encodes a configuration, or undefined when it no longer fits the space (an edited spec). */
  const encodePlacement = (params: Params): Placement | undefined => {
    try {
      const u = Float64Array.from(encode(space, params, options).u);
      return { u, features: featuresOf(layout, u) };
    } catch (error) {
      if (error instanceof SpaceValueError) return undefined;
      throw error;
    }
  };
  // Encoding finds each value's exact cell of the unit interval, which made it a quarter of a
  // proposal at 1,000 trials; a configuration's encoding never changes, so it is remembered by
  // its key. A pure cache: a fresh sampler (a resumed sweep) computes the very same placements.
  const placements = new Map<string, Placement | undefined>();
  const keyOf = rememberingParamsKey();
  const place = (params: Params): Placement | undefined => {
    const key = keyOf(params);
    if (placements.has(key)) return placements.get(key);
    if (placements.size >= PLACEMENT_CACHE_SIZE) placements.clear();
    const placed = encodePlacement(params);
    placements.set(key, placed);
    return placed;
  };
  // Hyperparameters are refitted on a schedule and remembered by their exact data (refitSchedule.ts).
  const hyperparameterMemo = new HyperparameterMemo(layout, seed, (params) => place(params)?.features, keyOf);
  // The stopped-trial correction's fits, likewise on a schedule and remembered (configCorrection.ts).
  const correctionFits = new CorrectionFits();
  // The last model's posterior: the next one usually shares its hyperparameters and all but the
  // newest rows, so its kernel factor is extended instead of recomputed (kernelFactor.ts). A pure
  // cache: the extension gives bit for bit what a fresh factorisation would.
  let lastPosterior: GpPosterior | undefined;
  // Likewise for the escape turns' model (escapeModel.ts), whose hyperparameters differ.
  let lastEscapePosterior: GpPosterior | undefined;

  const spaceFilling = (sequence: number): number[] => {
    if (sobol !== undefined && sequence <= SobolSequence.maxIndex) return Array.from(sobol.point(sequence)).slice(0, d);
    return new RandomStream(seed, sequence).uniforms(d);
  };

  return {
    name: 'bayesian',
    propose(history: readonly HistoryEntry[], count: number): ProposeResult {
      checkCount(count);
      const remainder = new DiscreteRemainder(space, history);
      const seen = new Set(history.map((entry) => keyOf(entry.params)));
      const { observed, pending } = readObservations(history, goal, { layout, featuresOf: (entry) => place(entry.params)?.features, fits: correctionFits });
      // Targets come from every observation; only the subset the model sees is encoded. The
      // subset stream depends on the observations alone, not on the sequence, so a batch and the
      // same proposals asked for one by one see the very same model.
      const allTargets = logTargets(observed.map((o) => o.value));
      const subsetRng = new FastRandom(seed, SUBSET_STREAM_BASE + observed.length);
      const observedPoints = chooseSubset(allTargets, MODEL_POINTS, subsetRng).flatMap((index) => {
        const o = observed[index];
        const placed = o === undefined ? undefined : place(o.entry.params);
        return placed === undefined ? [] : [{ ...placed, value: o?.value ?? 0, target: allTargets[index] ?? 0 }];
      });
      const pendingPoints: Point[] = pending.flatMap((entry) => {
        const placed = place(entry.params);
        return placed === undefined ? [] : [{ params: entry.params, features: placed.features }];
      });
      // In 8+ dimensions the search stays in a trust region (trustRegion.ts), replayed from the
      // observed values in the order they were proposed.
      const valuesInOrder = [...observed].sort((a, b) => a.entry.sequence - b.entry.sequence).map((o) => o.value);
      const regionLength = d >= TRUST_REGION_MIN_DIMENSIONS ? trustRegionLength(valuesInOrder, nInit, d) : undefined;
      // Settled in a basin (basinEscape.ts): some proposals look for another one. Not from 8
      // dimensions on: there the elite draws keep the search moving, and escapes cost regret
      // (Levy-10, 10 seeds, 100 trials: median 6.76 with them, 5.09 without, before elite draws).
      const stalledFor = d >= TRUST_REGION_MIN_DIMENSIONS ? undefined : stallAge(valuesInOrder, nInit, d);
      let elites: EliteDistribution | undefined;
      const proposals: Proposal[] = [];
      let sequence = nextSequence(history);
      let model: FittedModel | undefined;
      let fittedForEscape: FittedModel | undefined;
      while (proposals.length < count && !remainder.exhausted) {
        const rng = new FastRandom(seed, sequence);
        let params: Params | undefined;
        // Enqueued and prior observations count towards the initial design: a warm-started sweep
        // with enough data uses the model from its first proposal. (Without them, observed.length
        // is at most the sequence, so this is the plain `sequence < nInit`.)
        if ((sequence < nInit && observed.length < nInit) || observedPoints.length < 2) {
          params = unseenOrUndefined(decode(space, spaceFilling(sequence), options), seen);
        } else if (d >= TRUST_REGION_MIN_DIMENSIONS && eliteTurn(sequence) !== 'model') {
          const distribution = (elites ??= eliteDistribution([...observedPoints].sort((a, b) => a.value - b.value).map((p) => p.u)));
          if (distribution !== undefined) {
            // The elites are best first, so the first is the best point found.
            const best = distribution.elites[0] ?? distribution.mean;
            const draw = eliteTurn(sequence) === 'perturbation' ? () => perturbBest(best, rng) : () => eliteDraw(distribution, layout, rng);
            params = freshDraw(draw, pendingPoints, seen, place, (u) => decode(space, u, options));
          }
        } else {
          model ??= fitModel(layout, trainingData(layout, observedPoints), subsetRng, hyperparameterMemo.hyperparameters(observed), lastPosterior);
          lastPosterior = model.observedPosterior;
          const fitted = model;
          const escapeModel = (): FittedModel => {
            if (fittedForEscape !== undefined) return fittedForEscape;
            const capped = escapeHyperparameters(fitted.params);
            fittedForEscape = capped === fitted.params ? fitted : fitModel(layout, fitted.data, subsetRng, capped, lastEscapePosterior);
            lastEscapePosterior = fittedForEscape.observedPosterior;
            return fittedForEscape;
          };
          params = stalledProposal(escapesAt(sequence, stalledFor, d), (escape) =>
            modelProposal(fitted, escape ? escapeModel() : fitted, observedPoints, pendingPoints, escape ? undefined : regionLength, escape, rng, seen, place, (u) => decode(space, u, options)),
          )?.params;
        }
        // Nothing new found (a nearly full discrete space, or a degenerate model): a random unseen draw.
        params ??= fallbackDraw(d, rng, seen, remainder, (u) => decode(space, u, options));
        if (params === undefined) break;
        seen.add(keyOf(params));
        remainder.add(params);
        proposals.push({ sequence, params });
        const placed = place(params);
        if (placed !== undefined) pendingPoints.push({ params, features: placed.features });
        sequence += 1;
      }
      return { proposals, exhausted: remainder.exhausted };
    },
  };
}

function unseenOrUndefined(params: Params, seen: ReadonlySet<string>): Params | undefined {
  return seen.has(paramsKey(params)) ? undefined : params;
}

/** The first of a few `draw`s (unit cube) that is new and not next to a pending trial, if one is. */
function freshDraw(
  draw: () => Float64Array,
  pendingPoints: readonly Point[],
  seen: ReadonlySet<string>,
  place: (params: Params) => Placement | undefined,
  decodeU: (u: readonly number[]) => Params,
): Params | undefined {
  const minSquared = MIN_PENDING_DISTANCE ** 2;
  for (let attempt = 0; attempt < 8; attempt++) {
    const params = decodeU(Array.from(draw()));
    if (seen.has(paramsKey(params))) continue;
    const placed = place(params);
    if (placed === undefined) continue;
    if (pendingPoints.some((p) => squaredDistance(p.features, placed.features) < minSquared)) continue;
    return params;
  }
  return undefined;
}

function trainingData(layout: FeatureLayout, points: readonly { features: Float64Array; target: number }[]): TrainingData {
  const width = layout.width;
  const features = new Float64Array(points.length * width);
  points.forEach((p, i) => features.set(p.features, i * width));
  return { features, targets: Float64Array.from(points, (p) => p.target), count: points.length };
}

function squaredDistance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
  return s;
}

/** A proposal and its log expected improvement (an escape's: against the best point outside the basin). */
interface ScoredProposal {
  readonly params: Params;
  readonly score: number;
}

/**
 * The best acquisition candidate that is new and not next to a pending trial, if any. `model` is
 * the fitted model, which also measures an escape's avoided basin; `scoring` the one candidates are
 * scored with (for an escape, escapeModel.ts's; else `model` itself).
 */
function modelProposal(
  model: FittedModel,
  scoring: FittedModel,
  observedPoints: readonly { u: Float64Array; value: number; target: number }[],
  pendingPoints: readonly Point[],
  regionLength: number | undefined,
  escape: boolean,
  rng: FastRandom,
  seen: ReadonlySet<string>,
  place: (params: Params) => Placement | undefined,
  decodeU: (u: readonly number[]) => Params,
): ScoredProposal | undefined {
  const width = model.layout.width;
  const pendingFeatures = new Float64Array(pendingPoints.length * width);
  pendingPoints.forEach((p, i) => pendingFeatures.set(p.features, i * width));
  const posterior = withFantasies(scoring, pendingFeatures, pendingPoints.length);
  const n = model.data.count + pendingPoints.length;
  const work = model.layout.dimensions.length < SMALL_SPACE_DIMENSIONS ? SMALL_SPACE_WORK : EVALUATION_WORK;
  const evaluations = Math.max(300, Math.min(EVALUATION_BUDGET, Math.floor(work / (n * n + n * width))));
  const ranked = [...observedPoints].sort((a, b) => a.value - b.value);
  const center = ranked[0]?.u;
  const region = regionLength === undefined || center === undefined ? undefined : regionFor(model, center, regionLength);
  // An escape proposal (basinEscape.ts) searches outside the incumbent's basin, in a box around the
  // best point found there, against that point's value rather than the incumbent's.
  const topCount = Math.max(1, Math.ceil(ESCAPE_TOP_SHARE * ranked.length));
  const avoid = escape && center !== undefined ? incumbentBasin(ranked.slice(0, topCount).map((p) => p.u), model.params.lengthscales) : undefined;
  const outside = avoid === undefined ? ranked : ranked.filter((p) => !insideBall(avoid, p.u));
  const anchors = outside.slice(0, 5).map((p) => p.u);
  const incumbent = avoid === undefined ? model.incumbent : Math.min(...outside.map((p) => p.target), Infinity);
  const escapeCenter = anchors[0];
  const searchRegion = avoid !== undefined && escapeCenter !== undefined ? regionFor(model, escapeCenter, ESCAPE_REGION_LENGTH) : region;
  // One object literal of one shape for the search and the judging below (not a spread of a
  // smaller one): objects of several shapes made the optimised search code bail out and recompile.
  const problem = {
    layout: model.layout, posterior, incumbent: Number.isFinite(incumbent) ? incumbent : model.incumbent, avoid, anchors, evaluations, region: searchRegion,
  };
  const candidates = searchAcquisition(problem, model.layout.dimensions.length, rng);
  // Judge the best few again where they really land once decoded (integers and q-steps snapped).
  const scorer = new AcquisitionScorer(problem);
  const minSquared = MIN_PENDING_DISTANCE ** 2;
  let best: ScoredProposal | undefined;
  let judged = 0;
  for (const candidate of candidates) {
    if (judged >= 8) break;
    const params = decodeU(Array.from(candidate.u));
    if (seen.has(paramsKey(params))) continue;
    const placed = place(params);
    if (placed === undefined) continue;
    if (pendingPoints.some((p) => squaredDistance(p.features, placed.features) < minSquared)) continue;
    if (avoid !== undefined && insideBall(avoid, placed.u)) continue;
    judged += 1;
    const score = scorer.scoreFeatures(placed.features);
    if (best === undefined || score > best.score) best = { params, score };
  }
  return best;
}

/** The trust region around `center`; a choice keeps all its options (its u has no order). */
function regionFor(model: FittedModel, center: Float64Array, length: number): TrustRegion {
  const region = trustRegionAround(center, length);
  model.layout.dimensions.forEach((dim, i) => {
    if (dim.kind !== 'categorical') return;
    region.lower[i] = 0;
    region.upper[i] = 1;
  });
  return region;
}

function fallbackDraw(
  d: number, rng: FastRandom, seen: ReadonlySet<string>, remainder: DiscreteRemainder,
  decodeU: (u: readonly number[]) => Params,
): Params | undefined {
  for (let attempt = 0; attempt < 32; attempt++) {
    const u = Array.from({ length: d }, () => rng.next());
    const params = decodeU(u);
    if (!seen.has(paramsKey(params))) return params;
  }
  if (remainder.size !== undefined && !remainder.exhausted) return remainder.firstUnseenFrom(rng.next());
  return undefined;
}

